import Foundation
import Ingest

/// A query term after analysis: its FTS5 fragment and what the scorer needs to recognise its matches.
struct PlannedTerm {
    /// `part`: the dictionary parts of a searched compound that no passage holds whole ("chatt" and "kryptering").
    enum Origin: String { case literal, synonym, part }
    var origin: Origin
    /// As shown by `--explain`.
    var display: String
    /// The lower-cased words of the term (hyphenated words joined: "zoombombning").
    var words: [String]
    /// Hyphen and letter–digit parts of those words ("zoom", "bombning"), which passages may show apart.
    var parts: [String] { words.isEmpty ? [] : ThesaurusKey.parts(display) }
    var isPrefix: Bool
    var concept: String?
    var fts: String
    /// The term by its stems alone (no folded spellings): enough when it already matches plenty.
    var coreFTS: String? = nil
}

/// One required part of a query: a word or phrase with its alternatives (OR, thesaurus synonyms).
struct PlannedGroup {
    var terms: [PlannedTerm]
    var fts: String {
        let parts = terms.map(\.fts)
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
    }
    /// The group without a compound's parts, for estimating how common it is: the parts are counted one by
    /// one, and each alone is far more common than all of them together.
    var frequencyFTS: String {
        let whole = terms.filter { $0.origin != .part }
        guard !whole.isEmpty, whole.count < terms.count else { return fts }
        return PlannedGroup(terms: whole).fts
    }
    /// Literal terms only, by their stems.
    var coreFTS: String {
        let parts = terms.filter { $0.origin == .literal }.map { $0.coreFTS ?? $0.fts }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
    }
}

/// Thesaurus look-ups the planner needs, answered from the index.
protocol SynonymSource {
    /// Concepts whose terms have one of these keys, with all of each concept's terms.
    func concepts(forKeys keys: Set<String>) -> [(concept: String, terms: [String])]
}

/// Turns a parsed query into FTS5 expressions over kb's analysed terms, expanding through the thesaurus.
struct QueryPlanner {
    let query: SearchQuery
    let analyzer: Analyzer
    let synonyms: SynonymSource?
    let languages = ["sv", "en"]
    private(set) var groups: [PlannedGroup] = []
    private(set) var excluded: [PlannedTerm] = []
    /// Function words dropped from the required terms ("av" in "pseudonymisering av e-postadress").
    private(set) var ignored: [String] = []
    /// The parts to search for a single searched word, or nil to search it whole only (see `SearchEngine`).
    let compoundParts: ((PlannedTerm) -> [String]?)?

    init(query: SearchQuery, analyzer: Analyzer, synonyms: SynonymSource?, compoundParts: ((PlannedTerm) -> [String]?)? = nil) {
        self.query = query
        self.analyzer = analyzer
        self.synonyms = synonyms
        self.compoundParts = compoundParts
        groups = planGroups()
        let isFunctionWord = { (g: PlannedGroup) -> Bool in
            g.terms.count == 1 && g.terms[0].origin == .literal && !g.terms[0].isPrefix && !g.terms[0].display.hasPrefix("\"")
                && g.terms[0].words.count == 1 && Stopwords.isQueryNoise(g.terms[0].words[0])
        }
        if groups.contains(where: { !isFunctionWord($0) }) {
            ignored = groups.filter(isFunctionWord).map { $0.terms[0].display }
            groups.removeAll(where: isFunctionWord)
        }
        excluded = query.excluded.map { literal($0) }
    }

    /// An FTS5 string: quotes doubled, on the scalars rather than through Foundation's `NSString`.
    static func quote(_ s: String) -> String {
        guard s.utf8.contains(0x22) else { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    /// The FTS5 string for a sequence of words, each position with its alternatives.
    func phraseFTS(_ words: [String], languages: [String]? = nil) -> String {
        Self.quote(words.map { analyzer.queryAlternatives($0, languages: languages ?? self.languages).joined(separator: "|") }.joined(separator: " "))
    }

    func literal(_ t: SearchQuery.Term) -> PlannedTerm {
        let words = ThesaurusKey.words(t.text)
        if t.isPrefix, let last = words.last {
            let head = words.dropLast()
            let folded = Folding.fold(last)
            var alternatives = [Self.quote(last) + " *"]
            if folded != last { alternatives.append(Self.quote(folded) + " *") }
            for written in analyzer.writtenPrefixes?(folded) ?? [] where written != last && written != folded {
                alternatives.append(Self.quote(written) + " *")
            }
            var fts = "(" + alternatives.joined(separator: " OR ") + ")"
            if !head.isEmpty { fts = "(" + phraseFTS(Array(head)) + " AND " + fts + ")" }
            return PlannedTerm(origin: .literal, display: t.text + "*", words: words, isPrefix: true, concept: nil, fts: fts)
        }
        let display = t.isPhrase ? "\"\(t.text)\"" : t.text
        let core = Self.quote(words.map { w in Array(Set(languages.map { analyzer.stem(w, language: $0) })).sorted().joined(separator: "|") }.joined(separator: " "))
        return PlannedTerm(origin: .literal, display: display, words: words, isPrefix: false, concept: nil, fts: phraseFTS(words), coreFTS: core)
    }

    /// Single plain words next to each other may together name a concept ("tredje land", "remote access").
    private func planGroups() -> [PlannedGroup] {
        var result: [PlannedGroup] = []
        let required = query.required
        var i = 0
        func isPlainWord(_ g: [SearchQuery.Term]) -> Bool { g.count == 1 && !g[0].isPhrase && !g[0].isPrefix }
        while i < required.count {
            var merged = false
            if synonyms != nil, isPlainWord(required[i]) {
                for n in stride(from: min(4, required.count - i), through: 2, by: -1) {
                    let slice = required[i..<(i + n)]
                    guard slice.allSatisfy(isPlainWord) else { continue }
                    let words = slice.flatMap { ThesaurusKey.words($0[0].text) }
                    let found = synonyms?.concepts(forKeys: ThesaurusKey.keys(words: words, analyzer: analyzer)) ?? []
                    guard !found.isEmpty else { continue }
                    let text = slice.map { $0[0].text }.joined(separator: " ")
                    let fts = "(" + words.map { phraseFTS([$0]) }.joined(separator: " AND ") + ")"
                    var group = PlannedGroup(terms: [PlannedTerm(origin: .literal, display: text, words: words, isPrefix: false, concept: nil, fts: fts)])
                    group.terms += synonymTerms(found, excludingKeys: ThesaurusKey.keys(words: words, analyzer: analyzer))
                    result.append(group)
                    i += n
                    merged = true
                    break
                }
            }
            if merged { continue }
            var group = PlannedGroup(terms: required[i].map(literal))
            for t in required[i] where !t.isPrefix {
                let keys = ThesaurusKey.keys(t.text, analyzer: analyzer)
                if let found = synonyms?.concepts(forKeys: keys), !found.isEmpty {
                    group.terms += synonymTerms(Self.preferringExact(found, t.text), excludingKeys: keys)
                }
            }
            // A Swedish compound a user writes may appear in the texts only as its parts ("chattkryptering",
            // "chattmeddelanden skyddas med kryptering"): passages holding every part answer it then.
            for t in group.terms where t.origin == .literal && !t.isPrefix && t.words.count == 1 && !t.display.hasPrefix("\"") {
                guard let parts = compoundParts?(t), parts.count >= 2 else { continue }
                // Swedish words, stemmed as Swedish only: the English stem of "server" ("serv") would find "served".
                let fts = "(" + parts.map { phraseFTS([$0], languages: ["sv"]) }.joined(separator: " AND ") + ")"
                group.terms.append(PlannedTerm(origin: .part, display: parts.joined(separator: " + "), words: parts, isPrefix: false, concept: nil, fts: fts))
            }
            result.append(group)
            i += 1
        }
        return result
    }

    /// Two concepts can share a stem ("control" and "controller" are both "control" in English): when the
    /// searched word is itself a term of some of them, those are the ones it means.
    static func preferringExact(_ found: [(concept: String, terms: [String])], _ word: String) -> [(concept: String, terms: [String])] {
        let lower = word.lowercased()
        let exact = found.filter { $0.terms.contains { $0.lowercased() == lower } }
        return exact.isEmpty ? found : exact
    }

    private func synonymTerms(_ found: [(concept: String, terms: [String])], excludingKeys: Set<String>) -> [PlannedTerm] {
        var out: [PlannedTerm] = []
        var seen = excludingKeys
        for (concept, terms) in found {
            for term in terms {
                let words = ThesaurusKey.words(term)
                let keys = ThesaurusKey.keys(words: words, analyzer: analyzer)
                guard !words.isEmpty, seen.isDisjoint(with: keys) else { continue }
                seen.formUnion(keys)
                out.append(PlannedTerm(origin: .synonym, display: term, words: words, isPrefix: false, concept: concept, fts: phraseFTS(words)))
                if out.count >= 16 { return out }
            }
        }
        return out
    }

    var exclusion: String {
        excluded.isEmpty ? "" : " NOT (" + excluded.map(\.fts).joined(separator: " OR ") + ")"
    }

    func strictExpression() -> String {
        "(" + groups.map(\.fts).joined(separator: " AND ") + ")" + exclusion
    }

    /// Every group by its literal stems only: no thesaurus synonyms, no folded spellings.
    func coreExpression() -> String {
        "(" + groups.map(\.coreFTS).joined(separator: " AND ") + ")" + exclusion
    }

    /// The groups without those at `dropped`: a partial match keeps the rarer words of a query.
    func expression(dropping dropped: Set<Int>) -> String {
        "(" + groups.indices.filter { !dropped.contains($0) }.map { groups[$0].fts }.joined(separator: " AND ") + ")" + exclusion
    }

    /// Passages matching some groups but not all; nil for one-group queries.
    func relaxedExpression() -> String? {
        guard groups.count > 1 else { return nil }
        return "(" + groups.map(\.fts).joined(separator: " OR ") + ") NOT (" + groups.map(\.fts).joined(separator: " AND ") + ")" + exclusion
    }

    /// How the query was understood, for `--explain`.
    func explanation() -> [String] {
        var lines: [String] = []
        for (i, g) in groups.enumerated() {
            let literals = g.terms.filter { $0.origin == .literal }.map(\.display).joined(separator: " OR ")
            var line = "term \(i + 1): \(literals)"
            let syn = g.terms.filter { $0.origin == .synonym }
            if !syn.isEmpty {
                let concepts = Array(Set(syn.compactMap(\.concept))).sorted().joined(separator: ", ")
                line += "  + thesaurus (\(concepts)): " + syn.map(\.display).joined(separator: ", ")
            }
            for t in g.terms where t.origin == .part { line += "  + compound parts: " + t.display }
            lines.append(line)
            for t in g.terms where t.origin == .literal { lines.append("    \(t.display) -> \(t.fts)") }
        }
        for t in excluded { lines.append("excluded: \(t.display) -> \(t.fts)") }
        if !ignored.isEmpty { lines.append("ignored function words: " + ignored.joined(separator: ", ") + " (quote a phrase to keep them)") }
        if !query.filters.isEmpty { lines.append("filters: \(query.filters.summary)") }
        return lines
    }
}

extension SearchFilters {
    var isEmpty: Bool { issuer.isEmpty && kind.isEmpty && language.isEmpty && document.isEmpty && reference.isEmpty && after == nil && before == nil }
    var summary: String {
        var parts: [String] = []
        parts += issuer.map { "issuer contains '\($0)'" }
        parts += kind.map { "kind = \($0)" }
        parts += language.map { "language = \($0)" }
        parts += document.map { "document = \($0)" }
        parts += reference.map { "cites \($0)" }
        if let after { parts.append("dated on or after \(after)") }
        if let before { parts.append("dated on or before \(before)") }
        return parts.joined(separator: "; ")
    }
}

/// Splits text into words (letters and digits) with their character offsets, for highlighting.
enum WordSplitter {
    struct Word { var text: String; var range: Range<Int> }

    /// Words without exact character offsets (ranges count scalars): for scoring, where only the order matters.
    /// Read on the UTF-8 bytes, each word cut out whole, with the word test of the ingest scanners.
    static func fastWords(_ text: String) -> [Word] {
        var out: [Word] = []
        var source = text
        source.withUTF8 { u in
            var i = 0, scalar = 0, startByte = -1, startScalar = 0
            while i < u.count {
                let (v, length) = WordScalars.decode(u, i)
                if WordScalars.isWord(v) {
                    if startByte < 0 { startByte = i; startScalar = scalar }
                } else if startByte >= 0 {
                    out.append(Word(text: String(decoding: UnsafeBufferPointer(rebasing: u[startByte..<i]), as: UTF8.self), range: startScalar..<scalar))
                    startByte = -1
                }
                i += length
                scalar += 1
            }
            if startByte >= 0 {
                out.append(Word(text: String(decoding: UnsafeBufferPointer(rebasing: u[startByte...]), as: UTF8.self), range: startScalar..<scalar))
            }
        }
        return out
    }

    /// Words with their Character offsets. When every Character is one scalar, a Character is a letter or a
    /// number exactly when its scalar is, and the scalar offsets are the Character offsets.
    static func words(_ text: String) -> [Word] {
        if text.isOneScalarPerCharacter { return fastWords(text) }
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

/// Converts Unicode scalar offsets (how references are stored) to the character offsets used for highlights.
public enum ScalarRanges {
    public static func characterRanges(_ ranges: [Range<Int>], in text: String) -> [Range<Int>] {
        guard !ranges.isEmpty else { return [] }
        var map: [Int] = []   // scalar index -> character index
        var c = 0
        for ch in text {
            for _ in ch.unicodeScalars { map.append(c) }
            c += 1
        }
        map.append(c)
        return ranges.compactMap { r in
            guard r.lowerBound < map.count, r.upperBound < map.count else { return nil }
            return map[r.lowerBound]..<max(map[r.upperBound], map[r.lowerBound] + 1)
        }
    }
}
