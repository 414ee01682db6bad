import ArgumentParser
import Foundation
import SearchIndex

/// `kb show`: one passage in full, in its section, with where it came from.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a passage in full with its section, the document's metadata and the source lines."
    )

    @OptionGroup var index: IndexOptions

    @Argument(help: ArgumentHelp("A passage anchor as printed by search, e.g. stockholm-zoomx#p14.", valueName: "ANCHOR"))
    var anchor: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        try guarded {
            let idx = try Index(path: index.path, create: false)
            let library = Library(index: idx)
            guard let passage = try library.passage(anchor: anchor) else {
                if let gone = try Refresher.removal(anchor, db: idx.db) {
                    let when = gone.refresh.map { "in refresh \($0) (\(gone.at))" } ?? "on \(gone.at)"
                    throw Failure(message: "passage \(anchor) was removed \(when); it read: “\(gone.text.prefix(200))”")
                }
                let prefix = anchor.split(separator: "#").first.map(String.init) ?? anchor
                let near = try library.anchors(like: prefix + "#", limit: 3)
                let hint = near.isEmpty ? "list documents with 'kb docs'" : "e.g. \(near.joined(separator: ", "))"
                throw Failure(message: "no passage with anchor '\(anchor)' in \(index.path) (\(hint))")
            }
            let section = try library.passages(inSectionOf: passage)
            let catalog = ReferenceCatalog(index: idx)
            let refs = try catalog.occurrences(inPassage: passage.id)
            let links = try catalog.links(documentID: passage.document.id)
            if json {
                var o = ShowPresenter.json(passage, section: section)
                o["references"] = refs.map { ["target": $0.target, "kind": $0.kind, "surface": $0.surface, "start": $0.start, "end": $0.end] }
                o["links"] = ["cites": links.cites, "cited_by": links.citedBy]
                try Console.json(o)
            } else {
                ShowPresenter.print(passage, section: section)
                if !refs.isEmpty {
                    Console.out("")
                    Console.out(Console.style("References in this passage:", .bold))
                    for r in refs { Console.out("  \(r.target)  “\(r.surface)”") }
                }
                if !links.cites.isEmpty { Console.out("Cites documents: " + links.cites.joined(separator: ", ")) }
                if !links.citedBy.isEmpty { Console.out("Cited by: " + links.citedBy.joined(separator: ", ")) }
            }
        }
    }
}
