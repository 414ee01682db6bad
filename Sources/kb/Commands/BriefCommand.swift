import ArgumentParser
import Foundation
import Ingest
import SearchIndex

/// `kb brief`: a comparison brief a lawyer can hand on.
struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Compare parties on the positions a topic touches: each point quoted verbatim and cited.",
        discussion: """
            Pick the topic by free text (--topic, matched by search and the thesaurus), by position ids (--position, repeatable) \
            or by a document (--document: the positions its claims touch). Formats: md (default), html (one self-contained file, \
            prints on A4), docx (Word, citations as footnotes), json.
            """
    )

    @OptionGroup var index: IndexOptions

    @Option(name: .long, help: ArgumentHelp("The topic as free text, e.g. \"Zoom X\".", valueName: "TEXT"))
    var topic: String?

    @Option(name: .long, help: ArgumentHelp("A position id to compare on (repeatable).", valueName: "ID"))
    var position: [String] = []

    @Option(name: .long, help: ArgumentHelp("Compare on the positions this document's claims touch.", valueName: "DOC"))
    var document: String?

    @Option(name: .long, help: ArgumentHelp("A party (organisation) to compare (repeat: at least two).", valueName: "NAME"))
    var party: [String] = []

    @Option(name: .long, help: ArgumentHelp("Answer as the corpus stood on this date.", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(name: .long, help: "Output format: md, html, docx or json.")
    var format: String = "md"

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (required for docx; default: standard output).", valueName: "FILE"))
    var output: String?

    @Flag(name: .long, help: "Leave out the generation timestamp, so the same corpus gives the same bytes.")
    var noTimestamp = false

    func validate() throws {
        guard ["md", "markdown", "html", "docx", "json"].contains(format) else { throw ValidationError("--format must be md, html, docx or json") }
        if party.count < 1 { throw ValidationError("name at least one --party (usually two: --party \"Stockholms stad\" --party eSam)") }
        if topic == nil && position.isEmpty && document == nil { throw ValidationError("give --topic TEXT, --position ID or --document DOC") }
        if format == "docx" && output == nil { throw ValidationError("--format docx needs -o FILE") }
        if let asOf, ISODate.normalise(asOf) == nil { throw ValidationError("--as-of must be a date: YYYY-MM-DD") }
    }

    func run() throws {
        try guarded {
            let idx = try Index(path: index.path, create: false)
            let chosen: BriefBuilder.Topic
            if !position.isEmpty { chosen = .positions(position) }
            else if let document { chosen = .document(document) }
            else { chosen = .text(topic ?? "") }
            let brief: Brief
            do {
                brief = try BriefBuilder(index: idx).build(topic: chosen, parties: party, asOf: asOf.flatMap(ISODate.normalise))
            } catch let e as QuerySyntaxError {
                throw Failure(message: "topic: \(e.message)")
            }
            let generated = noTimestamp ? nil : ISODate.timestamp(Date())
            let data: Data
            switch format {
            case "html": data = Data(BriefRenderer.html(brief, generated: generated).utf8)
            case "docx": data = try BriefRenderer.docx(brief, generated: generated)
            case "json":
                data = try JSONSerialization.data(withJSONObject: BriefRenderer.json(brief, generated: generated),
                                                  options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]) + Data("\n".utf8)
            default: data = Data(BriefRenderer.markdown(brief, generated: generated).utf8)
            }
            if let output {
                do { try data.write(to: URL(fileURLWithPath: output)) } catch {
                    throw Failure(message: "cannot write \(output): \(error.localizedDescription)")
                }
                if !brief.points.isEmpty || Console.stderrIsTerminal {
                    Console.warn("wrote \(output): \(brief.points.count) point(s), \(brief.sources.count) source(s)")
                }
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
