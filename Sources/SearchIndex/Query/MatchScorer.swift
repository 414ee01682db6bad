import Foundation
import Ingest

/// Re-ranks candidates that BM25 found: literal forms above stems, stems above compound parts and
/// folded spellings, those above a searched compound's parts written apart, and those above thesaurus
/// synonyms; query words close together rank higher.
struct MatchScorer {
    /// How well one passage word matches a group, best first.
    enum Level: Double { case exact = 1.0, stem = 0.85, part = 0.7, folded = 0.6, pieces = 0.5, synonym = 0.45 }

    struct GroupMatcher {
        var exact: Set<String> = []
        var stems: Set<String> = []
        var folds: Set<String> = []
        var prefixes: [String] = []
        var synonymStems: Set<String> = []
        var synonymExact: Set<String> = []
        /// Folded literal stems long enough to be a compound's first or last part.
        var partStems: [String] = []
        /// Words that count only together: the parts of a searched compound that passages hold apart, and the
        /// words of a thesaurus phrase ("transfer of personal data": "personal" alone matches nothing).
        var sets: [PieceSet] = []
        var pieceForms: Set<String> { Set(sets.flatMap { $0.pieces.flatMap(\.forms) }) }
    }

    /// One word of such a set: its folded stems, and those long enough to be found inside other compounds
    /// ("chatt" in "chattmeddelanden").
    struct Piece { var forms: Set<String>; var inner: [String] }
    /// Words a passage must hold all of, and the level they then match at.
    struct PieceSet { var pieces: [Piece]; var level: Level }

    let groups: [GroupMatcher]
    let analyzer: Analyzer
    /// Per passage word, shared across the candidates of one search: its stems and folded form.
    /// Looked up by the word's bytes: a `String` key is hashed and compared through Unicode normalisation, which
    /// cost more than most look-ups saved. An entry depends only on the word's bytes.
    final class StemCache {
        let table = ByteKeyTable()
        var entries: [Entry] = []
    }
    /// What the scorer needs of one passage word, computed once per search.
    /// `relevant` is false for a word that cannot match any group: it is neither stemmed nor compared.
    struct Entry { var lower: String; var stems: [String]; var folded: String; var foldedStems: [String]; var relevant = true }

    func entry(_ word: String) -> Entry {
        var bytes = word
        return bytes.withUTF8 { key in
            let h = ByteKeyTable.hash(key)
            if let hit = cache.table.value(for: key, hash: h) { return cache.entries[Int(hit)] }
            let e = makeEntry(word)
            cache.table.insert(key, hash: h, value: Int32(cache.entries.count))
            cache.entries.append(e)
            return e
        }
    }

    private func makeEntry(_ word: String) -> Entry {
        let lw = word.fastLowercased
        let folded = Folding.fold(lw)
        guard mayMatch(folded) else { return Entry(lower: lw, stems: [], folded: folded, foldedStems: [], relevant: false) }
        let stems = ["sv", "en"].map { analyzer.stem(lw, language: $0) }
        return Entry(lower: lw, stems: stems, folded: folded, foldedStems: stems.map(Folding.fold))
    }
    let cache = StemCache()

    /// The first letters (up to `openingLength`) of every folded form a group accepts. Snowball stems only
    /// change a word's ending, so a passage word whose opening is not among them matches no form, except as
    /// a compound holding a searched part (`parts`). Most words of a passage are dismissed by this test.
    let openings: Set<String>
    /// Compound parts less their last letter (a stem may end differently from the word: "company" → "compani").
    let parts: [String]
    static let openingLength = 3

    static func opening(_ folded: String) -> String { String(folded.unicodeScalars.prefix(openingLength)) }

    func mayMatch(_ folded: String) -> Bool {
        var prefix = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars.prefix(Self.openingLength) {
            prefix.append(scalar)
            if openings.contains(String(prefix)) { return true }
        }
        guard !parts.isEmpty else { return false }
        let hay = Haystack(folded)
        return parts.contains(where: hay.contains)
    }

    init(groups planned: [PlannedGroup], analyzer: Analyzer) {
        self.analyzer = analyzer
        groups = planned.map { g in
            var m = GroupMatcher()
            // Function words ("av", "the") mark nothing, unless the term is nothing else.
            let meaningful = g.terms.flatMap(\.words).contains { !Stopwords.isQueryNoise($0) }
            for t in g.terms {
                let kept = t.words.filter { !(meaningful && Stopwords.isQueryNoise($0)) }
                // The words of a searched phrase or concept ("särskilda kategorier av personuppgifter") count only
                // together, as a synonym's do: "personuppgifter" alone is not the phrase.
                let literalPhrase = t.origin == .literal && !t.isPrefix && kept.count > 1
                if t.origin == .part || (t.origin == .synonym && kept.count > 1) || literalPhrase {
                    let pieces = kept.map { w -> Piece in
                        let folded = ["sv", "en"].map { Folding.fold(analyzer.stem(w, language: $0)) }
                        return t.origin == .part ? Piece(forms: Set(folded), inner: folded.filter { $0.count >= 4 })
                                                 : Piece(forms: Set(folded + [Folding.fold(w)]), inner: [])
                    }
                    let level: Level = t.origin == .part ? .pieces : literalPhrase ? .exact : .synonym
                    if !pieces.isEmpty { m.sets.append(PieceSet(pieces: pieces, level: level)) }
                    continue
                }
                for (i, w) in t.words.enumerated() where !(meaningful && Stopwords.isQueryNoise(w)) {
                    if t.isPrefix && i == t.words.count - 1 { m.prefixes.append(w); m.prefixes.append(Folding.fold(w)); continue }
                    let stems = ["sv", "en"].map { analyzer.stem(w, language: $0) }
                    if t.origin == .literal {
                        m.exact.insert(w)
                        if i == 0 { m.exact.formUnion(t.parts) }
                        m.stems.formUnion(stems)
                        m.folds.formUnion(stems.map(Folding.fold))
                        for st in stems.map(Folding.fold) where st.count >= 4 && !m.partStems.contains(st) { m.partStems.append(st) }
                    } else {
                        m.synonymExact.insert(w)
                        m.synonymStems.formUnion(stems.map(Folding.fold))
                    }
                }
            }
            return m
        }
        var openings = Set<String>()
        for m in groups {
            for form in [m.exact, m.stems, m.folds, m.pieceForms, m.synonymExact, m.synonymStems].joined() { openings.insert(Self.opening(Folding.fold(form.fastLowercased))) }
            for form in m.prefixes { openings.insert(Self.opening(Folding.fold(form.fastLowercased))) }
        }
        self.openings = openings
        parts = Array(Set(groups.flatMap { $0.partStems + $0.sets.flatMap { $0.pieces.flatMap(\.inner) } }.map { String($0.dropLast()) }))
    }

    struct Result {
        var score: Double
        var highlights: [Range<Int>]
        /// How much of each of the query's groups the text shows, by group index: 1 for a match, the share of
        /// a searched phrase's words for part of one ("measures" of "supplementary measures"), else 0.
        var shown: [Double] = []
    }

    /// Scores a candidate; highlights (character offsets) are computed only when asked, for the shown page.
    func score(_ text: String, bm25 normalised: Double, highlight: Bool = true) -> Result {
        let words = highlight ? WordSplitter.words(text) : WordSplitter.fastWords(text)
        var best = [Double](repeating: 0, count: groups.count)
        var positions = [[Int]](repeating: [], count: groups.count)
        var highlights: [Range<Int>] = []
        // Per group and set, the words of the set seen and where: they count only all together.
        var piecesSeen = groups.map { [Set<Int>](repeating: [], count: $0.sets.count) }
        var pieceWords = groups.map { [[(index: Int, range: Range<Int>)]](repeating: [], count: $0.sets.count) }
        for (index, word) in words.enumerated() {
            let e = entry(word.text)
            guard e.relevant else { continue }
            var matched = false
            for (g, m) in groups.enumerated() {
                // A set's words count wherever they are, also when they match the group better on their own.
                for (k, set) in m.sets.enumerated() {
                    let seen = pieces(e, set)
                    if !seen.isEmpty { piecesSeen[g][k].formUnion(seen); pieceWords[g][k].append((index, word.range)) }
                }
                guard let level = level(e, m) else { continue }
                matched = true
                best[g] = max(best[g], level.rawValue)
                positions[g].append(index)
            }
            if matched { highlights.append(word.range) }
        }
        var completed = false
        for (g, m) in groups.enumerated() {
            for (k, set) in m.sets.enumerated() where piecesSeen[g][k].count == set.pieces.count {
                best[g] = max(best[g], set.level.rawValue)
                positions[g] = (positions[g] + pieceWords[g][k].map(\.index)).sorted()
                highlights += pieceWords[g][k].map(\.range)
                completed = true
            }
        }
        if completed {
            highlights = Array(Set(highlights.map { [$0.lowerBound, $0.upperBound] })).map { $0[0]..<$0[1] }.sorted { $0.lowerBound < $1.lowerBound }
        }
        let coverage = groups.isEmpty ? 0 : best.reduce(0, +) / Double(groups.count)
        return Result(score: 0.5 * normalised + coverage + 0.3 * proximity(positions), highlights: highlights,
                      shown: groups.indices.map { g in
                          best[g] > 0 ? 1 : zip(groups[g].sets, piecesSeen[g]).reduce(0.0) { partial, pair in
                              pair.0.level == .exact ? max(partial, Double(pair.1.count) / Double(pair.0.pieces.count)) : partial
                          }
                      })
    }

    private func level(_ entry: Entry, _ m: GroupMatcher) -> Level? {
        let lw = entry.lower
        if m.exact.contains(lw) { return .exact }
        if !m.prefixes.isEmpty, m.prefixes.contains(where: { lw.hasPrefix($0) || entry.folded.hasPrefix($0) }) { return .exact }
        let s = entry.stems
        if s.contains(where: m.stems.contains) { return .stem }
        // A compound: a searched stem as its first or last part ("tredjelands|överföringar"), beside another
        // part of at least three letters ("count" is not a part of "account").
        if entry.folded.utf8.count >= 7 {
            let f = entry.folded, fs = entry.foldedStems
            let n = f.utf8.count
            for p in m.partStems {
                let rest = n - p.utf8.count
                if (rest >= 3 && (f.hasPrefix(p) || f.hasSuffix(p))) || fs.contains(where: { $0.utf8.count - p.utf8.count >= 3 && $0.hasSuffix(p) }) {
                    return .part
                }
            }
        }
        if entry.foldedStems.contains(where: m.folds.contains) { return .folded }
        if m.synonymExact.contains(lw) || entry.foldedStems.contains(where: m.synonymStems.contains) { return .synonym }
        return nil
    }

    /// Which words of a set a passage word shows, alone or (a compound's part) inside a compound of its own.
    private func pieces(_ entry: Entry, _ set: PieceSet) -> Set<Int> {
        var seen = Set<Int>()
        for (i, piece) in set.pieces.enumerated() {
            if piece.forms.contains(entry.folded) || entry.foldedStems.contains(where: piece.forms.contains) { seen.insert(i); continue }
            guard entry.folded.utf8.count >= 7 else { continue }
            let f = entry.folded, fs = entry.foldedStems
            if piece.inner.contains(where: { p in f.hasPrefix(p) || f.hasSuffix(p) || fs.contains(where: { $0.hasSuffix(p) }) }) { seen.insert(i) }
        }
        return seen
    }

    /// 1 when one match of every group sits side by side, falling towards 0 as they spread.
    private func proximity(_ positions: [[Int]]) -> Double {
        guard positions.count > 1, positions.allSatisfy({ !$0.isEmpty }) else { return 0 }
        var events: [(Int, Int)] = []
        for (g, ps) in positions.enumerated() { for p in ps { events.append((p, g)) } }
        events.sort { $0.0 < $1.0 }
        var counts = [Int](repeating: 0, count: positions.count)
        var covered = 0, left = 0, bestSpan = Int.max
        for right in events.indices {
            let g = events[right].1
            if counts[g] == 0 { covered += 1 }
            counts[g] += 1
            while covered == positions.count {
                bestSpan = min(bestSpan, events[right].0 - events[left].0 + 1)
                let lg = events[left].1
                counts[lg] -= 1
                if counts[lg] == 0 { covered -= 1 }
                left += 1
            }
        }
        return bestSpan == Int.max ? 0 : Double(positions.count) / Double(bestSpan)
    }
}
