import Foundation
import Ingest

/// Reads documents and passages back out of the index for listing and showing.
public struct Library {
    let db: Database

    public init(index: Index) { db = index.db }
    init(db: Database) { self.db = db }

    static let documentColumns = """
        d.id, d.slug, d.source, d.format, d.title, d.issuer, d.kind, d.date, d.date_note, d.language, d.description,
        d.author, d.notes, (SELECT count(*) FROM passages x WHERE x.document_id = d.id) AS passages
        """

    public func documents() throws -> [DocumentSummary] {
        try db.rows("SELECT \(Self.documentColumns) FROM documents d ORDER BY d.source").map(DocumentSummary.init(row:))
    }

    public func document(id: Int) throws -> DocumentSummary? {
        try db.rows("SELECT \(Self.documentColumns) FROM documents d WHERE d.id = ?", [.int(Int64(id))]).first.map(DocumentSummary.init(row:))
    }

    static let passageSQL = """
        SELECT p.id, p.anchor, p.ordinal, p.kind, p.text, p.fields, p.line_start, p.line_end, p.page, p.language,
               p.document_id, p.section_id, s.heading, s.anchor AS section_anchor
        FROM passages p LEFT JOIN sections s ON s.id = p.section_id
        """

    public func passage(id: Int) throws -> PassageRecord? {
        guard let row = try db.rows(Self.passageSQL + " WHERE p.id = ?", [.int(Int64(id))]).first else { return nil }
        return try record(row)
    }

    public func passage(anchor: String) throws -> PassageRecord? {
        guard let row = try db.rows(Self.passageSQL + " WHERE p.anchor = ?", [.text(anchor)]).first else { return nil }
        return try record(row)
    }

    /// The passages of a section (or, for text before the first heading, of that lead-in).
    public func passages(inSectionOf p: PassageRecord) throws -> [PassageRecord] {
        let row = try db.rows("SELECT document_id, section_id FROM passages WHERE id = ?", [.int(Int64(p.id))]).first
        guard let row, let doc = row["document_id"].int else { return [p] }
        let rows: [Row]
        if let section = row["section_id"].int {
            // Through the document's passages: section ids have no index of their own.
            rows = try db.rows(Self.passageSQL + " WHERE p.document_id = ? AND p.section_id = ? ORDER BY p.ordinal",
                               [.int(Int64(doc)), .int(Int64(section))])
        } else {
            rows = try db.rows(Self.passageSQL + " WHERE p.document_id = ? AND p.section_id IS NULL ORDER BY p.ordinal", [.int(Int64(doc))])
        }
        return try rows.compactMap(record)
    }

    /// Anchors that start like `prefix`, to suggest when an anchor is not found.
    public func anchors(like prefix: String, limit: Int = 5) throws -> [String] {
        try db.rows("SELECT anchor FROM passages WHERE anchor LIKE ? ORDER BY document_id, ordinal LIMIT ?",
                    [.text(prefix + "%"), .int(Int64(limit))]).compactMap { $0["anchor"].string }
    }

    private func record(_ row: Row) throws -> PassageRecord? {
        guard let id = row["id"].int, let docID = row["document_id"].int, let doc = try cachedDocument(docID) else { return nil }
        return PassageRecord(id: id, anchor: row["anchor"].string ?? "", ordinal: row["ordinal"].int ?? 0,
                             kind: row["kind"].string ?? "paragraph", text: row["text"].string ?? "",
                             fields: FieldCoding.decode(row["fields"].string), lineStart: row["line_start"].int ?? 0,
                             lineEnd: row["line_end"].int ?? 0, page: row["page"].int, language: row["language"].string,
                             sectionHeading: row["heading"].string, sectionAnchor: row["section_anchor"].string, document: doc)
    }

    private func cachedDocument(_ id: Int) throws -> DocumentSummary? { try document(id: id) }
}
