import Foundation

/// Short numbers for the concept names a claim touches (`claims.concepts`): a claim names three or four
/// concepts, and spelled out they were 3% of a large index. A number is given on first use and never reused.
final class ConceptCodes {
    private let db: Database
    private var codes: [String: Int64]?

    init(db: Database) { self.db = db }

    /// The stored form of a claim's concepts: their numbers, space-separated.
    func encode(_ names: [String]) throws -> String {
        var parts: [String] = []
        for name in names { parts.append(String(try code(name))) }
        return parts.joined(separator: " ")
    }

    private func code(_ name: String) throws -> Int64 {
        if codes == nil { codes = try Self.table(db).reduce(into: [:]) { $0[$1.value] = Int64($1.key) } }
        if let c = codes?[name] { return c }
        try db.run("INSERT OR IGNORE INTO concept_codes(name) VALUES(?)", [.text(name)])
        guard let c = try db.scalar("SELECT id FROM concept_codes WHERE name = ?", [.text(name)]).int else {
            throw IndexError("cannot number the concept '\(name)' in the index")
        }
        codes?[name] = Int64(c)
        return Int64(c)
    }

    /// Numbers given inside a rolled-back savepoint are gone from the table: read them again next time.
    func forget() { codes = nil }

    /// Every number with its name, for reading claims back.
    static func table(_ db: Database) throws -> [Int: String] {
        var out: [Int: String] = [:]
        for r in try db.rows("SELECT id, name FROM concept_codes") { if let id = r[0].int, let name = r[1].string { out[id] = name } }
        return out
    }

    /// A stored concepts value back as names. Indexes written before numbering hold the names themselves.
    static func decode(_ stored: String, table: [Int: String]) -> [String] {
        stored.split(separator: " ").map { token in Int(token).flatMap { table[$0] } ?? String(token) }
    }
}
