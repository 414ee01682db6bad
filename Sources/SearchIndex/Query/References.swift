import Foundation
import Ingest

/// A reference target with how widely it is cited.
public struct ReferenceTarget: Sendable {
    public var target: String
    public var kind: String
    public var label: String
    public var passages: Int
    public var documents: Int
    /// Documents in the index that are this target (a decision with this diary number, a judgment with this case number).
    public var resolvesTo: [String]
}

/// One place a reference was read, with its exact surface text and offsets.
public struct ReferenceOccurrence: Sendable {
    public var target: String
    public var kind: String
    public var label: String
    public var surface: String
    public var start: Int
    public var end: Int
    public var passage: PassageRecord
}

/// Answers "who cites what": reference targets, their occurrences, and the documents linked by them.
public struct ReferenceCatalog {
    let db: Database
    public init(index: Index) { db = index.db }

    public func targets(kind: String? = nil) throws -> [ReferenceTarget] {
        var sql = """
            SELECT r.target, r.kind, min(r.label) AS label, count(DISTINCT r.passage_id) AS passages, count(DISTINCT r.document_id) AS documents,
                   (SELECT group_concat(d.slug, ' ') FROM document_identity i JOIN documents d ON d.id = i.document_id WHERE i.target = r.target) AS docs
            FROM refs r
            """
        var values: [SQLValue] = []
        if let kind { sql += " WHERE r.kind = ?"; values.append(.text(kind)) }
        sql += " GROUP BY r.target, r.kind ORDER BY documents DESC, passages DESC, r.target"
        return try db.rows(sql, values).map { r in
            ReferenceTarget(target: r[0].string ?? "", kind: r[1].string ?? "", label: r[2].string ?? "", passages: r[3].int ?? 0,
                            documents: r[4].int ?? 0, resolvesTo: (r[5].string ?? "").split(separator: " ").map(String.init))
        }
    }

    /// Occurrences of targets matching `target` (itself and its sub-provisions), or of all targets.
    public func occurrences(target: String? = nil, kind: String? = nil, limit: Int = 100_000) throws -> [ReferenceOccurrence] {
        var sql = "SELECT target, kind, label, surface, start, end, passage_id FROM refs WHERE 1"
        var values: [SQLValue] = []
        if let target {
            let (clause, v) = Self.targetClause(target, column: "target")
            sql += " AND " + clause
            values += v
        }
        if let kind { sql += " AND kind = ?"; values.append(.text(kind)) }
        sql += " ORDER BY document_id, passage_id, start LIMIT ?"
        values.append(.int(Int64(limit)))
        let library = Library(db: db)
        return try db.rows(sql, values).compactMap { r in
            guard let pid = r[6].int, let passage = try library.passage(id: pid) else { return nil }
            let start = r[4].int ?? 0, end = r[5].int ?? 0
            let surface = r[3].string.flatMap { $0.isEmpty ? nil : $0 } ?? ReferenceText.derive(Array(passage.text.unicodeScalars), start: start, end: end)
            return ReferenceOccurrence(target: r[0].string ?? "", kind: r[1].string ?? "", label: r[2].string ?? "",
                                       surface: surface, start: start, end: end, passage: passage)
        }
    }

    /// The references read in one passage.
    public func occurrences(inPassage id: Int) throws -> [(target: String, kind: String, surface: String, start: Int, end: Int)] {
        let rows = try db.rows("""
            SELECT r.target, r.kind, r.surface, r.start, r.end, p.text FROM refs r JOIN passages p ON p.id = r.passage_id
            WHERE r.passage_id = ? ORDER BY r.start
            """, [.int(Int64(id))])
        var scalars: [Unicode.Scalar]? = nil
        return rows.map { r in
            let start = r[3].int ?? 0, end = r[4].int ?? 0
            var surface = r[2].string ?? ""
            if surface.isEmpty {
                if scalars == nil { scalars = Array((r[5].string ?? "").unicodeScalars) }
                surface = ReferenceText.derive(scalars ?? [], start: start, end: end)
            }
            return (r[0].string ?? "", r[1].string ?? "", surface, start, end)
        }
    }

    /// A target and everything under it: "GDPR art. 46" also matches "GDPR art. 46(2)(c)"; "SFS 2009:400" its provisions.
    static func targetClause(_ target: String, column: String) -> (String, [SQLValue]) {
        ("(\(column) = ? COLLATE NOCASE OR \(column) LIKE ? OR \(column) LIKE ?)",
         [.text(target), .text(target + "(%"), .text(target + " %")])
    }

    /// Reads what the user typed ("Article 46", "art. 28(3)", "Schrems II", "OSL") as a canonical target.
    public static func normalise(_ text: String, extractor: ReferenceExtractor) -> String {
        var context = ReferenceExtractor.DocumentContext()
        context.aboutGDPR = true
        if let first = extractor.extract(text, context: &context).first { return first.target }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Documents this document cites that are in the index, and documents citing it.
    public func links(documentID: Int) throws -> (cites: [String], citedBy: [String]) {
        let cites = try db.rows("""
            SELECT DISTINCT d.slug FROM passages p JOIN refs r ON r.passage_id = p.id JOIN document_identity i ON i.target = r.target
            JOIN documents d ON d.id = i.document_id
            WHERE p.document_id = ? AND i.document_id != ? ORDER BY d.slug
            """, [.int(Int64(documentID)), .int(Int64(documentID))]).compactMap { $0[0].string }
        let citedBy = try db.rows("""
            SELECT DISTINCT d.slug FROM document_identity i JOIN refs r ON r.target = i.target JOIN documents d ON d.id = r.document_id
            WHERE i.document_id = ? AND r.document_id != ? ORDER BY d.slug
            """, [.int(Int64(documentID)), .int(Int64(documentID))]).compactMap { $0[0].string }
        return (cites, citedBy)
    }
}

/// The words a reference was read from: its span of the passage (offsets in Unicode scalars).
enum ReferenceText {
    static func derive(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> String {
        guard start >= 0, start <= end, end <= scalars.count else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
