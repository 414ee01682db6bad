import ArgumentParser
import Foundation
import SearchIndex

/// `kb docs`: the documents in the index.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "List the indexed documents with issuer, kind, date, language and passage count."
    )

    @OptionGroup var index: IndexOptions

    @Flag(name: .long, help: "Print JSON: {documents:[{source,title,issuer,kind,date,language,passages,...}]}.")
    var json = false

    func run() throws {
        try guarded {
            let idx = try Index(path: index.path, create: false)
            let docs = try Library(index: idx).documents()
            if json {
                try Console.json(["documents": docs.map(DocumentPresenter.json)])
            } else {
                DocumentPresenter.table(docs)
            }
        }
    }
}
