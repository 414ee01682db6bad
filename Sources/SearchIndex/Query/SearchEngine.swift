import Foundation
import Ingest

/// Answers searches over an index: plans the full-text expression, ranks, and marks matches.
public final class SearchEngine {
    let db: Database

    public init(index: Index) { db = index.db }

    /// Column weights for bm25: passage text first, then its section heading, then the document title.
    static let rankExpression = "bm25(passage_fts, 1.0, 0.4, 0.15)"

    public func search(_ query: SearchQuery, raw: String, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        let planner = QueryPlanner(query: query)
        let strict = planner.strictExpression()
        let (filterSQL, filterValues) = Self.filterClause(query.filters)
        let total = try count(expression: strict, filterSQL: filterSQL, filterValues: filterValues)
        var hits = try ranked(expression: strict, filterSQL: filterSQL, filterValues: filterValues, limit: limit, offset: offset, all: true)
        var relaxed = false
        if hits.count < limit, let loose = planner.relaxedExpression() {
            relaxed = true
            let looseOffset = max(0, offset - total)
            hits += try ranked(expression: loose, filterSQL: filterSQL, filterValues: filterValues,
                               limit: limit - hits.count, offset: looseOffset, all: false)
        }
        let matcher = planner.matcher()
        for i in hits.indices { hits[i].highlights = matcher.matches(in: hits[i].passage.text) }
        return SearchResults(query: raw, total: total, hits: hits, relaxed: relaxed, expression: strict)
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
        if let after = f.after { sql += " AND d.date >= ?"; values.append(.text(after)) }
        if let before = f.before { sql += " AND d.date <= ?"; values.append(.text(before + "\u{FFFF}")) }
        return (sql, values)
    }

    private func count(expression: String, filterSQL: String, filterValues: [SQLValue]) throws -> Int {
        let sql = filterSQL.isEmpty
            ? "SELECT count(*) FROM passage_fts WHERE passage_fts MATCH ?"
            : "SELECT count(*) FROM passage_fts JOIN passages p ON p.id = passage_fts.rowid JOIN documents d ON d.id = p.document_id WHERE passage_fts MATCH ?" + filterSQL
        return try db.scalar(sql, [.text(expression)] + filterValues).int ?? 0
    }

    private func ranked(expression: String, filterSQL: String, filterValues: [SQLValue], limit: Int, offset: Int, all: Bool) throws -> [SearchHit] {
        guard limit > 0 else { return [] }
        let sql = """
            SELECT passage_fts.rowid AS pid, \(Self.rankExpression) AS score
            FROM passage_fts JOIN passages p ON p.id = passage_fts.rowid JOIN documents d ON d.id = p.document_id
            WHERE passage_fts MATCH ?\(filterSQL)
            ORDER BY score LIMIT ? OFFSET ?
            """
        let rows = try db.rows(sql, [.text(expression)] + filterValues + [.int(Int64(limit)), .int(Int64(offset))])
        let library = Library(db: db)
        return try rows.compactMap { row in
            guard let pid = row["pid"].int, let passage = try library.passage(id: pid) else { return nil }
            return SearchHit(passage: passage, score: -(row["score"].double ?? 0), matchedAll: all, highlights: [])
        }
    }
}
