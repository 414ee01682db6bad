import Foundation
import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// What a refresh changed: documents, positions, contradictions and legal references.
public struct RefreshDigest: Codable, Sendable {
    public struct Renamed: Codable, Sendable { public var from: String; public var to: String }
    public struct Failure: Codable, Sendable { public var path: String; public var error: String }
    public struct Balance: Codable, Sendable, Equatable {
        public var affirms: [String] = []
        public var denies: [String] = []
        public var qualifies: [String] = []
    }
    public struct PositionChange: Codable, Sendable {
        public var id: String
        public var title: String
        /// "holder (stance): quote" for each claim on the position that this refresh brought in.
        public var newClaims: [String]
        /// The same for each claim on it that went: its sentence was edited or its document removed.
        public var withdrawnClaims: [String]
        public var before: Balance
        public var after: Balance
        enum CodingKeys: String, CodingKey { case id, title, newClaims = "new_claims", withdrawnClaims = "withdrawn_claims", before, after }

        public init(id: String, title: String, newClaims: [String], withdrawnClaims: [String], before: Balance, after: Balance) {
            self.id = id; self.title = title; self.newClaims = newClaims; self.withdrawnClaims = withdrawnClaims
            self.before = before; self.after = after
        }

        /// Digests stored before withdrawn claims were recorded still read.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            title = try c.decode(String.self, forKey: .title)
            newClaims = try c.decode([String].self, forKey: .newClaims)
            withdrawnClaims = try c.decodeIfPresent([String].self, forKey: .withdrawnClaims) ?? []
            before = try c.decode(Balance.self, forKey: .before)
            after = try c.decode(Balance.self, forKey: .after)
        }
    }
    public struct Contradiction: Codable, Sendable, Hashable {
        public var position: String
        public var holders: [String]
    }
    public struct NewReference: Codable, Sendable { public var target: String; public var kind: String; public var anchors: [String] }

    public var refresh: Int = 0
    public var at: String = ""
    public var added: [String] = []
    public var changed: [String] = []
    public var renamed: [Renamed] = []
    public var removed: [String] = []
    public var failed: [Failure] = []
    public var removedPassages: [String] = []
    public var positions: [PositionChange] = []
    public var contradictions: [Contradiction] = []
    public var references: [NewReference] = []

    enum CodingKeys: String, CodingKey {
        case refresh, at, added, changed, renamed, removed, failed, positions, contradictions, references
        case removedPassages = "removed_passages"
    }

    public var isEmpty: Bool {
        added.isEmpty && changed.isEmpty && renamed.isEmpty && removed.isEmpty && failed.isEmpty && positions.isEmpty && references.isEmpty
    }
}

/// The state a digest compares: claims by key, holders by stance, contradictions, cited targets.
struct CorpusSnapshot {
    var claimKeys: Set<String> = []
    var balances: [String: RefreshDigest.Balance] = [:]
    var contradictions: Set<RefreshDigest.Contradiction> = []
    var targets: Set<String> = []
    /// For the documents taken, each claim linked to a position, as the digest lists it, by claim key: read
    /// before the documents change, so a claim that goes can still be quoted.
    var linkedClaims: [String: [(position: String, line: String)]] = [:]

    /// "holder (stance): quote" for one linked claim row (key, position, stance, actor, quote, passage, start, end).
    static func line(_ r: Row) -> String {
        let quote = r[4].string.flatMap { $0.isEmpty ? nil : $0 } ?? ClaimText.derive(CharacterOffsets(r[5].string ?? ""), start: r[6].int ?? 0, end: r[7].int ?? 0)
        return "\(r[3].string ?? "") (\(r[2].string ?? "")): \(quote)"
    }
    /// Above this many changed documents a digest counts holders but quotes no new or withdrawn claim.
    static let quotedDocumentsLimit = 5_000
    static let linkedClaimsSQL = """
        SELECT c.key, cp.position_id, cp.stance, c.actor, c.text, p.text, c.start, c.end FROM claim_positions cp
        JOIN claims c ON c.id = cp.claim_id JOIN passages p ON p.id = c.passage_id
        WHERE p.document_id IN (SELECT id FROM documents WHERE source = ?) ORDER BY c.id
        """

    /// Claim keys only of the documents about to change (or just changed): a refresh of one file stays cheap.
    static func take(_ db: Database, sources: [String]? = nil) throws -> CorpusSnapshot {
        var s = CorpusSnapshot()
        if let sources {
            let stmt = try db.prepare("SELECT c.key FROM documents d JOIN passages p ON p.document_id = d.id JOIN claims c ON c.passage_id = p.id WHERE d.source = ?")
            for source in sources {
                try stmt.bind([.text(source)])
                while try stmt.step() { if let k = stmt.column(0).string { s.claimKeys.insert(k) } }
                stmt.reset()
            }
            // A refresh that re-reads a whole large corpus (a new rules version) quotes nothing: the digest of
            // 100,000 documents would hold every claim twice.
            for source in sources where sources.count <= quotedDocumentsLimit {
                for r in try db.rows(linkedClaimsSQL, [.text(source)]) {
                    s.linkedClaims[r[0].string ?? "", default: []].append((r[1].string ?? "", line(r)))
                }
            }
        } else {
            s.claimKeys = Set(try db.rows("SELECT key FROM claims").compactMap { $0[0].string })
        }
        for r in try db.rows("""
            SELECT position_id, stance, group_concat(actor, char(31)) FROM holdings
            WHERE n > 0 AND stance IN ('affirms','denies','qualifies') GROUP BY position_id, stance
            """) {
            let holders = (r[2].string ?? "").split(separator: "\u{1F}").map(String.init).sorted()
            var b = s.balances[r[0].string ?? "", default: .init()]
            switch r[1].string { case "affirms": b.affirms = holders; case "denies": b.denies = holders; default: b.qualifies = holders }
            s.balances[r[0].string ?? ""] = b
        }
        // Holders who affirm against holders who deny the same position (what claim_links calls contradicts).
        for (position, b) in s.balances {
            for a in b.affirms { for d in b.denies where a != d { s.contradictions.insert(.init(position: position, holders: [a, d].sorted())) } }
        }
        // Targets cited by these documents; whether one is new to the corpus is asked of the rest afterwards.
        if let sources {
            let stmt = try db.prepare("SELECT DISTINCT r.target FROM documents d JOIN passages p ON p.document_id = d.id JOIN refs r ON r.passage_id = p.id WHERE d.source = ?")
            for source in sources {
                try stmt.bind([.text(source)])
                while try stmt.step() { if let t = stmt.column(0).string { s.targets.insert(t) } }
                stmt.reset()
            }
        } else {
            s.targets = Set(try db.rows("SELECT DISTINCT target FROM refs").compactMap { $0[0].string })
        }
        return s
    }
}

/// Runs `kb refresh`: one at a time per index, each file in its own savepoint, and a digest kept in the index.
public final class Refresher {
    let index: Index
    public init(index: Index) { self.index = index }

    /// Waits for (or reports) another refresh or ingest of the same index: two writers never interleave.
    public static func lock(_ dbPath: String, onWait: () -> Void) throws -> Int32 {
        let dir = (dbPath as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let fd = open(dbPath + ".lock", O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw IndexError("cannot open the lock file \(dbPath).lock") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            onWait()
            guard flock(fd, LOCK_EX) == 0 else { throw IndexError("cannot lock \(dbPath).lock") }
        }
        return fd
    }

    public static func unlock(_ fd: Int32) { flock(fd, LOCK_UN); close(fd) }

    /// With `only`, just the files and folders in `extra` are scanned (a removed one among them is removed),
    /// instead of every corpus folder: with 100,000 files, the walk over all of them is most of a refresh. Those
    /// outside the corpus folders become corpus folders, as without `only`.
    public func refresh(_ extra: [String], only: Bool = false, progress: ((Int, Int) -> Void)? = nil,
                        onEvent: ((IngestEvent) -> Void)? = nil) throws -> RefreshDigest {
        let db = index.db
        let ingestor = Ingestor(index: index)
        let known = try ingestor.roots()
        let named = extra.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var roots: [String]
        if only {
            guard !named.isEmpty else { throw IndexError("--only needs the files or folders to re-read: name them after it") }
            roots = []
            for path in named where !roots.contains(path) { roots.append(path) }
            ingestor.namedPathsOnly = true
            try ingestor.registerRoots(roots.filter { path in !known.contains { Ingestor.path(path, isAtOrUnder: $0) } })
        } else {
            roots = known
            for path in named where !roots.contains(path) { roots.append(path) }
        }
        guard !roots.isEmpty else { throw IndexError("the index knows no corpus yet: run 'kb refresh PATH' or 'kb ingest PATH' first") }
        // The snapshot is only needed when something changes; a no-op refresh stays a stat of every file.
        var before: CorpusSnapshot? = nil
        var affected: [String] = []
        func snapshot(_ sources: [String]) throws -> CorpusSnapshot {
            if let before { return before }
            affected = sources
            let s = try CorpusSnapshot.take(db, sources: sources)
            before = s
            return s
        }
        let at = ISODate.timestamp(Date())
        try db.run("INSERT INTO refreshes(at, digest) VALUES(?, '{}')", [.text(at)])
        let id = Int(db.lastInsertRowID)
        ingestor.writer.refreshID = id
        ingestor.beforeChanges = { sources in _ = try? snapshot(sources) }
        let report = try ingestor.sync(roots, removeMissing: true, progress: progress, onEvent: onEvent)
        var digest = RefreshDigest()
        digest.refresh = id
        digest.at = at
        for e in report.events {
            switch e.outcome {
            case .written(.added): digest.added.append(e.path)
            case .written(.replaced): digest.changed.append(e.path)
            case .written(.renamed): digest.renamed.append(.init(from: e.notes.first?.replacingOccurrences(of: "moved from ", with: "") ?? "", to: e.path))
            case .written(.removed): digest.removed.append(e.path)
            case .failed(let why), .skipped(let why): digest.failed.append(.init(path: e.path, error: why))
            default: break
            }
        }
        digest.removedPassages = try db.rows("SELECT anchor FROM removed_anchors WHERE refresh_id = ? ORDER BY anchor", [.int(Int64(id))]).compactMap { $0[0].string }
        guard let before else {
            let data = try JSONEncoder().encode(digest)
            try db.run("UPDATE refreshes SET digest = ? WHERE id = ?", [.text(String(decoding: data, as: UTF8.self)), .int(Int64(id))])
            return digest
        }
        // After: the same documents under their new paths, and the added ones.
        let touched = affected + digest.added + digest.changed + digest.renamed.map(\.to)
        let after = try CorpusSnapshot.take(db, sources: Array(Set(touched)))
        let newKeys = after.claimKeys.subtracting(before.claimKeys)
        let goneKeys = before.claimKeys.subtracting(after.claimKeys)
        if !newKeys.isEmpty || !goneKeys.isEmpty || before.balances != after.balances {
            // New claims can only be in the documents this refresh touched, and the snapshot of them holds both.
            var newByPosition: [String: [String]] = [:], goneByPosition: [String: [String]] = [:]
            for (key, links) in after.linkedClaims where newKeys.contains(key) {
                for l in links { newByPosition[l.position, default: []].append(l.line) }
            }
            for (key, links) in before.linkedClaims where goneKeys.contains(key) {
                for l in links { goneByPosition[l.position, default: []].append(l.line) }
            }
            for p in try db.rows("SELECT id, title_en FROM positions ORDER BY rowid") {
                let pid = p[0].string ?? ""
                let b = before.balances[pid] ?? .init(), a = after.balances[pid] ?? .init()
                let fresh = (newByPosition[pid] ?? []).sorted(), gone = (goneByPosition[pid] ?? []).sorted()
                if !fresh.isEmpty || !gone.isEmpty || a != b {
                    digest.positions.append(.init(id: pid, title: p[1].string ?? pid, newClaims: fresh, withdrawnClaims: gone, before: b, after: a))
                }
            }
        }
        digest.contradictions = after.contradictions.subtracting(before.contradictions).sorted { ($0.position, $0.holders.joined()) < ($1.position, $1.holders.joined()) }
        let touchedSources = Array(Set(touched))
        let elsewhere = try db.prepare("""
            SELECT 1 FROM refs r JOIN documents d ON d.id = r.document_id
            WHERE r.target = ? AND d.source NOT IN (\(Array(repeating: "?", count: touchedSources.count).joined(separator: ",")))
            LIMIT 1
            """)
        for target in after.targets.subtracting(before.targets).sorted() {
            // Cited before by a document this refresh did not touch: not new.
            try elsewhere.bind([.text(target)] + touchedSources.map { .text($0) })
            let citedElsewhere = try elsewhere.step()
            elsewhere.reset()
            if citedElsewhere { continue }
            let rows = try db.rows("SELECT r.kind, p.anchor FROM refs r JOIN passages p ON p.id = r.passage_id WHERE r.target = ? ORDER BY p.anchor LIMIT 5", [.text(target)])
            digest.references.append(.init(target: target, kind: rows.first?[0].string ?? "", anchors: rows.compactMap { $0[1].string }))
        }
        let data = try JSONEncoder().encode(digest)
        try db.run("UPDATE refreshes SET digest = ? WHERE id = ?", [.text(String(decoding: data, as: UTF8.self)), .int(Int64(id))])
        return digest
    }

    /// Digests kept in the index, oldest first.
    public func changes(since: String?) throws -> [RefreshDigest] {
        var sql = "SELECT digest FROM refreshes"
        var values: [SQLValue] = []
        if let since { sql += " WHERE at >= ?"; values.append(.text(since)) }
        sql += " ORDER BY id"
        return try index.db.rows(sql, values).compactMap { r in
            guard let s = r[0].string else { return nil }
            return try? JSONDecoder().decode(RefreshDigest.self, from: Data(s.utf8))
        }
    }

    /// Where a removed anchor went: which refresh removed it and what it said.
    public static func removal(_ anchor: String, db: Database) throws -> (refresh: Int?, at: String, text: String)? {
        guard let r = try db.rows("SELECT refresh_id, removed_at, text FROM removed_anchors WHERE anchor = ? ORDER BY rowid DESC LIMIT 1", [.text(anchor)]).first else { return nil }
        return (r[0].int, r[1].string ?? "", r[2].string ?? "")
    }
}
