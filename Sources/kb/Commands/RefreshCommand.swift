import ArgumentParser
import Foundation
import Ingest
import SearchIndex

/// `kb refresh`: bring the index up to date with its corpus folders, and say what changed.
struct RefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Re-scan the corpus folders the index knows (and any PATH given), re-read only what changed, and print a digest.",
        discussion: """
            New, changed, moved and removed files are found by size, modification time and content hash; unchanged passages \
            keep their anchors. Editing the data files in corpus/ (thesaurus, positions, organisations, legal sources) or \
            upgrading kb re-derives the documents on the next refresh. A PATH not yet known becomes a corpus folder.
            """
    )

    @OptionGroup var index: IndexOptions

    @Argument(help: ArgumentHelp("Folders or files to add to the corpus folders (with --only: the ones to re-read).", valueName: "PATH"))
    var paths: [String] = []

    @Flag(name: .long, help: "Re-read only the PATHs given (files or folders, a removed file included), not every corpus folder: fast when you know what changed.")
    var only = false

    @Flag(name: .long, help: "Print the digest as JSON: {added,changed,renamed,removed,failed,positions,contradictions,references}.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors and the summary.")
    var quiet = false

    func run() throws {
        try guarded {
            try index.writing { idx in
                let progress = Progress(label: "refresh", enabled: !quiet && !json && Console.stderrIsTerminal)
                let digest = try Refresher(index: idx).refresh(paths, only: only, progress: { progress.update(done: $0, total: $1) }, onEvent: { e in
                    if case .failed(let why) = e.outcome { progress.clear(); Console.warn("\(e.path): \(why)") }
                })
                progress.finish()
                if json {
                    let data = try JSONEncoder.sorted.encode(digest)
                    FileHandle.standardOutput.write(data + Data("\n".utf8))
                } else {
                    DigestPresenter.print(digest, quiet: quiet)
                }
                if !digest.failed.isEmpty { throw ExitCode(3) }
            }
        }
    }
}

/// `kb changes`: the digests of earlier refreshes.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "changes", abstract: "Show what earlier refreshes changed.")
    @OptionGroup var index: IndexOptions
    @Option(name: .long, help: ArgumentHelp("Only refreshes on or after this date.", valueName: "YYYY-MM-DD")) var since: String?
    @Flag(name: .long, help: "Print JSON: {refreshes:[digest...]}.") var json = false

    func run() throws {
        try guarded {
            let list = try Refresher(index: try Index(path: index.path, create: false)).changes(since: since.flatMap(ISODate.normalise))
            if json {
                let data = try JSONEncoder.sorted.encode(["refreshes": list])
                FileHandle.standardOutput.write(data + Data("\n".utf8))
                return
            }
            if list.isEmpty { Console.out("no refreshes recorded" + (since.map { " since \($0)" } ?? "")); return }
            for d in list { DigestPresenter.print(d, quiet: false); Console.out("") }
        }
    }
}

/// How a refresh digest reads on a terminal.
enum DigestPresenter {
    static func print(_ d: RefreshDigest, quiet: Bool) {
        Console.out(Console.style("refresh \(d.refresh) at \(d.at): \(d.added.count) added, \(d.changed.count) changed, \(d.renamed.count) moved, \(d.removed.count) removed, \(d.failed.count) failed", .bold))
        if quiet { return }
        for p in d.added { Console.out("  + \(p)") }
        for p in d.changed { Console.out("  ~ \(p)") }
        for r in d.renamed { Console.out("  → \(r.from) → \(r.to)") }
        for p in d.removed { Console.out("  - \(p)") }
        for f in d.failed { Console.out("  ! \(f.path): \(f.error)") }
        if !d.removedPassages.isEmpty { Console.out("  passages removed: \(d.removedPassages.count) (kb show ANCHOR says when)") }
        for p in d.positions {
            Console.out(Console.style("  position \(p.id)", .anchor) + " — \(p.title)")
            Console.out("    affirms \(p.before.affirms.count) → \(p.after.affirms.count), denies \(p.before.denies.count) → \(p.after.denies.count), qualifies \(p.before.qualifies.count) → \(p.after.qualifies.count)")
            for c in p.newClaims.prefix(5) { Console.out("    new: \(c.count > 160 ? String(c.prefix(159)) + "…" : c)") }
            if p.newClaims.count > 5 { Console.out("    … and \(p.newClaims.count - 5) more new") }
            for c in p.withdrawnClaims.prefix(5) { Console.out("    gone: \(c.count > 160 ? String(c.prefix(159)) + "…" : c)") }
            if p.withdrawnClaims.count > 5 { Console.out("    … and \(p.withdrawnClaims.count - 5) more gone") }
        }
        for c in d.contradictions { Console.out(Console.style("  new contradiction", .red) + " on \(c.position): \(c.holders.joined(separator: " vs "))") }
        for r in d.references { Console.out("  first cited: \(r.target) (\(r.anchors.first ?? ""))") }
        if d.isEmpty { Console.out("  nothing changed") }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
