import Foundation

/// Turns a parsed query into FTS5 expressions: strict (every group) and relaxed (any group).
struct QueryPlanner {
    var query: SearchQuery

    static func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    func termExpression(_ t: SearchQuery.Term) -> String {
        Self.quote(t.text) + (t.isPrefix ? " *" : "")
    }

    func groupExpression(_ group: [SearchQuery.Term]) -> String {
        let parts = group.map(termExpression)
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
    }

    var exclusion: String {
        query.excluded.isEmpty ? "" : " NOT (" + query.excluded.map(termExpression).joined(separator: " OR ") + ")"
    }

    func strictExpression() -> String {
        "(" + query.required.map(groupExpression).joined(separator: " AND ") + ")" + exclusion
    }

    /// Any group, minus what the strict expression already returned; nil when there is nothing to relax.
    func relaxedExpression() -> String? {
        guard query.required.count > 1 else { return nil }
        let any = "(" + query.required.map(groupExpression).joined(separator: " OR ") + ")"
        return any + " NOT (" + query.required.map(groupExpression).joined(separator: " AND ") + ")" + exclusion
    }

    func matcher() -> TermMatcher {
        TermMatcher(terms: query.required.flatMap { $0 })
    }
}

/// Finds the words of a passage that a query's terms match, for highlighting.
struct TermMatcher {
    var words: Set<String> = []
    var prefixes: [String] = []

    init(terms: [SearchQuery.Term]) {
        for t in terms {
            let parts = WordSplitter.words(t.text).map { $0.text.lowercased() }
            if t.isPrefix, let last = parts.last {
                prefixes.append(last)
                words.formUnion(parts.dropLast())
            } else {
                words.formUnion(parts)
            }
        }
    }

    func matches(in text: String) -> [Range<Int>] {
        WordSplitter.words(text).compactMap { w in
            let lower = w.text.lowercased()
            if words.contains(lower) || prefixes.contains(where: { lower.hasPrefix($0) }) { return w.range }
            return nil
        }
    }
}

/// Splits text into words (letters and digits) with their character offsets.
enum WordSplitter {
    struct Word { var text: String; var range: Range<Int> }

    static func words(_ text: String) -> [Word] {
        var out: [Word] = []
        var current = ""
        var start = 0
        var i = 0
        for ch in text {
            if ch.isLetter || ch.isNumber {
                if current.isEmpty { start = i }
                current.append(ch)
            } else if !current.isEmpty {
                out.append(Word(text: current, range: start..<i))
                current = ""
            }
            i += 1
        }
        if !current.isEmpty { out.append(Word(text: current, range: start..<i)) }
        return out
    }
}
