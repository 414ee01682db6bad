import ArgumentParser
import Foundation
import SearchIndex

/// Starts kb: `kb --version` and plain searches directly, everything else through the argument parser.
@main
enum Main {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        if args == ["--version"] { print("kb \(KB.version)"); return }
        if let request = SearchRequest.direct(args) {
            do { try request.run() } catch let f as Failure {
                Console.error(f.message)
                exit(f.code)
            } catch {
                Console.error("\(error)")
                exit(1)
            }
            return
        }
        KB.main()
    }
}

/// The `kb` command: an offline knowledge base of legal positions with verifiable citations.
struct KB: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Search guidance, decisions and memos on cloud services and GDPR transfers, with citations you can check.",
        discussion: """
            The index lives in $KB_DB, or in $XDG_DATA_HOME/kb/index.sqlite (~/.local/share/kb/index.sqlite); \
            every command takes --db FILE to use another.
            Exit status: 0 success, 1 error, 2 usage error, 3 ingest finished but some files were skipped.
            """,
        version: "kb \(version)",
        subcommands: [IngestCommand.self, SearchCommand.self, ShowCommand.self, DocsCommand.self, RefsCommand.self, CitesCommand.self, PositionsCommand.self, PositionCommand.self, ClaimsCommand.self, BriefCommand.self, RefreshCommand.self, ChangesCommand.self]
    )
}

/// The `--db` option every command shares.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Index file to use (default: $KB_DB, else $XDG_DATA_HOME/kb/index.sqlite).", valueName: "FILE"))
    var db: String?

    var path: String { IndexLocation.resolve(db) }

    /// Opens the index for writing, after any other ingest or refresh of it has finished: one writer at a time.
    func writing<T>(_ body: (Index) throws -> T) throws -> T {
        let path = self.path
        let lock = try Refresher.lock(path) { Console.warn("another refresh or ingest of \(path) is running; waiting for it to finish") }
        defer { Refresher.unlock(lock) }
        return try body(try Index(path: path))
    }
}

/// Ends a command with a one-line message on standard error and a non-zero status.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 1
    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`, turning any error into `kb: <message>` on stderr and exit status 1.
    func guarded(_ body: () throws -> Void) throws {
        do { try body() } catch let f as Failure {
            Console.error(f.message)
            throw ExitCode(f.code)
        } catch let e as ExitCode {
            throw e
        } catch {
            Console.error("\(error)")
            throw ExitCode(1)
        }
    }
}
