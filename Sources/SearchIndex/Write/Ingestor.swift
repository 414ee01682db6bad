import Foundation
import Ingest

/// What happened to one path during an ingest.
public struct IngestEvent: Sendable {
    public enum Outcome: Sendable, Equatable {
        case written(WriteOutcome)
        case skipped(String)
        case failed(String)
    }
    public var path: String
    public var outcome: Outcome
    public var notes: [String]
    public var passages: Int
}

/// Totals of an ingest, for the summary line and the exit status.
public struct IngestReport: Sendable {
    /// The files read, in order: every one when `keepsWritten`, else those that failed or carry notes.
    public private(set) var events: [IngestEvent] = []
    /// Whether files written without a note are listed too (a refresh's digest names them); a bulk ingest only
    /// counts them, which keeps a list of 100,000 paths out of memory.
    public var keepsWritten = true
    /// Files skipped unread because size, time and derivation matched: counted, not listed, so a refresh of a
    /// large unchanged corpus builds nothing per file.
    public var skippedUnchanged = 0
    private var written: [WriteOutcome: Int] = [:]
    public private(set) var passages = 0

    public init(keepsWritten: Bool = true) { self.keepsWritten = keepsWritten }

    mutating func record(_ e: IngestEvent) {
        if case .written(let w) = e.outcome {
            written[w, default: 0] += 1
            passages += e.passages
            if !keepsWritten && e.notes.isEmpty { return }
        }
        events.append(e)
    }

    public var added: Int { written[.added] ?? 0 }
    public var renamed: Int { written[.renamed] ?? 0 }
    public var removed: Int { written[.removed] ?? 0 }
    public var replaced: Int { written[.replaced] ?? 0 }
    public var unchanged: Int { skippedUnchanged + (written[.unchanged] ?? 0) }
    public var failed: [IngestEvent] { events.filter { if case .failed = $0.outcome { return true }; if case .skipped = $0.outcome { return true }; return false } }
}

/// Reads files in parallel and writes them through the single writer, a batch per transaction.
public final class Ingestor {
    public let writer: IndexWriter
    var builder: DocumentBuilder
    /// Documents parsed concurrently and committed together. With the full-text rows inserted outside the
    /// documents' savepoints, 256, 128 and 64 loaded 30,000 documents in the same time (107, 103, 104 s), and
    /// the smaller batches in less memory (219, 201, 186 MB).
    public var batchSize = 64
    /// Parsed batches written in one transaction. Each commit makes FTS5 write its pending terms as a new
    /// segment, and a large index spends its merges on them: fewer, larger segments cost less to merge,
    /// while memory stays bounded by the parse batch and FTS5's own pending-terms limit.
    public var batchesPerCommit = 8
    /// A run that reads at least this many documents merges the full-text index into one segment at the end.
    public var optimizeAfter = 1_000
    /// Threads that read documents beside the writer: one per core unless the user asks for fewer (`--jobs`).
    /// With one, every word cache sees the documents in the same order, so a run's work is the same each time.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    let index: Index
    /// Tokenizers for the parsing threads: they work out the terms the writer hands to FTS5.
    let tokenizers: IdlePool<TokenizerInstance>
    /// Called once, just before the first change is written (a refresh takes its "before" snapshot here).
    public var beforeChanges: (([String]) -> Void)?
    /// The scan covers only paths named inside the corpus folders (`kb refresh --only`): they are not made corpus
    /// folders, and gone files are looked for under them alone, not among all the index's files.
    public var namedPathsOnly = false

    /// Data-file problems (a broken thesaurus) reported like file failures.
    public private(set) var thesaurusFile: URL?

    public init(index: Index, maxSize: Int = 64 * 1_048_576) {
        self.index = index
        writer = IndexWriter(index: index)
        builder = DocumentBuilder(maxSize: maxSize)
        let spellings = index.spellings
        tokenizers = IdlePool(limit: 8) { TokenizerInstance(spellings: spellings) }
    }

    /// Ingests every document under `paths`; `progress` is called after each batch with (done, total). With
    /// `listsWritten` false the report lists only the files that failed or carry notes (all are counted).
    public func ingest(_ paths: [String], listsWritten: Bool = true, progress: ((Int, Int) -> Void)? = nil,
                       onEvent: ((IngestEvent) -> Void)? = nil) throws -> IngestReport {
        try sync(paths, removeMissing: false, listsWritten: listsWritten, progress: progress, onEvent: onEvent)
    }

    /// Brings the index up to date with `paths`: new and changed files are read, unchanged ones are skipped
    /// unread (size and modification time), moved files keep their records, and with `removeMissing` the
    /// documents whose files are gone from those paths are removed.
    public func sync(_ paths: [String], removeMissing: Bool, listsWritten: Bool = true, progress: ((Int, Int) -> Void)? = nil,
                     onEvent: ((IngestEvent) -> Void)? = nil) throws -> IngestReport {
        var report = IngestReport(keepsWritten: listsWritten)
        func fail(_ path: String, _ why: String) {
            let e = IngestEvent(path: path, outcome: .failed(why), notes: [], passages: 0)
            report.record(e); onEvent?(e)
        }
        // Hashing the data files is cheap; parsing them is not, and only reading a document needs them.
        let catalogueVersion = Self.catalogueVersion(near: paths)
        builder.dataVersion = catalogueVersion.data
        if !namedPathsOnly { try registerRoots(paths) }
        var known = try KnownFiles(index.db)
        let (folders, problems) = CorpusScanner.list(paths, recognise: known.recogniser)
        for problem in problems {
            // A named file that is gone is not an error when gone files are removed: it is removed below.
            if removeMissing, try known.contains(URL(fileURLWithPath: problem.path).standardizedFileURL.path),
               !FileManager.default.fileExists(atPath: problem.path) { continue }
            fail(problem.path, problem.error.description)
        }
        let catalogues = CatalogueCache()
        let fm = FileManager.default
        var changed: [String] = []
        for listing in folders {
            // The folder's catalogue and derivation are looked up once; the scan already found each file's entry.
            var catalogue: MetadataCatalogue?
            var plain: Int32?   // the derivation of files the catalogue does not describe
            for i in 0..<listing.count {
                guard listing.status[i] != nil else { continue }
                let recognised = listing.recognised[i]
                guard recognised.entry >= 0 else { changed.append(listing.path(i)); continue }
                known.visit(Int(recognised.entry))
                if catalogue == nil { catalogue = catalogues.catalogue(for: URL(fileURLWithPath: listing.folder, isDirectory: true)) }
                let derivation: Int32
                if let c = catalogue, !c.fingerprints.isEmpty, let fingerprint = c.fingerprints[listing.name(i)] {
                    derivation = known.derivationID(builder.derivation(fingerprint: fingerprint))
                } else if let plain {
                    derivation = plain
                } else {
                    derivation = known.derivationID(builder.derivation(fingerprint: nil))
                    plain = derivation
                }
                if recognised.sameStatus && recognised.derivation == derivation {
                    report.skippedUnchanged += 1
                } else {
                    changed.append(listing.path(i))
                }
            }
        }
        // Paths, not URLs, until a batch is read: at 100,000 files the URLs alone were megabytes.
        changed.sort()
        var toRead = changed
        changed = []
        let storedVersion = try index.db.scalar("SELECT value FROM meta WHERE key = 'catalogue_version'").string
        if !toRead.isEmpty {
            // The compound word table and the reference grammar are made ready on another core while the data
            // files are parsed here: reading one changed document then waits for neither.
            DispatchQueue.global().async {
                _ = Decompounder.shared
                ReferenceExtractor.compilePatterns()
            }
        }
        if !toRead.isEmpty || storedVersion != catalogueVersion.all {
            var complete = true
            loadData(near: paths) { path, why in complete = false; fail(path, why) }
            // A broken data file is reported again on the next run, until it is fixed.
            if complete { try index.db.run("INSERT OR REPLACE INTO meta(key, value) VALUES('catalogue_version', ?)", [.text(catalogueVersion.all)]) }
        }
        // Documents whose files are gone from the scanned folders.
        var missing: [String: String] = [:]   // content hash -> source
        var missingSources: [String] = []
        if removeMissing {
            let roots = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            for source in try (namedPathsOnly ? known.unvisited(under: roots) : known.unvisited()) where roots.contains(where: { Self.path(source, isAtOrUnder: $0) })
                && !fm.fileExists(atPath: source) {
                missingSources.append(source)
            }
            missingSources.sort()
            for source in missingSources { if let hash = try known.contentHash(of: source) { missing[hash] = source } }
        }
        // A new path with the bytes of a missing document is that document, moved.
        if !missing.isEmpty || !toRead.isEmpty || !missingSources.isEmpty {
            beforeChanges?(toRead + missingSources)
            beforeChanges = nil
        }
        if !missing.isEmpty {
            var stillToRead: [String] = []
            try writer.batch {
                for path in toRead {
                    guard try !known.contains(path), let data = fm.contents(atPath: path) else { stillToRead.append(path); continue }
                    var h = ContentHash(); h.add(data)
                    if let old = missing[h.hex] {
                        let attrs = try? fm.attributesOfItem(atPath: path)
                        try writer.rename(from: old, to: path, size: data.count, modified: attrs?[.modificationDate] as? Date)
                        missing[h.hex] = nil
                        missingSources.removeAll { $0 == old }
                        let e = IngestEvent(path: path, outcome: .written(.renamed), notes: ["moved from \(old)"], passages: 0)
                        report.record(e); onEvent?(e)
                    } else {
                        stillToRead.append(path)
                    }
                }
            }
            toRead = stillToRead
        }
        var done = 0
        let batches = stride(from: 0, to: toRead.count, by: batchSize).map { $0..<min($0 + batchSize, toRead.count) }
        func urls(_ batch: Int) -> [URL] { toRead[batches[batch]].map { URL(fileURLWithPath: $0, isDirectory: false) } }
        // Parse the next batch on other threads while this one is written: the writer is single.
        var next: ParseJob? = batches.isEmpty ? nil : ParseJob(urls: urls(0), ingestor: self, catalogues: catalogues)
        for first in stride(from: 0, to: batches.count, by: max(1, batchesPerCommit)) {
            try writer.batch {
                for i in first..<min(first + max(1, batchesPerCommit), batches.count) {
                    guard let job = next else { break }
                    let batch = job.urls
                    let built = job.wait()
                    next = i + 1 < batches.count ? ParseJob(urls: urls(i + 1), ingestor: self, catalogues: catalogues) : nil
                    for (url, result) in zip(batch, built) {
                        let event: IngestEvent
                        switch result {
                        case .success(let doc, let prepared):
                            do {
                                let outcome = try writer.write(doc, prepared: prepared)
                                if outcome == .unchanged, try known.contains(url.path) {  // same bytes: only the file's time or size moved
                                    try writer.touch(source: url.path, size: doc.size, modified: doc.modified)
                                }
                                event = IngestEvent(path: url.path, outcome: .written(outcome), notes: doc.notes, passages: doc.passages.count)
                            } catch {
                                event = IngestEvent(path: url.path, outcome: .failed("\(error)"), notes: [], passages: 0)
                            }
                        case .failure(let error):
                            // The previous version, if any, stays searchable and is marked stale.
                            var why = error.description
                            if try known.contains(url.path) {
                                try writer.markStale(source: url.path, reason: why)
                                why += "; the previously indexed version is kept and marked stale"
                            }
                            event = IngestEvent(path: url.path, outcome: .failed(why), notes: [], passages: 0)
                        }
                        report.record(event)
                        onEvent?(event)
                    }
                    // The parsed batch is let go here: its full-text rows go in now, outside any savepoint.
                    try writer.insertPendingFullText()
                    done += batch.count
                    progress?(done, toRead.count)
                }
            }
        }
        if !missingSources.isEmpty {
            try writer.batch {
                for source in missingSources.sorted() {
                    try writer.remove(source: source)
                    let e = IngestEvent(path: source, outcome: .written(.removed), notes: [], passages: 0)
                    report.record(e); onEvent?(e)
                }
            }
        }
        for problem in catalogues.problems {
            fail(problem.file, problem.message + "; its documents were ingested with inferred metadata")
        }
        try index.db.transaction { try known.save(touched: writer.touched) }
        writer.touched = TouchedSources()
        // After a bulk load the full-text index is many small segments; one merged segment is smaller and
        // every search reads one b-tree per term instead of dozens. Small refreshes leave it to automerge.
        if toRead.count >= optimizeAfter {
            try index.db.execute("INSERT INTO passage_fts(passage_fts) VALUES('optimize')")
            try index.db.execute("PRAGMA incremental_vacuum")
        }
        return report
    }

    /// Whether `path` is `root` itself or a file or folder somewhere inside it.
    static func path(_ path: String, isAtOrUnder root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// Corpus roots the index remembers, for `kb refresh` without arguments.
    public func roots() throws -> [String] {
        try index.db.rows("SELECT path FROM roots ORDER BY path").compactMap { $0[0].string }
    }

    func registerRoots(_ paths: [String]) throws {
        try index.db.transaction {
            for p in paths where FileManager.default.fileExists(atPath: p) {
                try index.db.run("INSERT OR IGNORE INTO roots(path) VALUES(?)", [.text(URL(fileURLWithPath: p).standardizedFileURL.path)])
            }
        }
    }

    /// Loads the editable data files kb derives records with, and fingerprints them for freshness.
    /// Hashes of the data files: `data` (what documents are derived with) and `all` (with the reviews too).
    static func catalogueVersion(near paths: [String]) -> (data: String, all: String) {
        var version = ContentHash()
        for name in [Thesaurus.fileName, Positions.fileName, Organisations.fileName, LegalSources.fileName] {
            if let url = DataFiles.locate(name, near: paths), let data = FileManager.default.contents(atPath: url.path) { version.add(data) }
        }
        let data = version.hex
        var all = ContentHash()
        all.add(Data(data.utf8))
        for name in [Reviews.fileName] {
            if let url = DataFiles.locate(name, near: paths), let bytes = FileManager.default.contents(atPath: url.path) {
                all.add(Data(url.path.utf8)); all.add(bytes)
            }
        }
        return (data, all.hex)
    }

    /// Parses the data files into the builder and stores the thesaurus, positions and reviews in the index.
    func loadData(near paths: [String], fail: (String, String) -> Void) {
        do {
            thesaurusFile = try DataLoader(index: index).refreshThesaurus(near: paths)
        } catch {
            fail((error as? CatalogueError)?.file ?? Thesaurus.fileName, "\((error as? CatalogueError)?.message ?? "\(error)"); the previous thesaurus stays in use")
        }
        do {
            builder.references = ReferenceExtractor(sources: try LegalSources.locate(near: paths))
        } catch {
            builder.references = ReferenceExtractor(sources: LegalSources())
            fail((error as? CatalogueError)?.file ?? LegalSources.fileName, "\((error as? CatalogueError)?.message ?? "\(error)"); statute names are not resolved")
        }
        do {
            builder.organisations = OrganisationMatcher(try Organisations.locate(near: paths))
        } catch {
            fail((error as? CatalogueError)?.file ?? Organisations.fileName, "\((error as? CatalogueError)?.message ?? "\(error)"); issuers are not inferred")
        }
        do {
            let positions = try Positions.locate(near: paths)
            let thesaurus = try DataFiles.locate(Thesaurus.fileName, near: paths).map(Thesaurus.load) ?? Thesaurus(concepts: [])
            builder.claims = ClaimExtractor(positions: positions, thesaurus: thesaurus,
                                            organisations: builder.organisations ?? OrganisationMatcher(Organisations()))
            try ClaimStore(index: index).storeCatalogue(positions, reviews: try Reviews.locate(near: paths))
        } catch {
            fail((error as? CatalogueError)?.file ?? Positions.fileName, "\((error as? CatalogueError)?.message ?? "\(error)"); claims are not linked to positions")
        }
    }

    /// A document read, with the terms of its full-text values; or why it could not be read.
    enum BuildResult: Sendable { case success(IngestedDocument, [[PreparedTokens]]), failure(IngestError) }

    /// A batch being parsed in the background.
    final class ParseJob: @unchecked Sendable {
        private let group = DispatchGroup()
        private var results: [BuildResult] = []
        let urls: [URL]
        init(urls: [URL], ingestor: Ingestor, catalogues: CatalogueCache) {
            self.urls = urls
            let builder = ingestor.builder
            let tokenizers = ingestor.tokenizers
            let workers = ingestor.workers
            group.enter()
            DispatchQueue.global().async {
                self.results = Ingestor.parse(urls, builder: builder, catalogues: catalogues, tokenizers: tokenizers, workers: workers)
                self.group.leave()
            }
        }
        func wait() -> [BuildResult] { group.wait(); return results }
    }

    static func parse(_ urls: [URL], builder: DocumentBuilder, catalogues: CatalogueCache, tokenizers: IdlePool<TokenizerInstance>,
                      workers: Int) -> [BuildResult] {
        let results = ResultSlots<BuildResult>(count: urls.count)
        @Sendable func read(_ i: Int) {
            let url = urls[i]
            let catalogue = catalogues.catalogue(for: url.deletingLastPathComponent())
            let name = url.lastPathComponent
            do {
                let doc = try builder.build(url, metadata: catalogue.entries[name], fingerprint: catalogue.fingerprints[name])
                let tokenizer = tokenizers.take()
                defer { tokenizers.giveBack(tokenizer) }
                results.set(i, .success(doc, FullTextValues.prepare(FullTextValues.rows(of: doc), with: tokenizer)))
            } catch let e as IngestError {
                results.set(i, .failure(e))
            } catch {
                results.set(i, .failure(.malformed("\(error)")))
            }
        }
        // Each worker takes the next document when it is done with one: large and small documents even out.
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, urls.count))) { _ in
            while let i = results.claim() { read(i) }
        }
        return results.values.map { $0 ?? .failure(.malformed("internal error: no result")) }
    }
}

/// Fixed slots written from concurrent workers, one per item, and the next item no worker has claimed.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private var claimed = 0
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    /// The next item to work on, or nil when every one is taken.
    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard claimed < slots.count else { return nil }
        claimed += 1
        return claimed - 1
    }
    func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}

/// `documents.yaml` per directory, loaded once and shared by the parsing workers.
final class CatalogueCache: @unchecked Sendable {
    private var cache: [String: MetadataCatalogue] = [:]
    private(set) var problems: [CatalogueError] = []
    private let lock = NSLock()

    func catalogue(for directory: URL) -> MetadataCatalogue {
        lock.lock(); defer { lock.unlock() }
        if let c = cache[directory.path] { return c }
        let c: MetadataCatalogue
        do { c = try MetadataCatalogue.load(directory: directory) } catch let e as CatalogueError {
            problems.append(e); c = MetadataCatalogue()
        } catch {
            c = MetadataCatalogue()
        }
        cache[directory.path] = c
        return c
    }
}
