import Foundation
import Ingest

/// What writing a document did to the index.
public enum WriteOutcome: String, Sendable {
    case added, replaced, unchanged, renamed, removed
}

/// Writes documents and their sections and passages; the single writer of an index.
public final class IndexWriter {
    let index: Index
    var db: Database { index.db }

    /// The refresh whose changes are being written, for the record of removed passages.
    public var refreshID: Int?

    /// Numbers for concept names, kept across documents.
    let concepts: ConceptCodes

    /// Sources whose document rows this writer may have changed: what `KnownFiles.save` re-reads.
    var touched = TouchedSources()

    /// The batch's full-text rows, inserted when the batch ends, outside the documents' savepoints: this
    /// SQLite's FTS5 writes its pending terms out as a new segment at every savepoint and release, so rows
    /// inserted inside a savepoint per document made a segment per document, and merging those segments
    /// was most of a bulk load's SQLite work.
    private var pendingFullText: [FullTextRow] = []
    struct FullTextRow { var rowid: Int64; var values: FullTextValues.Row; var prepared: [PreparedTokens]? }

    public init(index: Index) {
        self.index = index
        concepts = ConceptCodes(db: index.db)
    }

    /// Writes one document inside a savepoint, replacing an earlier version from the same source.
    /// Passages whose text is unchanged keep their anchors, so earlier citations still resolve; an old anchor
    /// never comes to point at different text. Must run inside a transaction (see `batch`).
    public func write(_ doc: IngestedDocument) throws -> WriteOutcome {
        try write(doc, prepared: nil)
    }

    /// The same, with the terms of its full-text values already worked out (`FullTextValues.prepare`).
    func write(_ doc: IngestedDocument, prepared: [[PreparedTokens]]?) throws -> WriteOutcome {
        touched.insert(doc.source)
        let mark = pendingFullText.count
        do { return try writeDocument(doc, prepared: prepared) } catch {
            pendingFullText.removeSubrange(mark...)
            concepts.forget()
            throw error
        }
    }

    private func writeDocument(_ doc: IngestedDocument, prepared: [[PreparedTokens]]?) throws -> WriteOutcome {
        try db.savepoint("doc") {
            let existing = try db.rows("SELECT id, content_hash, slug, derivation, stale FROM documents WHERE source = ?", [.text(doc.source)]).first
            if let existing, existing["content_hash"].string == doc.contentHash, existing["derivation"].string == doc.derivation {
                if existing["stale"] != .null { try db.run("UPDATE documents SET stale = NULL WHERE source = ?", [.text(doc.source)]) }
                return .unchanged
            }
            var slug = doc.metadata.id ?? Segmenter.slug((doc.source as NSString).lastPathComponent)
            var old: [(anchor: String, text: String)] = []
            if let existing, let id = existing["id"].int {
                slug = existing["slug"].string ?? slug
                old = try db.rows("SELECT anchor, text FROM passages WHERE document_id = ? ORDER BY ordinal", [.int(Int64(id))])
                    .map { ($0[0].string ?? "", $0[1].string ?? "") }
                try deleteDocument(id: id)
            } else {
                slug = try uniqueSlug(slug)
            }
            var doc = doc
            if !old.isEmpty { doc.passages = Self.preserveAnchors(doc.passages, old: old, slug: slug, documentID: doc.id) }
            try insert(doc, slug: slug, prepared: prepared)
            if !old.isEmpty {
                let kept = Set(doc.passages.map { $0.anchor.replacingPrefix(doc.id, with: slug) })
                for o in old where !kept.contains(o.anchor) { try recordRemoval(anchor: o.anchor, document: slug, text: o.text) }
            }
            return existing == nil ? .added : .replaced
        }
    }

    /// Keeps each unchanged passage's old anchor; new or changed passages get anchors no old citation used.
    static func preserveAnchors(_ passages: [Passage], old: [(anchor: String, text: String)], slug: String, documentID: String) -> [Passage] {
        var byText: [String: [String]] = [:]
        for o in old { byText[o.text, default: []].append(o.anchor) }
        let oldAnchors = Set(old.map(\.anchor))
        var used = Set<String>()
        var out = passages
        // First, unchanged text keeps its anchor.
        var assigned = [String?](repeating: nil, count: passages.count)
        for (i, p) in passages.enumerated() {
            if var list = byText[p.text], !list.isEmpty {
                let a = list.removeFirst()
                byText[p.text] = list
                assigned[i] = a
                used.insert(a)
            }
        }
        var nextNumber = (old.compactMap { Int($0.anchor.split(separator: "#").last?.dropFirst().description ?? "") }.max() ?? 0)
        for (i, p) in passages.enumerated() {
            if let a = assigned[i] { out[i].anchor = a; continue }
            var candidate = p.anchor.replacingPrefix(documentID, with: slug)
            if oldAnchors.contains(candidate) || used.contains(candidate) {
                if Self.isParagraphAnchor(candidate) {
                    nextNumber += 1
                    candidate = "\(slug)#p\(nextNumber)"
                    while oldAnchors.contains(candidate) || used.contains(candidate) { nextNumber += 1; candidate = "\(slug)#p\(nextNumber)" }
                } else {
                    var k = 2
                    while oldAnchors.contains("\(candidate)-v\(k)") || used.contains("\(candidate)-v\(k)") { k += 1 }
                    candidate = "\(candidate)-v\(k)"
                }
            }
            used.insert(candidate)
            out[i].anchor = candidate
        }
        return out
    }

    /// "slug#p12": a numbered paragraph anchor (tables, pages and footnotes have other shapes).
    static func isParagraphAnchor(_ anchor: String) -> Bool {
        guard let hash = anchor.lastIndex(of: "#") else { return false }
        let tail = anchor[anchor.index(after: hash)...]
        return tail.first == "p" && tail.count > 1 && tail.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    func recordRemoval(anchor: String, document: String, text: String) throws {
        try db.run("INSERT INTO removed_anchors(anchor, document, text, refresh_id, removed_at) VALUES(?,?,?,?,?)",
                   [.text(anchor), .text(document), .text(text), SQLValue(refreshID), .text(Date().ISO8601Format())])
    }

    /// A file moved: the same bytes under a new path keep the document, its anchors and everything derived.
    public func rename(from old: String, to new: String, size: Int, modified: Date?) throws {
        touched.insert(old)
        touched.insert(new)
        try db.run("UPDATE documents SET source = ?, size = ?, mtime = ? WHERE source = ?",
                   [.text(new), .int(Int64(size)), modified.map { .double($0.timeIntervalSince1970) } ?? .null, .text(old)])
    }

    /// A file was removed: its document goes, and its anchors are recorded as removed.
    public func remove(source: String) throws {
        touched.insert(source)
        try db.savepoint("remove") {
            guard let row = try db.rows("SELECT id, slug FROM documents WHERE source = ?", [.text(source)]).first, let id = row[0].int else { return }
            let slug = row[1].string ?? ""
            for p in try db.rows("SELECT anchor, text FROM passages WHERE document_id = ?", [.int(Int64(id))]) {
                try recordRemoval(anchor: p[0].string ?? "", document: slug, text: p[1].string ?? "")
            }
            try deleteDocument(id: id)
        }
    }

    /// The file could not be read this time: keep the indexed version and say it is stale.
    public func markStale(source: String, reason: String) throws {
        try db.run("UPDATE documents SET stale = ? WHERE source = ?", [.text(reason), .text(source)])
    }

    /// Only the modification time moved (the bytes are the same): remember it, so the next scan skips the file.
    public func touch(source: String, size: Int, modified: Date?) throws {
        touched.insert(source)
        try db.run("UPDATE documents SET size = ?, mtime = ? WHERE source = ?",
                   [.int(Int64(size)), modified.map { .double($0.timeIntervalSince1970) } ?? .null, .text(source)])
    }

    /// Runs `body` in one transaction: documents written inside commit together, fast for bulk loads.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        do {
            return try db.transaction {
                let result = try body()
                try insertPendingFullText()
                try index.spellings.flush(into: db)
                return result
            }
        } catch {
            pendingFullText.removeAll()
            concepts.forget()
            throw error
        }
    }

    /// Inserts the full-text rows written so far; their values are tagged with the language that picks the stemmer.
    func insertPendingFullText() throws {
        guard !pendingFullText.isEmpty else { return }
        let insert = try db.prepare("INSERT INTO passage_fts(rowid, text, heading, title) VALUES(?,?,?,?)")
        let prepared = index.tokenizerContext.prepared
        defer { prepared.clear() }
        for row in pendingFullText {
            try insert.bind([.int(row.rowid), .text(row.values.text), .text(row.values.heading), .text(row.values.title)])
            if let terms = row.prepared { prepared.load(terms) }
            while try insert.step() {}
            insert.reset()
            prepared.clear()
        }
        pendingFullText.removeAll(keepingCapacity: true)
    }

    private func uniqueSlug(_ base: String) throws -> String {
        var candidate = base
        var n = 2
        while try db.scalar("SELECT 1 FROM documents WHERE slug = ?", [.text(candidate)]) != .null {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }

    /// Removes a document, its sections, passages and their full-text entries.
    func deleteDocument(id: Int) throws {
        // A row still waiting to be inserted could belong to this document: deleting needs it in the index.
        try insertPendingFullText()
        let rows = try db.rows("SELECT p.id, \(Schema.ftsValuesSQL) \(Schema.ftsSourceSQL) WHERE p.document_id = ?", [.int(Int64(id))])
        let delete = try db.prepare("INSERT INTO passage_fts(passage_fts, rowid, text, heading, title) VALUES('delete', ?, ?, ?, ?)")
        for r in rows {
            try delete.bind([r[0], r[1], r[2], r[3]])
            while try delete.step() {}
            delete.reset()
        }
        let passages = "SELECT id FROM passages WHERE document_id = ?"
        try db.run("DELETE FROM claim_positions WHERE claim_id IN (SELECT id FROM claims WHERE passage_id IN (\(passages)))", [.int(Int64(id))])
        try db.run("DELETE FROM claims WHERE passage_id IN (\(passages))", [.int(Int64(id))])
        try db.run("DELETE FROM refs WHERE passage_id IN (\(passages))", [.int(Int64(id))])
        try db.run("DELETE FROM document_identity WHERE document_id = ?", [.int(Int64(id))])
        try db.run("DELETE FROM passages WHERE document_id = ?", [.int(Int64(id))])
        try db.run("DELETE FROM sections WHERE document_id = ?", [.int(Int64(id))])
        try db.run("DELETE FROM documents WHERE id = ?", [.int(Int64(id))])
    }

    private func insert(_ doc: IngestedDocument, slug: String, prepared: [[PreparedTokens]]?) throws {
        let m = doc.metadata
        let title = FullTextValues.title(of: doc)
        try db.run("""
            INSERT INTO documents(slug, source, format, title, issuer, kind, date, date_note, language, description, author,
                                  supersedes, content_hash, size, mtime, ingested_at, notes, derivation)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(slug), .text(doc.source), .text(doc.format), .text(title), SQLValue(m.issuer), SQLValue(m.kind?.rawValue),
                  SQLValue(m.date), SQLValue(m.dateNote), SQLValue(m.language), SQLValue(m.description), SQLValue(m.author),
                  m.supersedes.isEmpty ? .null : .text(m.supersedes.joined(separator: "\n")),
                  .text(doc.contentHash), .int(Int64(doc.size)), doc.modified.map { .double($0.timeIntervalSince1970) } ?? .null,
                  .text(Date().ISO8601Format()), doc.notes.isEmpty ? .null : .text(doc.notes.joined(separator: "\n")),
                  .text(doc.derivation)])
        let documentID = db.lastInsertRowID
        var sectionIDs: [Int64] = []
        let insertSection = try db.prepare("INSERT INTO sections(document_id, ordinal, heading, level, anchor, line_start, line_end) VALUES(?,?,?,?,?,?,?)")
        for s in doc.sections {
            try insertSection.bind([.int(documentID), .int(Int64(s.ordinal)), .text(s.heading), .int(Int64(s.level)),
                                    .text(s.anchor.replacingPrefix(doc.id, with: slug)), .int(Int64(s.lineStart)), .int(Int64(s.lineEnd))])
            while try insertSection.step() {}
            insertSection.reset()
            sectionIDs.append(db.lastInsertRowID)
        }
        let insertPassage = try db.prepare("""
            INSERT INTO passages(document_id, section_id, ordinal, anchor, kind, text, fields, line_start, line_end, page, language)
            VALUES(?,?,?,?,?,?,?,?,?,?,?)
            """)
        var passageIDs: [Int64] = []
        defer { _ = passageIDs }
        let insertRef = try db.prepare("INSERT INTO refs(passage_id, document_id, target, kind, label, surface, start, end) VALUES(?,?,?,?,?,?,?,?)")
        for target in Set(doc.identity).sorted() {
            try db.run("INSERT INTO document_identity(document_id, target) VALUES(?, ?)", [.int(documentID), .text(target)])
        }
        let fullText = FullTextValues.rows(of: doc)
        let prepared = prepared?.count == fullText.count ? prepared : nil
        for (pi, p) in doc.passages.enumerated() {
            let language = FullTextValues.language(of: p, in: doc)
            let sectionID: SQLValue = p.sectionIndex.map { .int(sectionIDs[$0]) } ?? .null
            let fields: SQLValue = p.fields.isEmpty ? .null : .text(FieldCoding.encode(p.fields))
            try insertPassage.bind([.int(documentID), sectionID, .int(Int64(p.ordinal)), .text(p.anchor.replacingPrefix(doc.id, with: slug)),
                                    .text(p.kind.rawValue), .text(p.text), fields, .int(Int64(p.lineStart)), .int(Int64(p.lineEnd)),
                                    SQLValue(p.page), .text(language)])
            while try insertPassage.step() {}
            insertPassage.reset()
            let rowid = db.lastInsertRowID
            passageIDs.append(rowid)
            pendingFullText.append(FullTextRow(rowid: rowid, values: fullText[pi], prepared: prepared?[pi]))
            let index = p.ordinal - 1
            if index < doc.references.count {
                let scalars = doc.references[index].isEmpty ? [] : p.text.scalarArray
                for r in doc.references[index] {
                    // As with claims, the words cited are stored only when the passage cannot give them back.
                    let surface = ReferenceText.derive(scalars, start: r.start, end: r.end) == r.surface ? "" : r.surface
                    try insertRef.bind([.int(rowid), .int(documentID), .text(r.target), .text(r.kind.rawValue), .text(r.label),
                                        .text(surface), .int(Int64(r.start)), .int(Int64(r.end))])
                    while try insertRef.step() {}
                    insertRef.reset()
                }
            }
        }
        try ClaimStore.insert(doc.claims, documentID: documentID, passageIDs: passageIDs, passageTexts: doc.passages.map(\.text), concepts: concepts, db: db)
    }
}

/// Table-row fields stored as JSON, so `kb show` can print them as a field list.
enum FieldCoding {
    /// Written by hand, name before value: JSONEncoder orders an object's keys differently from run to run,
    /// so the same corpus gave different index bytes.
    static func encode(_ fields: [Field]) -> String {
        var out = "["
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            out += "{\"name\":"
            JSONText.quote(f.name, into: &out)
            out += ",\"value\":"
            JSONText.quote(f.value, into: &out)
            out += "}"
        }
        return out + "]"
    }

    static func decode(_ s: String?) -> [Field] {
        guard let s else { return [] }
        if let written = readWritten(s) { return written }
        guard let data = s.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([Field].self, from: data)) ?? []
    }

    /// The exact form `encode` writes, read on the bytes: Foundation's decoder cost a search that shows a table
    /// row over a millisecond, most of it looking up its generic types on first use. Anything else gives nil.
    static func readWritten(_ s: String) -> [Field]? {
        let u = Array(s.utf8)
        var i = 0
        func take(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard i + n <= u.count else { return false }
            let p = literal.utf8Start
            for k in 0..<n where u[i + k] != p[k] { return false }
            i += n
            return true
        }
        func string() -> String? {
            guard i < u.count, u[i] == 0x22 else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < u.count {
                let b = u[i]
                i += 1
                if b == 0x22 { return String(decoding: out, as: UTF8.self) }
                guard b == 0x5C else { out.append(b); continue }
                guard i < u.count else { return nil }
                let e = u[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    // Only what `encode` writes: control characters. Surrogate pairs go to the full decoder.
                    guard i + 4 <= u.count, let v = UInt32(String(decoding: u[i..<(i + 4)], as: UTF8.self), radix: 16),
                          !(0xD800...0xDFFF).contains(v), let scalar = Unicode.Scalar(v) else { return nil }
                    i += 4
                    out.append(contentsOf: String(scalar).utf8)
                default: return nil
                }
            }
            return nil
        }
        guard take("[") else { return nil }
        var fields: [Field] = []
        if take("]") { return i == u.count ? fields : nil }
        while true {
            guard take("{\"name\":"), let name = string(), take(",\"value\":"), let value = string(), take("}") else { return nil }
            fields.append(Field(name: name, value: value))
            if take("]") { return i == u.count ? fields : nil }
            guard take(",") else { return nil }
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        guard !prefix.isEmpty, hasPrefix(prefix) else { return self }
        return replacement + dropFirst(prefix.count)
    }
}

/// The sources whose document rows a run changed, or only "many" past a bound: after a bulk load every
/// stored file is read again anyway, and a set of 100,000 paths would only cost memory.
struct TouchedSources {
    private(set) var sources: Set<String> = []
    private(set) var many = false
    static let bound = 4_096

    var isEmpty: Bool { !many && sources.isEmpty }

    mutating func insert(_ source: String) {
        guard !many else { return }
        sources.insert(source)
        if sources.count > Self.bound { many = true; sources = [] }
    }
}
