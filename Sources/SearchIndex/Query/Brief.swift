import Foundation
import Ingest

/// A comparison brief: where the parties agree and differ on the positions a topic touches, each point quoted and cited.
public struct Brief: Sendable {
    /// One party's word on one position.
    public struct PartyPoint: Sendable {
        public var party: String
        /// affirms, denies, qualifies, uncertain, or "not stated".
        public var stance: String
        public var quote: String?
        public var citation: Int?
        public var reportedBy: [String]
        public var source: String?
        public var anchor: String?
        public var supersededBy: String?
        /// Further claims of the party on this position (citation numbers).
        public var more: [Int]
    }

    /// One position and every party's point on it.
    public struct Point: Sendable {
        public var positionID: String
        public var title: String
        public var titleSV: String
        /// agree, disagree, one-sided, qualified.
        public var agreement: String
        public var parties: [PartyPoint]
    }

    /// A numbered source a quote cites.
    public struct Source: Sendable {
        public var number: Int
        public var issuer: String
        public var title: String
        public var date: String
        public var section: String?
        public var anchor: String
        public var location: String
        public var page: Int?
        public var file: String
        public var passageText: String
    }

    public var topic: String
    public var question: String
    public var parties: [String]
    public var asOf: String?
    public var matching: String
    public var corpus: [DocumentSummary]
    public var points: [Point]
    /// Per party: the legal references and authorities its claims rely on.
    public var authorities: [String: [String]]
    public var sources: [Source]

    public var agreeCount: Int { points.filter { $0.agreement == "agree" }.count }
    public var disagreeCount: Int { points.filter { $0.agreement == "disagree" }.count }
    public var oneSidedCount: Int { points.filter { $0.agreement == "one-sided" }.count }
    public var qualifiedCount: Int { points.filter { $0.agreement == "qualified" }.count }
}

/// Builds briefs from the index: picks the positions a topic touches and each party's strongest claim on them.
public struct BriefBuilder {
    let index: Index
    public init(index: Index) { self.index = index }

    /// How the topic is chosen: free text, explicit position ids, or "the positions this document touches".
    public enum Topic: Sendable {
        case text(String)
        case positions([String])
        case document(String)
    }

    public func build(topic: Topic, parties: [String], asOf: String?) throws -> Brief {
        let store = ClaimStore(index: index)
        let library = Library(index: index)
        var topicDocuments = Set<Int>()
        var matching = ""
        var topicName = ""
        let chosen: [String]
        switch topic {
        case .positions(let ids):
            let known = try store.positionIDs()
            if let unknown = ids.first(where: { !known.contains($0) }) {
                throw IndexError("no position '\(unknown)': see 'kb positions' for the ids")
            }
            chosen = known.filter(ids.contains)
            topicName = ids.joined(separator: ", ")
            matching = "positions chosen by id: \(ids.joined(separator: ", "))"
        case .document(let d):
            guard let doc = try library.documents().first(where: { $0.slug == d || ($0.source as NSString).lastPathComponent == d }) else {
                throw IndexError("no document '\(d)': see 'kb docs' for the ids")
            }
            topicDocuments = [doc.id]
            chosen = try store.positionIDs(touching: topicDocuments, asOf: asOf)
            topicName = doc.title
            matching = "the positions that claims in \(doc.slug) (“\(doc.title)”) touch"
        case .text(let text):
            topicName = text
            let query = try QueryParser.parse(text)
            let results = try SearchEngine(index: index).search(query, raw: text, limit: 200)
            let strict = results.hits.filter(\.matchedAll)
            topicDocuments = Set(strict.map(\.passage.document.id))
            let titles = Set(strict.map(\.passage.document.slug)).sorted()
            chosen = try store.positionIDs(touching: topicDocuments, asOf: asOf)
            matching = "search “\(text)” (with the thesaurus) matched \(results.total) passage(s) in \(titles.count) document(s): \(titles.joined(separator: ", ")); the positions are those claims in these documents link to"
        }
        // Only the chosen positions' claims are read (at 100,000 documents all of them are 660,000), and of
        // those only the parties' claims and the claims they report: the rest are not used below.
        let named = parties
        let concerned: ClaimStore.Filter.HolderTest = { actor, reportedBy in
            named.contains { p in Self.isParty(actor, p) || reportedBy.contains { Self.isParty($0, p) } }
        }
        let all = try chosen.compactMap { try store.position($0, asOf: asOf, holder: concerned) }
        var sources: [Brief.Source] = []
        var sourceNumbers: [Int: Int] = [:]   // claim id → source number
        func cite(_ c: ClaimRecord) -> Int {
            if let n = sourceNumbers[c.id] { return n }
            let p = c.passage
            let n = sources.count + 1
            sources.append(Brief.Source(number: n, issuer: p.document.issuer ?? "Unknown issuer", title: p.document.title, date: p.document.date ?? "undated",
                                        section: p.sectionHeading, anchor: p.anchor, location: p.location, page: p.page, file: p.document.source,
                                        passageText: p.text))
            sourceNumbers[c.id] = n
            return n
        }
        var authorities: [String: Set<String>] = [:]
        let refs = ReferenceCatalog(index: index)
        var points: [Brief.Point] = []
        for position in all {
            var partyPoints: [Brief.PartyPoint] = []
            for party in parties {
                let theirs = position.claims.filter { Self.isParty($0.actor, party) }
                let ranked = theirs.sorted { a, b in
                    let ka = Self.rank(a, position: position.id, topic: topicDocuments), kb = Self.rank(b, position: position.id, topic: topicDocuments)
                    return ka != kb ? ka > kb : a.id < b.id
                }
                guard let best = ranked.first else {
                    partyPoints.append(Brief.PartyPoint(party: party, stance: "not stated", quote: nil, citation: nil, reportedBy: [], source: nil,
                                                        anchor: nil, supersededBy: nil, more: []))
                    continue
                }
                let stance = Self.stance(of: theirs, position: position.id)
                let n = cite(best)
                let more = ranked.dropFirst().prefix(3).map(cite)
                partyPoints.append(Brief.PartyPoint(party: party, stance: stance, quote: best.text, citation: n, reportedBy: best.reportedBy,
                                                    source: best.passage.document.source, anchor: best.passage.anchor, supersededBy: best.supersededBy, more: more))
                for c in theirs {
                    for r in try refs.occurrences(inPassage: c.passage.id) where ["gdpr", "cjeu", "edpb", "eu-act", "sfs", "sfs-provision", "us-law", "treaty"].contains(r.kind) {
                        authorities[party, default: []].insert(r.target)
                    }
                }
                // Whom the party invokes: claims it reports ("eSam invokes EDPB").
                for c in position.claims where c.reportedBy.contains(where: { Self.isParty($0, party) }) && !Self.isParty(c.actor, party) {
                    authorities[party, default: []].insert("\(c.actor) (invoked)")
                }
            }
            guard partyPoints.contains(where: { $0.quote != nil }) else { continue }
            points.append(Brief.Point(positionID: position.id, title: position.titleEN, titleSV: position.titleSV,
                                      agreement: Self.agreement(partyPoints), parties: partyPoints))
        }
        // Disagreements first: that is what the reader needs to see.
        let order = ["disagree": 0, "qualified": 1, "agree": 2, "one-sided": 3]
        points = points.enumerated().sorted { (order[$0.element.agreement] ?? 9, $0.offset) < (order[$1.element.agreement] ?? 9, $1.offset) }.map(\.element)
        var corpus = try library.documents()
        if let asOf { corpus = corpus.filter { $0.date == nil || $0.date! <= asOf + "\u{FFFF}" } }
        let question = "Where do \(Self.list(parties)) agree and differ on \(topicName), and on what authority?"
        return Brief(topic: topicName, question: question, parties: parties, asOf: asOf, matching: matching, corpus: corpus, points: points,
                     authorities: authorities.mapValues { $0.sorted() }, sources: sources)
    }

    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// A party named "eSam" matches the actor "eSam"; "Stockholm" matches "Stockholms stad".
    static func isParty(_ actor: String, _ party: String) -> Bool {
        let a = Folding.fold(actor.lowercased()), p = Folding.fold(party.lowercased())
        return a == p || a.hasPrefix(p) || p.hasPrefix(a) && a.count >= 3
    }

    /// Decided stances first, then the link score, then claims in the topic's documents.
    static func rank(_ c: ClaimRecord, position: String, topic: Set<Int>) -> Double {
        guard let link = c.positions.first(where: { $0.id == position }) else { return 0 }
        var r = link.score
        if link.stance == "affirms" || link.stance == "denies" { r += 2 } else if link.stance == "qualifies" { r += 1 }
        if topic.contains(c.passage.document.id) { r += 0.5 }
        if c.supersededBy != nil { r -= 1 }
        return r
    }

    /// A party's overall stance: its decided claims if they agree or one side outnumbers the other at least
    /// two to one (Stockholm affirms three times that EU storage protects and once says stored chats are at
    /// risk), "qualifies" when they are evenly mixed.
    static func stance(of claims: [ClaimRecord], position: String) -> String {
        let stances = claims.compactMap { $0.positions.first { $0.id == position }?.stance }
        let affirms = stances.filter { $0 == "affirms" }.count, denies = stances.filter { $0 == "denies" }.count
        if affirms > 0 || denies > 0 {
            if affirms >= 2 * denies { return "affirms" }
            if denies >= 2 * affirms { return "denies" }
            return "qualifies"
        }
        if stances.contains("qualifies") { return "qualifies" }
        return "uncertain"
    }

    static func agreement(_ points: [Brief.PartyPoint]) -> String {
        let spoken = points.filter { $0.quote != nil }
        if spoken.count < 2 { return "one-sided" }
        let stances = Set(spoken.map(\.stance))
        if stances.contains("affirms") && stances.contains("denies") { return "disagree" }
        if stances.count == 1, let s = stances.first, s == "affirms" || s == "denies" { return "agree" }
        return "qualified"
    }
}
