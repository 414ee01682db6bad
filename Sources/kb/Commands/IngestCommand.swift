import ArgumentParser
import Foundation
import SearchIndex

/// `kb ingest`: read files and directories into the index.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read documents (text, Markdown, HTML, PDF, Word, Excel, CSV/TSV) into the index.",
        discussion: "Directories are read recursively. A file that cannot be read is reported on one line and skipped; the rest is indexed. Unchanged files are left as they are."
    )

    @OptionGroup var index: IndexOptions

    @Argument(help: ArgumentHelp("Files or directories to ingest.", valueName: "PATH"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Skip files larger than this many MiB.", valueName: "MIB"))
    var maxSize: Int = 64

    @Option(name: .long, help: ArgumentHelp("Read documents on this many threads beside the one that writes the index (default: one per core).", valueName: "N"))
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print one JSON object with the outcome of every file.")
    var json = false

    func run() throws {
        try guarded {
            try index.writing { idx in
                let ingestor = Ingestor(index: idx, maxSize: maxSize * 1_048_576)
                if let jobs { ingestor.workers = max(1, jobs) }
                let progress = Progress(label: "ingest", enabled: !quiet && !json && Console.stderrIsTerminal)
                let report = try ingestor.ingest(paths, listsWritten: false, progress: { progress.update(done: $0, total: $1) }, onEvent: { event in
                    switch event.outcome {
                    case .failed(let why), .skipped(let why):
                        progress.clear()
                        Console.warn("\(event.path): \(why)")
                    case .written:
                        for note in event.notes where !quiet && !json {
                            progress.clear()
                            Console.warn("\(event.path): \(note)")
                        }
                    }
                })
                progress.finish()
                if json {
                    try Console.json([
                        "added": report.added, "replaced": report.replaced, "unchanged": report.unchanged,
                        "failed": report.failed.map { ["path": $0.path, "error": Self.reason($0.outcome)] },
                        "passages": report.passages, "db": index.path,
                    ])
                } else if !quiet {
                    var line = "indexed \(report.added + report.replaced) document(s) (\(report.added) new, \(report.replaced) changed, \(report.unchanged) unchanged\(report.renamed > 0 ? ", \(report.renamed) moved" : "")), \(report.passages) passages"
                    if !report.failed.isEmpty { line += "; \(report.failed.count) skipped" }
                    Console.out(line + " -> \(index.path)")
                }
                if !report.failed.isEmpty { throw ExitCode(3) }
            }
        }
    }

    static func reason(_ o: IngestEvent.Outcome) -> String {
        switch o { case .failed(let s), .skipped(let s): return s; case .written(let w): return w.rawValue }
    }
}

/// A one-line progress display on a terminal: done, total, rate and time left.
final class Progress {
    let label: String
    let enabled: Bool
    let start = Date()
    var shown = false

    init(label: String, enabled: Bool) { self.label = label; self.enabled = enabled }

    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 0.5 else { return }
        let rate = Double(done) / max(elapsed, 0.001)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r%@: %d/%d files, %.0f/s, %.0f s left ", label, done, total, rate, left)
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }

    func finish() { clear() }
}
