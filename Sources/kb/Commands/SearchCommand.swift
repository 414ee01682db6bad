import ArgumentParser
import Foundation
import Ingest
import SearchIndex

/// `kb search`: ranked passages with citations.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find passages; each result is cited by issuer, title, date, section, anchor and lines.",
        discussion: """
            Query language: words (all must match; if too few passages match all, passages matching some follow), \
            "exact phrases", a OR b, -excluded, prefix*, and filters issuer:X kind:K lang:sv after:YYYY-MM-DD \
            before:YYYY-MM-DD doc:ID ref:"art. 46" (passages citing a legal source; alone it lists them all).
            """
    )

    @OptionGroup var index: IndexOptions

    @Argument(help: ArgumentHelp("The query (quote it in the shell).", valueName: "QUERY"))
    var words: [String]

    @Option(name: .long, help: "How many results to show.")
    var limit: Int = 10

    @Option(name: .long, help: "Skip this many results (for paging).")
    var offset: Int = 0

    @Option(name: .long, help: ArgumentHelp("Only documents whose issuer contains this text.", valueName: "NAME"))
    var issuer: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only documents of this kind (guidance, dpa-opinion, memo, ...).", valueName: "KIND"))
    var kind: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only passages in this language (sv, en, ...).", valueName: "CODE"))
    var lang: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only documents dated on or after this date.", valueName: "YYYY-MM-DD"))
    var after: String?

    @Option(name: .long, help: ArgumentHelp("Only documents dated on or before this date.", valueName: "YYYY-MM-DD"))
    var before: String?

    @Option(name: .long, help: ArgumentHelp("Answer as the corpus stood on this date: documents dated by then (undated ones are kept).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Only this document (its id or file name).", valueName: "ID"))
    var doc: [String] = []

    @Flag(name: .long, help: "Print JSON: {query, total, results:[{document, passage, citation, score, snippet, highlights}]}.")
    var json = false

    @Flag(name: .long, help: "Show how the query was understood and expanded (stems, folded forms, thesaurus).")
    var explain = false

    @Flag(name: .long, help: "Group the results by document.")
    var group = false

    func validate() throws {
        if limit < 1 || limit > 1000 { throw ValidationError("--limit must be between 1 and 1000") }
        if offset < 0 { throw ValidationError("--offset cannot be negative") }
    }

    func run() throws {
        try guarded {
            try SearchRequest(db: index.db, words: words, limit: limit, offset: offset, issuer: issuer, kind: kind, lang: lang,
                              after: after, before: before, asOf: asOf, doc: doc, json: json, explain: explain, group: group).run()
        }
    }
}

/// One search as the user asked for it: what `kb search` runs, whichever way its arguments were read.
struct SearchRequest {
    var db: String?
    var words: [String]
    var limit = 10
    var offset = 0
    var issuer: [String] = []
    var kind: [String] = []
    var lang: [String] = []
    var after: String?
    var before: String?
    var asOf: String?
    var doc: [String] = []
    var json = false
    var explain = false
    var group = false

    func run() throws {
        let raw = words.joined(separator: " ")
        var query: SearchQuery
        do {
            query = try QueryParser.parse(raw)
            for i in issuer { try QueryParser.apply(filter: "issuer", value: i, to: &query.filters) }
            for k in kind { try QueryParser.apply(filter: "kind", value: k, to: &query.filters) }
            for l in lang { try QueryParser.apply(filter: "lang", value: l, to: &query.filters) }
            for d in doc { try QueryParser.apply(filter: "doc", value: d, to: &query.filters) }
            if let after { try QueryParser.apply(filter: "after", value: after, to: &query.filters) }
            if let before { try QueryParser.apply(filter: "before", value: before, to: &query.filters) }
            if let asOf {
                guard let d = ISODate.normalise(asOf) else { throw Failure(message: "--as-of must be a date: YYYY-MM-DD") }
                query.filters.asOf = d
            }
        } catch let e as QuerySyntaxError {
            throw Failure(message: "query: \(e.message)")
        }
        let idx = try Index(path: IndexLocation.resolve(db), create: false)
        // A search reads a few hundred pages once each: a small page cache recycles its buffers, where a large one
        // took a fresh heap block for every page and the kernel faulted each in (a tenth of a search's time).
        // Pages read again come from the system's file cache.
        try idx.db.execute("PRAGMA cache_size=100")
        let results = try idx.db.reading { try SearchEngine(index: idx).search(query, raw: raw, limit: limit, offset: offset) }
        if json {
            try Console.json(SearchPresenter.json(results, explain: explain))
        } else {
            SearchPresenter.print(results, explain: explain, offset: offset, grouped: group)
        }
    }

    /// The plain forms a tool sends (`search --db F --json --limit 10 QUERY`), read without the argument
    /// parser's reflection, which costs a process more than the search itself. Anything else (help, `--x=y`,
    /// unknown or invalid options) returns nil and goes through `SearchCommand` as usual.
    static func direct(_ args: [String]) -> SearchRequest? {
        guard args.first == "search" else { return nil }
        var r = SearchRequest(words: [])
        var i = 1
        func value() -> String? {
            guard i + 1 < args.count, !args[i + 1].hasPrefix("-") || Int(args[i + 1]) != nil else { return nil }
            i += 1
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--json": r.json = true
            case "--explain": r.explain = true
            case "--group": r.group = true
            case "--db": guard let v = value() else { return nil }; r.db = v
            case "--limit": guard let v = value(), let n = Int(v), (1...1000).contains(n) else { return nil }; r.limit = n
            case "--offset": guard let v = value(), let n = Int(v), n >= 0 else { return nil }; r.offset = n
            case "--issuer": guard let v = value() else { return nil }; r.issuer.append(v)
            case "--kind": guard let v = value() else { return nil }; r.kind.append(v)
            case "--lang": guard let v = value() else { return nil }; r.lang.append(v)
            case "--doc": guard let v = value() else { return nil }; r.doc.append(v)
            case "--after": guard let v = value() else { return nil }; r.after = v
            case "--before": guard let v = value() else { return nil }; r.before = v
            case "--as-of": guard let v = value() else { return nil }; r.asOf = v
            case "--": r.words += args[(i + 1)...]; i = args.count; continue
            default:
                if a.hasPrefix("-") { return nil }
                r.words.append(a)
            }
            i += 1
        }
        return r.words.isEmpty ? nil : r
    }
}
