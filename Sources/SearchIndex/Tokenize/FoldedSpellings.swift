import Foundation
import Ingest

/// The indexed terms that carry diacritics, by their folded form ("overforing" → "överföring"). The full-text
/// index holds each word once, as its stem; a query typed without diacritics finds the written forms through
/// the `folded_terms` table instead of a second, folded posting of every such word (a fifth of the index).
final class FoldedSpellings: @unchecked Sendable {
    private var pending: Set<String> = []
    private let lock = NSLock()

    /// Called by the tokenizer for each new indexed term with letters outside ASCII.
    func note(_ term: String) {
        lock.lock(); pending.insert(term); lock.unlock()
    }

    /// Writes the terms noted since the last flush. Runs inside the writer's transaction; on failure the
    /// terms are kept for the next flush.
    func flush(into db: Database) throws {
        lock.lock(); let terms = pending; pending.removeAll(); lock.unlock()
        guard !terms.isEmpty else { return }
        do {
            let stmt = try db.prepare("INSERT OR IGNORE INTO folded_terms(folded, term) VALUES(?, ?)")
            for t in terms {
                try stmt.bind([.text(Folding.fold(t)), .text(t)])
                while try stmt.step() {}
                stmt.reset()
            }
        } catch {
            lock.lock(); pending.formUnion(terms); lock.unlock()
            throw error
        }
    }

    /// Indexed terms whose folded form is `folded`.
    static func terms(folded: String, db: Database) -> [String] {
        (try? db.rows("SELECT term FROM folded_terms WHERE folded = ? LIMIT 32", [.text(folded)]).compactMap { $0[0].string }) ?? []
    }

    /// The written beginnings of indexed terms whose folded form starts with `prefix` ("överför" for
    /// "overfor"): a prefix query searches these as prefixes too. At most `limit` distinct ones.
    static func prefixes(folded prefix: String, db: Database, limit: Int = 16) -> [String] {
        guard !prefix.isEmpty,
              let rows = try? db.rows("SELECT term FROM folded_terms WHERE folded >= ? AND folded < ? ORDER BY folded LIMIT 2000",
                                      [.text(prefix), .text(prefix + "\u{10FFFF}")]) else { return [] }
        var out: [String] = []
        for r in rows {
            guard let term = r[0].string else { continue }
            // The shortest beginning of the term that folds to something starting with the prefix.
            var head = ""
            for c in term {
                head.append(c)
                if Folding.fold(head).hasPrefix(prefix) { break }
            }
            if !out.contains(head) { out.append(head) }
            if out.count >= limit { break }
        }
        return out
    }
}
