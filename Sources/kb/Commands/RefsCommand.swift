import ArgumentParser
import Foundation
import Ingest
import SearchIndex

/// `kb refs`: the legal sources the corpus cites, and how widely.
struct RefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refs",
        abstract: "List the legal references found (GDPR articles, cases, EDPB documents, statutes, diary numbers...).",
        discussion: "Kinds: \(LegalReference.Kind.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @OptionGroup var index: IndexOptions

    @Flag(name: .long, help: "List every occurrence with its exact surface text, passage and offsets.")
    var occurrences = false

    @Option(name: .long, help: ArgumentHelp("Only references of this kind.", valueName: "KIND"))
    var kind: String?

    @Flag(name: .long, help: "Print JSON: {references:[{target,kind,label,passages,documents}]} or, with --occurrences, {occurrences:[{target,kind,surface,document,passage,start,end}]}.")
    var json = false

    func validate() throws {
        if let kind, LegalReference.Kind(rawValue: kind) == nil {
            throw ValidationError("unknown kind '\(kind)': use one of \(LegalReference.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try guarded {
            let catalog = ReferenceCatalog(index: try Index(path: index.path, create: false))
            if occurrences {
                let list = try catalog.occurrences(kind: kind)
                if json {
                    try Console.json(["occurrences": list.map(ReferencePresenter.occurrenceJSON)])
                } else {
                    for o in list {
                        Console.out("\(Console.style(o.target, .bold))  “\(o.surface)”  \(Console.style(o.passage.anchor, .anchor)) [\(o.start)–\(o.end)]")
                    }
                }
                return
            }
            let targets = try catalog.targets(kind: kind)
            if json {
                try Console.json(["references": targets.map { t -> [String: Any] in
                    var o: [String: Any] = ["target": t.target, "kind": t.kind, "label": t.label, "passages": t.passages, "documents": t.documents]
                    if !t.resolvesTo.isEmpty { o["in_corpus"] = t.resolvesTo }
                    return o
                }])
            } else {
                if targets.isEmpty { Console.out("no legal references found"); return }
                let width = min(max(targets.map(\.target.count).max() ?? 0, 10), 44)
                Console.out(Console.style("TARGET".padded(to: width) + "  KIND            DOCS  PASSAGES", .bold))
                for t in targets {
                    let name = t.target.count > width ? String(t.target.prefix(width - 1)) + "…" : t.target.padded(to: width)
                    var line = name + "  " + t.kind.padded(to: 14) + String(format: "  %4d  %8d", t.documents, t.passages)
                    if !t.resolvesTo.isEmpty { line += "  → " + t.resolvesTo.joined(separator: ", ") }
                    Console.out(line)
                }
                Console.out("\(targets.count) target(s); `kb cites TARGET` lists the citing passages")
            }
        }
    }
}

/// `kb cites`: the passages that cite one legal source.
struct CitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cites",
        abstract: "List the passages citing a legal source, with citations (e.g. kb cites \"Article 46\", kb cites \"Schrems II\").",
        discussion: "The target may be written as in the text (\"art. 46(2)(c)\", \"OSL\", \"DI-2020-11373\") or as printed by 'kb refs'. A target also matches its sub-provisions: \"GDPR art. 46\" includes \"GDPR art. 46(2)(c)\"."
    )

    @OptionGroup var index: IndexOptions

    @Argument(help: ArgumentHelp("The legal source.", valueName: "TARGET"))
    var target: [String]

    @Option(name: .long, help: "How many passages to show at most.")
    var limit: Int = 50

    @Flag(name: .long, help: "Print JSON: {target, occurrences:[{target,kind,surface,document,passage,start,end,citation}]}.")
    var json = false

    func run() throws {
        try guarded {
            let idx = try Index(path: index.path, create: false)
            let extractor = ReferenceExtractor(sources: (try? LegalSources.locate(near: [])) ?? LegalSources())
            let normalised = ReferenceCatalog.normalise(target.joined(separator: " "), extractor: extractor)
            let list = try ReferenceCatalog(index: idx).occurrences(target: normalised, limit: limit)
            if json {
                try Console.json(["target": normalised, "occurrences": list.map(ReferencePresenter.occurrenceJSON)])
                return
            }
            if list.isEmpty { Console.out("no passage cites \(normalised)"); return }
            Console.out(Console.style("\(list.count) citation(s) of \(normalised)", .dim))
            for o in list {
                Console.out("")
                Console.out(Console.style(o.passage.anchor, .anchor) + "  " + Console.style(o.target, .bold))
                Console.out("   " + Console.style(o.passage.citation, .dim))
                let ranges = ScalarRanges.characterRanges([o.start..<o.end], in: o.passage.text)
                let snippet = Snippet.window(o.passage.text, ranges, width: 320)
                Console.out("   " + Console.highlight(snippet.text, snippet.ranges))
            }
        }
    }
}

/// JSON shapes of references.
enum ReferencePresenter {
    static func occurrenceJSON(_ o: ReferenceOccurrence) -> [String: Any] {
        ["target": o.target, "kind": o.kind, "label": o.label, "surface": o.surface, "start": o.start, "end": o.end,
         "document": ["source": o.passage.document.source, "id": o.passage.document.slug, "title": o.passage.document.title,
                      "issuer": o.passage.document.issuer ?? NSNull()] as [String: Any],
         "passage": ["anchor": o.passage.anchor], "citation": o.passage.citation]
    }
}
