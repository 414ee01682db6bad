import Foundation
import Ingest

/// Answers searches over an index: plans the full-text expression, ranks, and marks matches.
public final class SearchEngine {
    let db: Database
    let analyzer = Analyzer(decompound: false)
    /// BM25 picks this many candidates; the scorer re-ranks them.
    static let rerankDepth = 100

    public init(index: Index) {
        db = index.db
        frequencies = DocumentFrequency(db: index.db)
        analyzer.writtenForms = { [db] folded in FoldedSpellings.terms(folded: folded, db: db) }
        analyzer.writtenPrefixes = { [db] folded in FoldedSpellings.prefixes(folded: folded, db: db) }
    }

    /// Column weights for ranking: passage text first, then its section heading, then the document title.
    static let columnWeights = "1.0, 0.4, 0.15"
    /// Document frequencies estimated for this search's phrases, shared by its scans.
    private var frequencies: DocumentFrequency

    struct Candidate { var id: Int; var bm25: Double; var text: String; var isHeading: Bool }

    public func search(_ query: SearchQuery, raw: String, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        var query = query
        if !query.filters.reference.isEmpty {
            // "ref:art. 46" and "ref:Schrems II" mean the canonical targets; the names table is read only here.
            let extractor = ReferenceExtractor(sources: (try? LegalSources.locate(near: [])) ?? LegalSources())
            query.filters.reference = query.filters.reference.map { ReferenceCatalog.normalise($0, extractor: extractor) }
        }
        if query.required.isEmpty { return try citing(query, raw: raw, limit: limit, offset: offset) }
        let planner = QueryPlanner(query: query, analyzer: analyzer, synonyms: ThesaurusTable(db: db, analyzer: analyzer),
                                   compoundParts: { [unowned self] in self.compoundParts($0) })
        let scorer = MatchScorer(groups: planner.groups, analyzer: analyzer)
        let (filterSQL, filterValues) = Self.filterClause(query.filters)
        // When the words themselves already match plenty, synonyms and folded spellings could only rank below
        // them: leave them out of the expression, which keeps common words fast.
        var strict = planner.strictExpression()
        var explanation = planner.explanation()
        let core = planner.coreExpression()
        var scan: Scan? = nil
        if core != strict {
            let enough = offset + limit + 40
            let coreScan = try self.scan(core, filterSQL, filterValues)
            if coreScan.matches.count >= enough {
                strict = core
                scan = coreScan
                explanation.append("the searched words match over \(enough - 1) passages: synonyms and folded spellings are not needed")
            }
        }
        let found = try scan ?? self.scan(strict, filterSQL, filterValues)
        if !found.complete {
            explanation.append("over \(Self.candidateBound) passages match: ranked among the first \(Self.candidateBound) in index order")
        }
        let total = found.complete ? found.matches.count : Self.countCap + 1
        var hits = try page(found, scorer: scorer, limit: limit, offset: offset, all: true)
        var relaxed = false
        if hits.count < limit, planner.groups.count > 1 {
            // Too few passages have every word: drop the most common word first, then the next, so partial
            // matches keep the rare, telling words (and each scan stays small).
            relaxed = true
            let byFrequency = try planner.groups.indices.sorted {
                try frequencies.matches(of: planner.groups[$0].frequencyFTS) > frequencies.matches(of: planner.groups[$1].frequencyFTS)
            }
            var shown = Set(hits.map(\.passage.id))
            var dropped = Set<Int>()
            var partial: [SearchHit] = []
            let wanted = offset + limit - total
            for g in byFrequency.dropLast() where partial.count < wanted {
                dropped.insert(g)
                var loose = try self.scan(planner.expression(dropping: dropped), filterSQL, filterValues)
                loose.matches.removeAll { shown.contains($0.id) }
                let more = try page(loose, scorer: scorer, limit: wanted - partial.count, offset: 0, all: false)
                partial += more
                shown.formUnion(more.map(\.passage.id))
                explanation.append("partial matches without: " + byFrequency.filter(dropped.contains).map { planner.groups[$0].terms.first?.display ?? "" }.joined(separator: ", "))
            }
            // Still short: any of the words, as ranked by the scorer.
            if partial.count < wanted, let any = planner.relaxedExpression() {
                var loose = try self.scan(any, filterSQL, filterValues)
                loose.matches.removeAll { shown.contains($0.id) }
                partial += try page(loose, scorer: scorer, limit: wanted - partial.count, offset: 0, all: false)
            }
            // A later, looser scan can find passages with more of the words than an earlier one kept (the words
            // it required may all be rare, or one word alone): partial matches go by how much of the query they
            // show, each word weighed by its rarity; the scans' order stays within equal shares.
            let weights = try planner.groups.map { try frequencies.idf(ofGroup: $0.frequencyFTS) }
            let shares = partial.map { hit in
                // The words as the scans matched them: in the passage, its heading or its document's title.
                let p = hit.passage
                let seen = [p.text, p.sectionHeading ?? "", p.document.title].joined(separator: "\n")
                return zip(scorer.score(seen, bm25: 0, highlight: false).shown, weights).reduce(0.0) { $0 + $1.0 * $1.1 }
            }
            partial = partial.indices.sorted { shares[$0] != shares[$1] ? shares[$0] > shares[$1] : $0 < $1 }.map { partial[$0] }
            hits += partial.dropFirst(max(0, offset - total)).prefix(limit - hits.count)
        }
        var suggestions: [String] = []
        if hits.isEmpty { suggestions = try suggest(for: query) }
        return SearchResults(query: raw, total: total, hits: hits, relaxed: relaxed, expression: strict,
                             explanation: explanation, suggestions: suggestions)
    }

    /// The dictionary parts of a searched Swedish compound that no passage holds whole ("chattkryptering" →
    /// chatt, kryptering), or nil. A word found whole is never split: its own passages are what was asked
    /// for, and splitting it would reorder every search that uses it; the dictionary (megabytes) is read
    /// only for such a word.
    private func compoundParts(_ term: PlannedTerm) -> [String]? {
        guard let word = term.words.first, word.unicodeScalars.count >= Decompounder.minWord,
              ((try? frequencies.matches(of: term.fts)) ?? 1) == 0,
              let dictionary = Decompounder.shared, !dictionary.contains(Substring(word)),
              let ranges = dictionary.split(word), ranges.count >= 2 else { return nil }
        let bytes = Array(word.utf8)
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Matches read in index order, each with its BM25 score; `complete` when every match was read.
    struct Scan {
        var matches: [(id: Int, bm25: Double)]
        var complete: Bool
    }

    /// At most this many matches are read and ranked: a very common word matches hundreds of thousands of
    /// passages, and scoring them all is what makes a search slow. Below the bound, ranking and count are exact.
    public static let candidateBound = 1_000

    /// Reads the matches of an expression in rowid order, stopping at the bound; no text is read here.
    private func scan(_ expression: String, _ filterSQL: String, _ filterValues: [SQLValue]) throws -> Scan {
        let idf = RankFunction.idfBlob(try frequencies.idf(for: expression))
        let rank = "kbrank(passage_fts, \(Self.columnWeights), ?1)"
        let sql = filterSQL.isEmpty
            ? "SELECT rowid, \(rank) FROM passage_fts WHERE passage_fts MATCH ? LIMIT ?"
            : """
              SELECT passage_fts.rowid, \(rank) FROM passage_fts
              JOIN passages p ON p.id = passage_fts.rowid JOIN documents d ON d.id = p.document_id
              WHERE passage_fts MATCH ?\(filterSQL) LIMIT ?
              """
        let statement = try db.prepare(sql)
        try statement.bind([.null, .text(expression)] + filterValues + [.int(Int64(Self.candidateBound + 1))])
        try statement.bindBlob(1, idf)
        var matches: [(id: Int, bm25: Double)] = []
        matches.reserveCapacity(256)
        while try statement.step() {
            guard let id = statement.column(0).int else { continue }
            matches.append((id, statement.column(1).double ?? 0))
        }
        let complete = matches.count <= Self.candidateBound
        if !complete { matches.removeLast() }
        return Scan(matches: matches, complete: complete)
    }

    /// One page of hits: the BM25 top candidates re-ranked by the scorer; deeper pages keep BM25 order.
    private func page(_ scan: Scan, scorer: MatchScorer, limit: Int, offset: Int, all: Bool) throws -> [SearchHit] {
        guard limit > 0, offset < scan.matches.count else { return [] }
        // BM25 picks the candidates; only the best few are worth the closer look, and only theirs is text read.
        let rerank = max(40, min(Self.rerankDepth, 3 * (offset + limit)))
        let depth = max(rerank, offset + limit)
        let ranked = scan.matches.sorted { $0.bm25 != $1.bm25 ? $0.bm25 > $1.bm25 : $0.id < $1.id }.prefix(depth)
        let texts = try db.prepare("SELECT text, (kind = 'heading' OR (kind = 'table-row' AND fields IS NULL)) FROM passages WHERE id = ?")
        var candidates: [Candidate] = []
        for m in ranked.prefix(rerank) {
            try texts.bind([.int(Int64(m.id))])
            if try texts.step() {
                candidates.append(Candidate(id: m.id, bm25: m.bm25, text: texts.column(0).string ?? "", isHeading: texts.column(1).int == 1))
            }
            texts.reset()
        }
        let maxBM25 = candidates.map(\.bm25).max() ?? 1
        var scored = candidates.map { c -> (Candidate, MatchScorer.Result) in
            var result = scorer.score(c.text, bm25: maxBM25 > 0 ? c.bm25 / maxBM25 : 0, highlight: false)
            // A bare heading says less than the passages under it, which carry its words in their heading column;
            // one that asks ("Vad är attention tracking?") holds the searched words because it is the question,
            // and the passages under it are the answer a search is after.
            if c.isHeading { result.score -= c.text.utf8.last == UInt8(ascii: "?") ? 0.5 : 0.15 }
            return (c, result)
        }
        scored.sort { $0.1.score != $1.1.score ? $0.1.score > $1.1.score : $0.0.id < $1.0.id }
        let rest = ranked.dropFirst(rerank).map { m in
            (Candidate(id: m.id, bm25: m.bm25, text: "", isHeading: false), MatchScorer.Result(score: 0, highlights: []))
        }
        let ordered = scored + rest
        guard offset < ordered.count else { return [] }
        let library = Library(db: db)
        return try ordered[offset..<min(ordered.count, offset + limit)].compactMap { c, result in
            guard let passage = try library.passage(id: c.id) else { return nil }
            return SearchHit(passage: passage, score: result.score, matchedAll: all, highlights: scorer.score(passage.text, bm25: 0).highlights)
        }
    }

    /// A query of filters only (`ref:X`): the citing passages in document order.
    private func citing(_ query: SearchQuery, raw: String, limit: Int, offset: Int) throws -> SearchResults {
        let (filterSQL, values) = Self.filterClause(query.filters)
        let from = "FROM passages p JOIN documents d ON d.id = p.document_id WHERE 1" + filterSQL
        let total = try db.scalar("SELECT count(*) " + from, values).int ?? 0
        let rows = try db.rows("SELECT p.id " + from + " ORDER BY d.date, d.id, p.ordinal LIMIT ? OFFSET ?",
                               values + [.int(Int64(limit)), .int(Int64(offset))])
        let library = Library(db: db)
        let refs = try db.prepare("SELECT start, end FROM refs WHERE passage_id = ?")
        let hits: [SearchHit] = try rows.compactMap { r in
            guard let id = r[0].int, let p = try library.passage(id: id) else { return nil }
            try refs.bind([.int(Int64(id))])
            var ranges: [Range<Int>] = []
            while try refs.step() { if let a = refs.column(0).int, let b = refs.column(1).int, a < b { ranges.append(a..<b) } }
            refs.reset()
            return SearchHit(passage: p, score: 0, matchedAll: true, highlights: ScalarRanges.characterRanges(ranges, in: p.text))
        }
        return SearchResults(query: raw, total: total, hits: hits, relaxed: false, expression: "",
                             explanation: ["filters: \(query.filters.summary)"], suggestions: [])
    }

    static func filterClause(_ f: SearchFilters) -> (String, [SQLValue]) {
        var sql = ""
        var values: [SQLValue] = []
        func anyOf(_ items: [String], _ column: String, like: Bool = false) {
            guard !items.isEmpty else { return }
            let parts = items.map { _ in like ? "\(column) LIKE ? ESCAPE '\\'" : "\(column) = ?" }
            sql += " AND (" + parts.joined(separator: " OR ") + ")"
            values += items.map { like ? .text("%" + $0.replacingOccurrences(of: "%", with: "\\%") + "%") : .text($0) }
        }
        anyOf(f.issuer, "d.issuer", like: true)
        anyOf(f.kind, "d.kind")
        anyOf(f.language, "coalesce(p.language, d.language)")
        if !f.document.isEmpty {
            sql += " AND (" + f.document.map { _ in "d.slug = ? OR d.source LIKE ?" }.joined(separator: " OR ") + ")"
            for d in f.document { values += [.text(d), .text("%/" + d + "%")] }
        }
        for r in f.reference {
            let (clause, v) = ReferenceCatalog.targetClause(r, column: "x.target")
            sql += " AND p.id IN (SELECT x.passage_id FROM refs x WHERE \(clause))"
            values += v
        }
        if let asOf = f.asOf { sql += " AND (d.date IS NULL OR d.date <= ?)"; values.append(.text(asOf + "\u{FFFF}")) }
        if let after = f.after { sql += " AND d.date >= ?"; values.append(.text(after)) }
        if let before = f.before { sql += " AND d.date <= ?"; values.append(.text(before + "\u{FFFF}")) }
        return (sql, values)
    }

    /// Counting stops here: beyond it the total is reported as "at least" (`totalCapped`).
    public static let countCap = candidateBound

    /// Indexed terms within two edits of each query word, most frequent first: "did you mean".
    func suggest(for query: SearchQuery) throws -> [String] {
        try db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_vocab USING fts5vocab(main, passage_fts, row)")
        var out: [String] = []
        for term in query.required.flatMap({ $0 }) where !term.isPhrase {
            for word in ThesaurusKey.words(term.text) {
                let stem = analyzer.stem(word, language: "sv")
                guard stem.count >= 3 else { continue }
                // Terms that begin like the word: first its first two letters, or its first and third (a second
                // letter dropped or swapped); only when none is close, every term with its first letter. The
                // vocabulary reads each listed term's postings to count them: a one-letter range cost a large
                // index a fifth of a second.
                let letters = Array(stem)
                var narrow = [String(letters[0...1])]
                if String(letters[0]) + String(letters[2]) != narrow[0] { narrow.append(String(letters[0]) + String(letters[2])) }
                var close: [(String, Int)] = []
                for heads in [narrow, [String(letters[0])]] where close.isEmpty {
                    for head in heads {
                        close += try db.rows("SELECT term, doc FROM temp.passage_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
                                             [.text(head), .text(head + "\u{10FFFF}"), .int(Int64(stem.count - 2)), .int(Int64(stem.count + 2))])
                            .compactMap { r -> (String, Int)? in
                                guard let t = r[0].string, t != stem, EditDistance.within(t, stem, 2) else { return nil }
                                return (t, r[1].int ?? 0)
                            }
                    }
                }
                close.sort { $0.1 > $1.1 }
                if let best = close.first?.0, !out.contains(best) { out.append(best) }
            }
        }
        return out
    }
}

/// The thesaurus as stored in the index.
struct ThesaurusTable: SynonymSource {
    let db: Database
    let analyzer: Analyzer

    func concepts(forKeys keys: Set<String>) -> [(concept: String, terms: [String])] {
        guard !keys.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ",")
        guard let ids = try? db.rows("SELECT DISTINCT concept FROM thesaurus_terms WHERE key IN (\(placeholders)) ORDER BY concept",
                                     keys.sorted().map { .text($0) }).compactMap({ $0[0].string }), !ids.isEmpty else { return [] }
        return ids.map { id in
            let terms = (try? db.rows("SELECT DISTINCT term FROM thesaurus_terms WHERE concept = ? ORDER BY language DESC, length(term), term",
                                      [.text(id)]).compactMap { $0[0].string }) ?? []
            return (id, terms)
        }
    }
}

/// Bounded Levenshtein distance, for suggestions.
enum EditDistance {
    static func within(_ a: String, _ b: String, _ limit: Int) -> Bool {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > limit { return false }
        var prev = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var cur = [i] + Array(repeating: 0, count: y.count)
            var rowMin = cur[0]
            for j in 1...max(y.count, 1) where !y.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return false }
            prev = cur
        }
        return prev[y.count] <= limit
    }
}
