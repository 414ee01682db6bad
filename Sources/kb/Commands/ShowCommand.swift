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
                let prefix = anchor.split(separator: "#").first.map(String.init) ?? anchor
                let near = try library.anchors(like: prefix + "#", limit: 3)
                let hint = near.isEmpty ? "list documents with 'kb docs'" : "e.g. \(near.joined(separator: ", "))"
                throw Failure(message: "no passage with anchor '\(anchor)' in \(index.path) (\(hint))")
            }
            let section = try library.passages(inSectionOf: passage)
            if json {
                try Console.json(ShowPresenter.json(passage, section: section))
            } else {
                ShowPresenter.print(passage, section: section)
            }
        }
    }
}
