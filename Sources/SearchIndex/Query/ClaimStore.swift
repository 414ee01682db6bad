import Foundation
import Ingest

/// A claim as read back from the index, with reviews applied and its citation.
public struct ClaimRecord: Sendable {
    public var id: Int
    public var key: String
    public var text: String
    public var actor: String
    public var person: String?
    public var role: String?
    public var reportedBy: [String]
    public var modality: String
    public var concepts: [String]
    public var positions: [(id: String, stance: String, score: Double, cues: [String])]
    public var why: [String]
    public var passage: PassageRecord
    /// "accepted", "rejected" or nil when not reviewed.
    public var review: String?
    /// The superseding document's title when this claim's document has been superseded.
    public var supersededBy: String?
}

/// A position with its claims.
public struct PositionSummary: Sendable {
    public var id: String
    public var titleSV: String
    public var titleEN: String
    public var related: [String]
    public var claims: [ClaimRecord]

    /// Holders by stance, each holder once.
    public func holders(_ stance: String) -> [String] {
        Array(Set(claims.compactMap { c in c.positions.first { $0.id == id && $0.stance == stance }.map { _ in c.actor } })).sorted()
    }
}

/// A position with its holders by stance but not its claims: what `kb positions` prints.
public struct PositionHolders: Sendable {
    public var id: String
    public var titleSV: String
    public var titleEN: String
    public var related: [String]
    /// The claims that speak to the position, including those a review moved elsewhere (as `PositionSummary`).
    public var claimCount: Int
    public var byStance: [String: [String]]

    /// Holders with this stance, each once, sorted.
    public func holders(_ stance: String) -> [String] { byStance[stance] ?? [] }
}

/// Stores claims and answers "who holds which position" from the index.
public struct ClaimStore {
    let db: Database
    public init(index: Index) { db = index.db }

    static func insert(_ claims: [Claim], documentID: Int64, passageIDs: [Int64], passageTexts: [String], concepts: ConceptCodes,
                       db: Database) throws {
        guard !claims.isEmpty else { return }
        var characters: [Int: CharacterOffsets] = [:]
        let c = try db.prepare("INSERT INTO claims(passage_id, document_id, key, text, start, end, actor, person, role, reported_by, modality, concepts, why) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)")
        let l = try db.prepare("INSERT INTO claim_positions(claim_id, position_id, stance, score, cues) VALUES(?,?,?,?,?)")
        for claim in claims where claim.passageIndex < passageIDs.count {
            // The quote is stored only when the passage cannot give it back (empty means: the passage's span).
            var quote: SQLValue = .text(claim.text)
            if claim.passageIndex < passageTexts.count {
                let chars = characters[claim.passageIndex] ?? CharacterOffsets(passageTexts[claim.passageIndex])
                characters[claim.passageIndex] = chars
                if ClaimText.derive(chars, start: claim.start, end: claim.end) == claim.text { quote = .text("") }
            }
            try c.bind([.int(passageIDs[claim.passageIndex]), .int(documentID), .text(claim.key), quote, .int(Int64(claim.start)),
                        .int(Int64(claim.end)), .text(claim.actor), SQLValue(claim.person), SQLValue(claim.role),
                        .text(claim.reportedBy.joined(separator: "\n")), .text(claim.modality.rawValue), .text(try concepts.encode(claim.concepts)),
                        .text(ClaimText.storedWhy(claim.why).joined(separator: "\n"))])
            while try c.step() {}
            c.reset()
            let id = db.lastInsertRowID
            for link in claim.links {
                try l.bind([.int(id), .text(link.position), .text(link.stance.rawValue), .double(link.score), .text(link.cues.joined(separator: "\n"))])
                while try l.step() {}
                l.reset()
            }
        }
    }

    /// Replaces the stored position catalogue and review decisions.
    public func storeCatalogue(_ positions: Positions, reviews: Reviews) throws {
        try db.transaction {
            try db.execute("DELETE FROM positions; DELETE FROM reviews;")
            for p in positions.all {
                try db.run("INSERT INTO positions(id, title_sv, title_en, requires, related) VALUES(?,?,?,?,?)",
                           [.text(p.id), .text(p.titleSV), .text(p.titleEN), .text(p.requires.map { $0.joined(separator: ", ") }.joined(separator: " | ")),
                            .text(p.related.joined(separator: " "))])
            }
            for r in reviews.all {
                try db.run("INSERT OR REPLACE INTO reviews(key, status, actor, stance, position, note) VALUES(?,?,?,?,?,?)",
                           [.text(r.claim), SQLValue(r.status), SQLValue(r.actor), SQLValue(r.stance?.rawValue), SQLValue(r.position), SQLValue(r.note)])
            }
        }
    }

    /// Which claims to return.
    public struct Filter: Sendable {
        public var actor: String?
        public var position: String?
        public var document: String?
        public var unreviewed = false
        public var includeRejected = false
        /// Only these claims (by id).
        public var ids: [Int]?
        /// Only documents dated on or before this date (documents without a date are kept).
        public var asOf: String?
        /// Only claims whose holder (as reviewed) and reporters pass this test, asked before the claim's passage
        /// is read: a brief needs its parties' claims, a few of the hundred thousand on a position at 100k.
        public var holder: HolderTest?
        public init() {}
        /// Whether a claim's holder (as reviewed) and reporters are wanted.
        public typealias HolderTest = @Sendable (_ actor: String, _ reportedBy: [String]) -> Bool
    }

    public func claims(_ f: Filter) throws -> [ClaimRecord] {
        var out: [ClaimRecord] = []
        try forEachClaim(f) { out.append($0) }
        return out
    }

    /// The claims a filter selects, oldest document first, each handed to `body` as it is read: a listing of a
    /// large index (1.7 million claims at 100,000 documents) starts at once and is never held whole.
    public func forEachClaim(_ f: Filter, _ body: (ClaimRecord) throws -> Void) throws {
        var sql = """
            SELECT c.id, c.key, c.text, c.start, c.end, c.actor, c.person, c.role, c.reported_by, c.modality, c.concepts, c.why, c.passage_id,
                   r.status, r.actor AS review_actor, r.stance AS review_stance, r.position AS review_position
            FROM claims c JOIN documents d ON d.id = c.document_id
            LEFT JOIN reviews r ON r.key = c.key WHERE 1
            """
        var values: [SQLValue] = []
        if let a = f.actor { sql += " AND (coalesce(r.actor, c.actor) LIKE ? OR c.person LIKE ?)"; values += [.text("%\(a)%"), .text("%\(a)%")] }
        if let d = f.document {
            // The documents first, by slug or file name: as a condition on the join it was a scan of every claim.
            let ids = try db.rows("SELECT id FROM documents WHERE slug = ? OR source LIKE ?", [.text(d), .text("%/\(d)%")]).compactMap { $0[0].int }
            guard !ids.isEmpty else { return }
            // Through the passages' index: claims have none on their document.
            sql += " AND c.passage_id IN (SELECT id FROM passages WHERE document_id IN (" + ids.map(String.init).joined(separator: ",") + "))"
        }
        if let ids = f.ids {
            guard !ids.isEmpty else { return }
            sql += " AND c.id IN (" + ids.map(String.init).joined(separator: ",") + ")"
        }
        if f.unreviewed { sql += " AND r.key IS NULL" }
        if !f.includeRejected { sql += " AND coalesce(r.status, '') != 'rejected'" }
        if let asOf = f.asOf { sql += " AND (d.date IS NULL OR d.date <= ?)"; values.append(.text(asOf + "\u{FFFF}")) }
        if let p = f.position {
            sql += " AND c.id IN (" + claimIDsSQL(position: p, parameter: "?", movedTo: try movedByReviews()) + ")"
            values.append(.text(p))
        }
        sql += " ORDER BY coalesce(d.date, '9999'), d.id, c.passage_id, c.start"
        let library = Library(db: db)
        let linkStmt = try db.prepare("SELECT position_id, stance, score, cues FROM claim_positions WHERE claim_id = ? ORDER BY score DESC, position_id")
        let conceptNames = try ConceptCodes.table(db)
        var supersessions = try Supersessions(db: db)
        // Stepped here, not collected by `rows`: each row is made into a record and handed on before the next.
        let statement = try db.prepare(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {
            let row = statement.row()
            if let keep = f.holder {
                let reportedBy = (row["reported_by"].string ?? "").split(separator: "\n").map(String.init)
                guard keep(row["review_actor"].string ?? row["actor"].string ?? "", reportedBy) else { continue }
            }
            guard let id = row["id"].int, let pid = row["passage_id"].int, let passage = try library.passage(id: pid) else { continue }
            try linkStmt.bind([.int(Int64(id))])
            var links: [(id: String, stance: String, score: Double, cues: [String])] = []
            while try linkStmt.step() {
                links.append((linkStmt.column(0).string ?? "", linkStmt.column(1).string ?? "", linkStmt.column(2).double ?? 0,
                              (linkStmt.column(3).string ?? "").split(separator: "\n").map(String.init)))
            }
            linkStmt.reset()
            // A review may move the claim to another position or correct its stance.
            if let moved = row["review_position"].string {
                let stance = row["review_stance"].string ?? links.first?.stance ?? "uncertain"
                links = [(moved, stance, 1.0, ["reviewed"])]
            } else if let stance = row["review_stance"].string {
                links = links.map { ($0.id, stance, 1.0, $0.cues + ["stance reviewed"]) }
            }
            if let p = f.position { links = links.filter { $0.id == p } }
            let concepts = ConceptCodes.decode(row["concepts"].string ?? "", table: conceptNames)
            try body(ClaimRecord(id: id, key: row["key"].string ?? "",
                                 text: row["text"].string.flatMap { $0.isEmpty ? nil : $0 } ?? ClaimText.derive(CharacterOffsets(passage.text), start: row["start"].int ?? 0, end: row["end"].int ?? 0),
                                 actor: row["review_actor"].string ?? row["actor"].string ?? "", person: row["person"].string, role: row["role"].string,
                                 reportedBy: (row["reported_by"].string ?? "").split(separator: "\n").map(String.init),
                                 modality: row["modality"].string ?? "asserts",
                                 concepts: concepts, positions: links,
                                 why: ClaimText.fullWhy((row["why"].string ?? "").split(separator: "\n").map(String.init), concepts: concepts),
                                 passage: passage,
                                 review: row["status"].string, supersededBy: try supersessions.title(superseding: passage.document.id)))
        }
    }

    /// Which documents supersede which, read once for a listing: asked for each claim, a scan of every
    /// document's `supersedes` per claim made `kb claims` on a 100,000-document index run for hours.
    struct Supersessions {
        let db: Database
        /// Superseding title by the slug or file name it names; empty when no document supersedes another.
        private var titles: [String: String] = [:]
        private var known: [Int: String?] = [:]

        init(db: Database) throws {
            self.db = db
            for row in try db.rows("SELECT title, supersedes FROM documents WHERE supersedes IS NOT NULL ORDER BY id") {
                guard let title = row[0].string else { continue }
                for name in (row[1].string ?? "").split(separator: "\n") where titles[String(name)] == nil {
                    titles[String(name)] = title
                }
            }
        }

        mutating func title(superseding documentID: Int) throws -> String? {
            guard !titles.isEmpty else { return nil }
            if let done = known[documentID] { return done }
            var found: String? = nil
            if let row = try db.rows("SELECT slug, source FROM documents WHERE id = ?", [.int(Int64(documentID))]).first,
               let slug = row[0].string, let source = row[1].string {
                found = titles[slug] ?? titles[(source as NSString).lastPathComponent]
            }
            known[documentID] = found
            return found
        }
    }

    /// Every position with its claims; with `topic`, only those `holders(topic:asOf:)` finds, and only theirs are read.
    public func positions(topic: String? = nil, asOf: String? = nil) throws -> [PositionSummary] {
        let wanted = try topic.map { Set(try holders(topic: $0, asOf: asOf).map(\.id)) }
        var out: [PositionSummary] = []
        for row in try db.rows(Self.positionSQL + " ORDER BY rowid") {
            if let wanted, !wanted.contains(row[0].string ?? "") { continue }
            out.append(try self.summary(row, asOf: asOf))
        }
        return out
    }

    /// A position's id, titles and related ids, the columns `summary` and `holders` read.
    static let positionSQL = "SELECT id, title_sv, title_en, related FROM positions"

    /// A position's English and Swedish titles, or nil for an unknown id.
    public func positionTitles(_ id: String) throws -> (en: String, sv: String)? {
        guard let row = try db.rows(Self.positionSQL + " WHERE id = ?", [.text(id)]).first else { return nil }
        return (row[2].string ?? id, row[1].string ?? id)
    }

    /// The positions' ids in the order of `corpus/positions.yaml`.
    public func positionIDs() throws -> [String] {
        try db.rows("SELECT id FROM positions ORDER BY rowid").compactMap { $0[0].string }
    }

    /// The ids of the positions (in catalogue order) that some claim in these documents speaks to, as `positions`
    /// would list that claim under them: linked or moved there by a review, not rejected, dated by `asOf`. Read
    /// from the documents' own claims, so a brief on a topic does not read every position's claims to find them.
    public func positionIDs(touching documents: Set<Int>, asOf: String? = nil) throws -> [String] {
        guard !documents.isEmpty else { return [] }
        let moved = try movedByReviews()
        let ids = documents.sorted().map(String.init).joined(separator: ",")
        var sql = """
            SELECT 1 FROM passages p JOIN claims c ON c.passage_id = p.id JOIN documents d ON d.id = p.document_id
            LEFT JOIN reviews r ON r.key = c.key
            WHERE p.document_id IN (\(ids)) AND coalesce(r.status, '') != 'rejected'
            """
        if asOf != nil { sql += " AND (d.date IS NULL OR d.date <= ?2)" }
        var out: [String] = []
        for id in try positionIDs() {
            var test = sql + " AND (EXISTS (SELECT 1 FROM claim_positions cp WHERE cp.claim_id = c.id AND cp.position_id = ?1)"
            if let extra = moved[id], !extra.isEmpty { test += " OR c.id IN (" + extra.map(String.init).joined(separator: ",") + ")" }
            test += ") LIMIT 1"
            var values: [SQLValue] = [.text(id)]
            if let asOf { values.append(.text(asOf + "\u{FFFF}")) }
            if try !db.rows(test, values).isEmpty { out.append(id) }
        }
        return out
    }

    /// One position with its claims; only that position's claims are read, and of them only those `holder` keeps.
    public func position(_ id: String, asOf: String? = nil, holder: Filter.HolderTest? = nil) throws -> PositionSummary? {
        guard let row = try db.rows(Self.positionSQL + " WHERE id = ?", [.text(id)]).first else { return nil }
        return try summary(row, asOf: asOf, holder: holder)
    }

    private func summary(_ row: Row, asOf: String?, holder: Filter.HolderTest? = nil) throws -> PositionSummary {
        let id = row[0].string ?? ""
        var f = Filter(); f.position = id; f.asOf = asOf; f.holder = holder
        return PositionSummary(id: id, titleSV: row[1].string ?? id, titleEN: row[2].string ?? id,
                               related: (row[3].string ?? "").split(separator: " ").map(String.init), claims: try claims(f))
    }

    /// Each position's holders by stance, and how many claims speak to it, as `positions` would give them but
    /// without reading any claim's passage: `kb positions` at 100,000 documents read 660,000 claims whole
    /// (100 s, 2 GB) to print a few names. Reviews move, restance and rename claims here as they do there.
    ///
    /// With `topic`, only the positions whose title mentions it or one of whose claims does, in its text or its
    /// document's title (any case). Which claims could is known before any is read: those in the documents whose
    /// title holds the topic, and those in the passages the full-text index finds for its words as prefixes
    /// (every word of a passage is in the index, and every part of a compound the dictionary splits); only the
    /// latter's texts are read, and only until one of a position's claims is found. `kb positions --topic` at
    /// 100,000 documents read 660,000 claims whole (229 s, 1.9 GB) to test each.
    public func holders(topic: String? = nil, asOf: String? = nil) throws -> [PositionHolders] {
        let t = topic?.lowercased() ?? ""
        let (titled, passages) = try topic.map(candidates(mentioning:)) ?? ([], [])
        let text = try db.prepare("SELECT c.text, c.start, c.end, p.text FROM claims c JOIN passages p ON p.id = c.passage_id WHERE c.id = ?")
        func mentions(_ claim: Int) throws -> Bool {
            try text.bind([.int(Int64(claim))])
            defer { text.reset() }
            guard try text.step() else { return false }
            var quote = text.column(0).string ?? ""
            if quote.isEmpty { quote = ClaimText.derive(CharacterOffsets(text.column(3).string ?? ""), start: text.column(1).int ?? 0, end: text.column(2).int ?? 0) }
            return quote.lowercased().contains(t)
        }
        var out: [PositionHolders] = []
        let moved = try movedByReviews()
        for row in try db.rows(Self.positionSQL + " ORDER BY rowid") {
            let id = row[0].string ?? "", sv = row[1].string ?? id, en = row[2].string ?? id
            var matched = topic == nil || sv.lowercased().contains(t) || en.lowercased().contains(t) || id.contains(t)
            var byStance: [String: Set<String>] = [:]
            var claims = 0
            try forEachStance(of: id, asOf: asOf, moved: moved) { claim, holder, stance, passage, document in
                claims += 1
                guard let stance else { return }
                byStance[stance, default: []].insert(holder)
                if !matched, try titled.contains(document) || (passages.contains(passage) && mentions(claim)) { matched = true }
            }
            guard matched else { continue }
            out.append(PositionHolders(id: id, titleSV: sv, titleEN: en, related: (row[3].string ?? "").split(separator: " ").map(String.init),
                                       claimCount: claims, byStance: byStance.mapValues { $0.sorted() }))
        }
        return out
    }

    /// The documents whose title holds `topic` (any case), and the passages the full-text index finds for its words
    /// as prefixes.
    func candidates(mentioning topic: String) throws -> (documents: Set<Int>, passages: Set<Int>) {
        let t = topic.lowercased()
        var titled = Set<Int>()
        for row in try db.rows("SELECT id, title FROM documents") where (row[1].string ?? "").lowercased().contains(t) {
            if let id = row[0].int { titled.insert(id) }
        }
        // Each word as a prefix of the terms the index holds for it: what it shares with its stems ("schrems" is
        // indexed as "schrem", "country" as "countri"), so a claim holding the word, or a longer word that begins
        // with it ("pseudonym" in "pseudonymised"), is among the passages found. Words too short to narrow anything
        // ("X" in "Zoom X") are left to the text test.
        let analyzer = Analyzer(decompound: false)
        let prefixes = ThesaurusKey.words(topic).map { word -> String in
            let forms = ["sv", "en"].map { analyzer.stem(word, language: $0) }
            var common = Array(word)
            for form in forms { common = Array(zip(common, Array(form)).prefix { $0.0 == $0.1 }.map(\.0)) }
            return String(common)
        }
        var chosen = prefixes.filter { $0.count >= 3 }
        if chosen.isEmpty { chosen = prefixes.filter { !$0.isEmpty } }
        guard !chosen.isEmpty else { return (titled, []) }
        let expression = chosen.map { QueryPlanner.quote($0) + " *" }.joined(separator: " AND ")
        let statement = try db.prepare("SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?")
        try statement.bind([.text(expression)])
        defer { statement.reset() }
        var passages = Set<Int>()
        while try statement.step() { if let id = statement.column(0).int { passages.insert(id) } }
        return (titled, passages)
    }

    /// One position's claims by stance (as `position` gives them), each claim's id with its holder, without reading
    /// any claim whole: `kb position` prints the largest position at 100,000 documents (122,000 claims) a stance
    /// at a time instead of holding every record. `count` includes the claims a review moved elsewhere.
    public func claimsByStance(of id: String, asOf: String? = nil) throws -> (count: Int, byStance: [String: (ids: [Int], holders: Set<String>)]) {
        var count = 0
        var out: [String: (ids: [Int], holders: Set<String>)] = [:]
        try forEachStance(of: id, asOf: asOf, moved: try movedByReviews()) { claim, holder, stance in
            count += 1
            guard let stance else { return }
            out[stance, default: ([], [])].ids.append(claim)
            out[stance, default: ([], [])].holders.insert(holder)
        }
        return (count, out)
    }

    /// Each claim that speaks to a position, with its holder and its stance on it as reviewed (nil when a
    /// review moved it to another position), in no particular order.
    private func forEachStance(of id: String, asOf: String?, moved: [String: [Int]], _ body: (Int, String, String?) throws -> Void) throws {
        try forEachStance(of: id, asOf: asOf, moved: moved) { claim, holder, stance, _, _ in try body(claim, holder, stance) }
    }

    /// As above, each claim also with its passage's and document's ids.
    private func forEachStance(of id: String, asOf: String?, moved: [String: [Int]], _ body: (Int, String, String?, Int, Int) throws -> Void) throws {
        var sql = """
            SELECT coalesce(r.actor, c.actor),
                   CASE WHEN r.position IS NOT NULL THEN
                            CASE WHEN r.position = ?1 THEN coalesce(r.stance,
                                (SELECT stance FROM claim_positions WHERE claim_id = c.id ORDER BY score DESC, position_id LIMIT 1), 'uncertain') END
                        ELSE (SELECT coalesce(r.stance, cp.stance) FROM claim_positions cp
                              WHERE cp.claim_id = c.id AND cp.position_id = ?1 ORDER BY cp.score DESC LIMIT 1) END,
                   c.id, c.passage_id, c.document_id
            FROM claims c JOIN documents d ON d.id = c.document_id
            LEFT JOIN reviews r ON r.key = c.key
            WHERE coalesce(r.status, '') != 'rejected' AND c.id IN (\(claimIDsSQL(position: id, parameter: "?1", movedTo: moved)))
            """
        var values: [SQLValue] = [.text(id)]
        if let asOf { sql += " AND (d.date IS NULL OR d.date <= ?2)"; values.append(.text(asOf + "\u{FFFF}")) }
        let statement = try db.prepare(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {
            try body(statement.column(2).int ?? 0, statement.column(0).string ?? "", statement.column(1).string,
                     statement.column(3).int ?? 0, statement.column(4).int ?? 0)
        }
    }

    /// The claims reviews moved to another position, by that position: usually none. Claims are not indexed by
    /// key, so this is one pass over them, made only when some review moves a claim.
    func movedByReviews() throws -> [String: [Int]] {
        guard try db.scalar("SELECT count(*) FROM reviews WHERE position IS NOT NULL").int ?? 0 > 0 else { return [:] }
        var out: [String: [Int]] = [:]
        for row in try db.rows("SELECT r.position, c.id FROM reviews r JOIN claims c ON c.key = r.key WHERE r.position IS NOT NULL") {
            if let p = row[0].string, let id = row[1].int { out[p, default: []].append(id) }
        }
        return out
    }

    /// A subquery of the ids of the claims that speak to a position (bound to `parameter`): those linked to it and those a
    /// review moved to it. As `c.id IN (…)` it is read through the links' index; the former `… OR r.position = ?`
    /// made every listing of one position a scan of all claims.
    func claimIDsSQL(position: String, parameter: String, movedTo moved: [String: [Int]]) -> String {
        var sql = "SELECT claim_id FROM claim_positions WHERE position_id = \(parameter)"
        if let ids = moved[position], !ids.isEmpty { sql += " UNION SELECT column1 FROM (VALUES " + ids.map { "(\($0))" }.joined(separator: ",") + ")" }
        return sql
    }

    /// A group of frequent unlinked claims: the concepts they share, how many there are, and the claims read
    /// (all of them, or the first few in listing order).
    public struct Suggestion {
        public var concepts: [String]
        public var count: Int
        public var claims: [ClaimRecord]
    }

    /// Frequent concept combinations among claims linked to no position (their first three concepts): candidates
    /// for new positions, the largest groups first. The groups are counted from the claims' concept codes alone
    /// (reading every claim first took 78 s and 5.5 GB at 100,000 documents); with `examples`, only that many
    /// claims of each group are then read whole, the first in listing order (date, document, passage, place):
    /// the chosen groups hold a million claims at 100,000 documents, and reading them all took 47 s and 700 MB
    /// to print three of each.
    public func suggestions(limit: Int = 10, examples: Int? = nil) throws -> [Suggestion] {
        let conceptNames = try ConceptCodes.table(db)
        struct Group { var ids: [Int] = []; var first: [(key: SortKey, id: Int)] = [] }
        struct SortKey: Comparable {
            var date: String, document: Int, passage: Int, start: Int
            static func < (a: SortKey, b: SortKey) -> Bool { (a.date, a.document, a.passage, a.start) < (b.date, b.document, b.passage, b.start) }
        }
        var groups: [Group] = [], names: [String] = [], numberOf: [String: Int] = [:]
        let unlinked = try db.prepare("""
            SELECT c.id, c.concepts, coalesce(d.date, '9999'), d.id, c.passage_id, c.start
            FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN reviews r ON r.key = c.key
            WHERE coalesce(r.status, '') != 'rejected' AND r.position IS NULL
              AND NOT EXISTS (SELECT 1 FROM claim_positions cp WHERE cp.claim_id = c.id)
            """)
        defer { unlinked.reset() }
        // Many claims share a concept list: each distinct list is decoded once, to its group's number (-1: none).
        var groupOfCodes: [String: Int] = [:]
        while try unlinked.step() {
            guard let id = unlinked.column(0).int else { continue }
            let codes = unlinked.column(1).string ?? ""
            var g = groupOfCodes[codes] ?? -2
            if g == -2 {
                let concepts = ConceptCodes.decode(codes, table: conceptNames)
                g = -1
                if concepts.count >= 2 {
                    let name = Array(concepts.sorted().prefix(3)).joined(separator: " + ")
                    if let known = numberOf[name] { g = known } else {
                        g = names.count
                        numberOf[name] = g
                        names.append(name)
                        groups.append(Group())
                    }
                }
                groupOfCodes[codes] = g
            }
            guard g >= 0 else { continue }
            groups[g].ids.append(id)
            if let examples {
                let key = SortKey(date: unlinked.column(2).string ?? "9999", document: unlinked.column(3).int ?? 0,
                                  passage: unlinked.column(4).int ?? 0, start: unlinked.column(5).int ?? 0)
                if groups[g].first.count < examples || key < groups[g].first[groups[g].first.count - 1].key {
                    groups[g].first.append((key, id))
                    groups[g].first.sort { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }
                    if groups[g].first.count > examples { groups[g].first.removeLast() }
                }
            }
        }
        let chosen = zip(names, groups).map { (key: $0.0, value: $0.1) }.filter { $0.value.ids.count >= 2 }
            .sorted { $0.value.ids.count != $1.value.ids.count ? $0.value.ids.count > $1.value.ids.count : $0.key < $1.key }.prefix(limit)
        var f = Filter()
        let read = chosen.map { g in (g.key, examples == nil ? g.value.ids : g.value.first.map(\.id)) }
        f.ids = read.flatMap(\.1)
        var claimsByGroup: [String: [ClaimRecord]] = [:]
        let groupOf = Dictionary(uniqueKeysWithValues: read.flatMap { g in g.1.map { ($0, g.0) } })
        try forEachClaim(f) { c in if let g = groupOf[c.id] { claimsByGroup[g, default: []].append(c) } }
        return chosen.map { Suggestion(concepts: $0.key.components(separatedBy: " + "), count: $0.value.ids.count, claims: claimsByGroup[$0.key] ?? []) }
    }

    /// Contradictions and agreements with other holders on the same position.
    public func links(claimID: Int) throws -> [(other: Int, position: String, relation: String)] {
        try db.rows("SELECT other, position, relation FROM claim_links WHERE claim = ? ORDER BY relation, other", [.int(Int64(claimID))]).map {
            ($0[0].int ?? 0, $0[1].string ?? "", $0[2].string ?? "")
        }
    }
}

/// A claim's quote and explanation as stored: what the passage and the other columns can give back is left out.
enum ClaimText {
    /// The claim's words: its span of the passage, without surrounding blanks.
    static func derive(_ passage: CharacterOffsets, start: Int, end: Int) -> String {
        guard start >= 0, start <= end, let span = passage[start..<end] else { return "" }
        return String(span).trimmingBlanks
    }

    /// The explanation lines kept: the concept list is in `concepts`, each position's cues in `claim_positions`.
    /// The most common actor line, "the document's issuer", is left out too: every extracted claim opens with
    /// exactly one actor line, so a stored explanation without one stands for it.
    static func storedWhy(_ why: [String]) -> [String] {
        let kept = why.filter { !$0.hasPrefix("concepts: ") && !$0.hasPrefix("position ") }
        return kept.first == issuerLine ? Array(kept.dropFirst()) : kept
    }

    static let issuerLine = "actor: the document's issuer"

    /// The explanation as the extractor gave it, less the position lines shown with each position.
    static func fullWhy(_ stored: [String], concepts: [String]) -> [String] {
        let stored = stored.contains(where: { $0.hasPrefix("actor: ") }) ? stored : [issuerLine] + stored
        guard !concepts.isEmpty else { return stored }
        let lead = stored.prefix { $0.hasPrefix("actor: ") || $0.hasPrefix("modality: ") }
        return Array(lead) + ["concepts: " + concepts.joined(separator: ", ")] + stored.dropFirst(lead.count)
    }
}
