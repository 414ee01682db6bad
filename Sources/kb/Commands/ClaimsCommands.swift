import ArgumentParser
import Foundation
import Ingest
import SearchIndex

/// How claims and positions look on a terminal and in JSON.
enum ClaimPresenter {
    static func json(_ c: ClaimRecord, position: String? = nil, explain: Bool) -> [String: Any] {
        let link = position.flatMap { p in c.positions.first { $0.id == p } } ?? c.positions.first
        var o: [String: Any] = [
            "id": c.id, "key": c.key, "text": c.text, "actor": c.actor, "person": c.person ?? NSNull(), "role": c.role ?? NSNull(),
            "reported_by": c.reportedBy, "stance": link?.stance ?? "uncertain", "modality": c.modality,
            "positions": c.positions.map(\.id), "concepts": c.concepts,
            "links": c.positions.map { ["position": $0.id, "stance": $0.stance, "score": ($0.score * 100).rounded() / 100] as [String: Any] },
            "document": ["source": c.passage.document.source, "title": c.passage.document.title,
                         "issuer": c.passage.document.issuer ?? NSNull(), "date": c.passage.document.date ?? NSNull()] as [String: Any],
            "passage": ["anchor": c.passage.anchor, "text": c.passage.text], "citation": c.passage.citation,
            "review": c.review ?? NSNull(),
        ]
        if let s = c.supersededBy { o["superseded_by"] = s }
        if explain { o["why"] = c.why + c.positions.flatMap { p in p.cues.map { "\(p.id): \($0)" } } }
        return o
    }

    static func holder(_ c: ClaimRecord) -> String {
        var s = c.actor
        if let p = c.person { s += " (\(p)\(c.role.map { ", \($0)" } ?? ""))" }
        if !c.reportedBy.isEmpty { s += ", reported by " + c.reportedBy.joined(separator: ", reported by ") }
        return s
    }

    static func print(_ c: ClaimRecord, position: String?, explain: Bool) {
        let link = position.flatMap { p in c.positions.first { $0.id == p } } ?? c.positions.first
        let stance = link?.stance ?? "—"
        Console.out("  " + Console.style("[\(stance)]", stance == "denies" ? .red : .bold) + " " + holder(c) + Console.style("  \(c.modality)", .dim))
        Console.out("    “\(c.text)”")
        Console.out("    " + Console.style(c.passage.citation, .dim))
        if let s = c.supersededBy { Console.out("    " + Console.style("superseded by: \(s)", .red)) }
        if explain {
            for w in c.why { Console.out("    " + Console.style("why: \(w)", .dim)) }
            for p in c.positions { Console.out("    " + Console.style("why: \(p.id) ← " + p.cues.joined(separator: "; "), .dim)) }
        }
    }
}

/// `kb positions`: each position with its holders by stance.
struct PositionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "positions",
        abstract: "List positions with how many holders affirm, deny or qualify them, and who.",
        subcommands: [ListPositions.self, SuggestPositions.self],
        defaultSubcommand: ListPositions.self
    )

    struct ListPositions: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List positions (the default).")
        @OptionGroup var index: IndexOptions
        @Option(name: .long, help: ArgumentHelp("Only positions whose title, claims or claims' document titles mention these words (any case; a word may begin a longer one: 'pseudonym').", valueName: "TEXT"))
        var topic: String?
        @Option(name: .long, help: ArgumentHelp("Answer as the corpus stood on this date (documents dated by then).", valueName: "YYYY-MM-DD"))
        var asOf: String?
        @Flag(name: .long, help: "Print JSON: {positions:[{id,title,title_sv,counts,claims:[...]}]}.")
        var json = false

        func run() throws {
            try guarded {
                let store = ClaimStore(index: try Index(path: index.path, create: false))
                let day = asOf.flatMap(ISODate.normalise)
                if !json {
                    // Names only: read without the claims' passages.
                    let list = try store.holders(topic: topic, asOf: day)
                    if list.isEmpty, let topic, try !store.positionIDs().isEmpty {
                        Console.out("no position's title or claims mention “\(topic)”"); return
                    }
                    if list.isEmpty { Console.out("no positions (is corpus/positions.yaml ingested?)"); return }
                    for p in list { printHolders(id: p.id, titleEN: p.titleEN, titleSV: p.titleSV, noClaims: p.claimCount == 0, p.holders) }
                    return
                }
                // JSON lists every claim of each position by design.
                let list = try store.positions(topic: topic, asOf: day)
                try Console.json(["positions": list.map { p -> [String: Any] in
                    ["id": p.id, "title": p.titleEN, "title_sv": p.titleSV, "related": p.related,
                     "counts": Dictionary(uniqueKeysWithValues: Stance.allCases.map { ($0.rawValue, p.holders($0.rawValue).count) }),
                     "holders": Dictionary(uniqueKeysWithValues: Stance.allCases.map { ($0.rawValue, p.holders($0.rawValue)) }),
                     "claims": p.claims.map { ClaimPresenter.json($0, position: p.id, explain: false) }]
                }])
            }
        }

        /// One position and its holders by stance.
        func printHolders(id: String, titleEN: String, titleSV: String, noClaims: Bool, _ holders: (String) -> [String]) {
            Console.out(Console.style(id, .anchor) + "  " + Console.style(titleEN, .bold) + Console.style("  (\(titleSV))", .dim))
            for s in Stance.allCases.map(\.rawValue) {
                let h = holders(s)
                if !h.isEmpty { Console.out("    \(s.padded(to: 9)) \(h.count): \(h.joined(separator: ", "))") }
            }
            if noClaims { Console.out("    no claims yet") }
        }
    }

    struct SuggestPositions: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "suggest", abstract: "Frequent unlinked claims grouped by concepts: candidate positions.")
        @OptionGroup var index: IndexOptions
        @Flag(name: .long, help: "Print JSON: {suggestions:[{concepts,claims:[...]}]}.")
        var json = false

        func run() throws {
            try guarded {
                // The listing shows three claims of each group; JSON gives them all.
                let groups = try ClaimStore(index: try Index(path: index.path, create: false)).suggestions(examples: json ? nil : 3)
                if json {
                    try Console.json(["suggestions": groups.map { ["concepts": $0.concepts, "claims": $0.claims.map { ClaimPresenter.json($0, explain: false) }] as [String: Any] }])
                    return
                }
                if groups.isEmpty { Console.out("no frequent unlinked claims"); return }
                for g in groups {
                    Console.out(Console.style(g.concepts.joined(separator: " + "), .bold) + "  (\(g.count) claims)")
                    for c in g.claims.prefix(3) { Console.out("    “\(c.text)”  " + Console.style(c.passage.anchor, .anchor)) }
                }
            }
        }
    }
}

/// `kb position ID`: the claims on one position, by stance, oldest first.
struct PositionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "position", abstract: "Show the claims on one position grouped by stance, each quoted and cited.")
    @OptionGroup var index: IndexOptions
    @Argument(help: ArgumentHelp("The position id (see kb positions).", valueName: "ID")) var id: String
    @Option(name: .long, help: ArgumentHelp("Answer as the corpus stood on this date.", valueName: "YYYY-MM-DD")) var asOf: String?
    @Flag(name: .long, help: "Show the cues behind each actor, stance and link.") var explain = false
    @Flag(name: .long, help: "Print JSON: {positions:[{id,title,claims:[...]}]}.") var json = false

    func run() throws {
        try guarded {
            let store = ClaimStore(index: try Index(path: index.path, create: false))
            let day = asOf.flatMap(ISODate.normalise)
            guard let titles = try store.positionTitles(id) else {
                throw Failure(message: "no position '\(id)': known positions are \(try store.positionIDs().joined(separator: ", "))")
            }
            guard json else { return try printByStance(store, titles: titles, day: day) }
            guard let p = try store.position(id, asOf: day) else { return }
            try Console.json(["positions": [["id": p.id, "title": p.titleEN, "title_sv": p.titleSV,
                                             "claims": p.claims.map { ClaimPresenter.json($0, position: p.id, explain: explain) }] as [String: Any]]])
        }
    }

    /// The claims a stance at a time, each group read and printed in turn: the largest position of a
    /// 100,000-document index has 122,000 claims, and holding them all to group them took 650 MB.
    func printByStance(_ store: ClaimStore, titles: (en: String, sv: String), day: String?) throws {
        Console.out(Console.style(titles.en, .bold) + " — " + titles.sv)
        let (count, groups) = try store.claimsByStance(of: id, asOf: day)
        for s in Stance.allCases.map(\.rawValue) {
            guard let group = groups[s], !group.ids.isEmpty else { continue }
            Console.out("")
            Console.out(Console.style("\(s.uppercased()) (\(group.holders.count) holder(s))", .heading))
            var f = ClaimStore.Filter()
            f.position = id; f.asOf = day; f.ids = group.ids
            try store.forEachClaim(f) { c in
                guard c.positions.first?.stance == s else { return }
                ClaimPresenter.print(c, position: id, explain: explain)
            }
        }
        if count == 0 { Console.out("no claims on this position yet") }
    }
}

/// `kb claims`: claims filtered by actor, position or document.
struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "claims", abstract: "List claims with their holder, stance, position links and citation.")
    @OptionGroup var index: IndexOptions
    @Option(name: .long, help: ArgumentHelp("Only claims held by this actor or person.", valueName: "A")) var actor: String?
    @Option(name: .long, help: ArgumentHelp("Only claims linked to this position.", valueName: "P")) var position: String?
    @Option(name: .long, help: ArgumentHelp("Only claims in this document (id or file name).", valueName: "D")) var document: String?
    @Flag(name: .long, help: "Only claims no review in corpus/reviews.yaml has decided.") var unreviewed = false
    @Flag(name: .long, help: "Show the cues behind each actor, stance and link.") var explain = false
    @Flag(name: .long, help: "Print JSON: {claims:[{id,key,text,actor,person,role,reported_by,stance,modality,positions,concepts,document,passage,citation}]}.") var json = false

    func run() throws {
        try guarded {
            var f = ClaimStore.Filter()
            f.actor = actor; f.position = position; f.document = document; f.unreviewed = unreviewed
            let store = ClaimStore(index: try Index(path: index.path, create: false))
            // Printed as read: at 100,000 documents there are over a million claims.
            if json {
                var stream = JSONArrayStream(key: "claims", pretty: Console.stdoutIsTerminal) { FileHandle.standardOutput.write(Data($0.utf8)) }
                try store.forEachClaim(f) { stream.append(ClaimPresenter.json($0, position: position, explain: explain)) }
                stream.finish()
                return
            }
            var count = 0
            try store.forEachClaim(f) { c in
                Console.out(Console.style(c.key, .dim) + "  " + (c.positions.isEmpty ? "(no position)" : c.positions.map { "\($0.id)" }.joined(separator: ", ")))
                ClaimPresenter.print(c, position: position, explain: explain)
                count += 1
            }
            if count == 0 { Console.out("no claims match"); return }
            Console.out("\(count) claim(s)" + (unreviewed ? " not yet reviewed (add decisions to corpus/reviews.yaml)" : ""))
        }
    }
}
