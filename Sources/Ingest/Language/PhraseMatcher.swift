import Foundation

/// Finds known names (organisations, statutes, cases) in text by their words, longest first.
/// A word index instead of one huge regular expression: names are looked up by their first word.
public struct PhraseMatcher: Sendable {
    struct Entry: Sendable {
        var words: [String]          // lower-cased
        var exact: [String]?         // original case, when the name must match case (acronyms)
        var genitive: Bool
        var value: Int
    }

    private var byFirst: [String: [Entry]] = [:]

    /// `caseSensitive` names (acronyms) match only as written; `genitive` lets the last word take an -s.
    public init(_ phrases: [(text: String, caseSensitive: Bool, genitive: Bool, value: Int)]) {
        for p in phrases {
            let words = Self.tokens(p.text).map(\.text)
            guard !words.isEmpty else { continue }
            byFirst[words[0].lowercased(), default: []].append(Entry(words: words.map { $0.lowercased() }, exact: p.caseSensitive ? words : nil,
                                                                    genitive: p.genitive, value: p.value))
        }
        for k in byFirst.keys { byFirst[k]!.sort { $0.words.count > $1.words.count } }
    }

    struct Token { var text: String; var range: NSRange }

    /// Words (letters and digits) with their UTF-16 ranges.
    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        var start = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            let width = scalar.value > 0xFFFF ? 2 : 1
            let v = scalar.value
            let isWord = v < 0x80 ? ((v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A))
                : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            if isWord {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                out.append(Token(text: current, range: NSRange(location: start, length: offset - start)))
                current = ""
            }
            offset += width
        }
        if !current.isEmpty { out.append(Token(text: current, range: NSRange(location: start, length: offset - start))) }
        return out
    }

    /// Non-overlapping matches, leftmost and longest first: the entry's value and the UTF-16 range it covers.
    public func matches(in text: String) -> [(value: Int, range: NSRange)] {
        let toks = Self.tokens(text)
        guard !toks.isEmpty else { return [] }
        let lower = toks.map { $0.text.lowercased() }
        var out: [(Int, NSRange)] = []
        var i = 0
        while i < toks.count {
            var matched: (Entry, Int)? = nil
            let candidates = byFirst[lower[i]] ?? (lower[i].hasSuffix("s") ? byFirst[String(lower[i].dropLast())] : nil) ?? []
            for e in candidates where i + e.words.count <= toks.count {
                var ok = true
                for k in 0..<e.words.count {
                    let w = lower[i + k], want = e.words[k]
                    let last = k == e.words.count - 1
                    if w != want && !(last && e.genitive && w == want + "s") { ok = false; break }
                    if let exact = e.exact, toks[i + k].text != exact[k] && !(last && e.genitive && toks[i + k].text == exact[k] + "s") { ok = false; break }
                }
                if ok { matched = (e, e.words.count); break }
            }
            if let (e, n) = matched {
                let first = toks[i].range, last = toks[i + n - 1].range
                out.append((e.value, NSRange(location: first.location, length: last.location + last.length - first.location)))
                i += n
            } else {
                i += 1
            }
        }
        return out
    }
}
