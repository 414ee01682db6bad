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
    public var events: [IngestEvent] = []
    public var added: Int { events.filter { $0.outcome == .written(.added) }.count }
    public var replaced: Int { events.filter { $0.outcome == .written(.replaced) }.count }
    public var unchanged: Int { events.filter { $0.outcome == .written(.unchanged) }.count }
    public var failed: [IngestEvent] { events.filter { if case .failed = $0.outcome { return true }; if case .skipped = $0.outcome { return true }; return false } }
    public var passages: Int { events.reduce(0) { $0 + $1.passages } }
}

/// Reads files in parallel and writes them through the single writer, a batch per transaction.
public final class Ingestor {
    let writer: IndexWriter
    var builder: DocumentBuilder
    /// Documents parsed concurrently and committed together.
    public var batchSize = 64

    let index: Index
    /// Data-file problems (a broken thesaurus) reported like file failures.
    public private(set) var thesaurusFile: URL?

    public init(index: Index, maxSize: Int = 64 * 1_048_576) {
        self.index = index
        writer = IndexWriter(index: index)
        builder = DocumentBuilder(maxSize: maxSize)
    }

    /// Ingests every document under `paths`; `progress` is called after each batch with (done, total).
    public func ingest(_ paths: [String], progress: ((Int, Int) -> Void)? = nil, onEvent: ((IngestEvent) -> Void)? = nil) throws -> IngestReport {
        var report = IngestReport()
        do {
            thesaurusFile = try DataLoader(index: index).refreshThesaurus(near: paths)
        } catch {
            let e = IngestEvent(path: (error as? CatalogueError)?.file ?? Thesaurus.fileName,
                                outcome: .failed("\((error as? CatalogueError)?.message ?? "\(error)"); the previous thesaurus stays in use"), notes: [], passages: 0)
            report.events.append(e); onEvent?(e)
        }
        do {
            builder.references = ReferenceExtractor(sources: try LegalSources.locate(near: paths))
        } catch {
            builder.references = ReferenceExtractor(sources: LegalSources())
            let e = IngestEvent(path: (error as? CatalogueError)?.file ?? LegalSources.fileName,
                                outcome: .failed("\((error as? CatalogueError)?.message ?? "\(error)"); statute names are not resolved"), notes: [], passages: 0)
            report.events.append(e); onEvent?(e)
        }
        do {
            builder.organisations = OrganisationMatcher(try Organisations.locate(near: paths))
        } catch {
            let e = IngestEvent(path: (error as? CatalogueError)?.file ?? Organisations.fileName,
                                outcome: .failed("\((error as? CatalogueError)?.message ?? "\(error)"); issuers are not inferred"), notes: [], passages: 0)
            report.events.append(e); onEvent?(e)
        }
        do {
            let positions = try Positions.locate(near: paths)
            let thesaurus = try DataFiles.locate(Thesaurus.fileName, near: paths).map(Thesaurus.load) ?? Thesaurus(concepts: [])
            builder.claims = ClaimExtractor(positions: positions, thesaurus: thesaurus,
                                            organisations: builder.organisations ?? OrganisationMatcher(Organisations()))
            try ClaimStore(index: index).storeCatalogue(positions, reviews: try Reviews.locate(near: paths))
        } catch {
            let e = IngestEvent(path: (error as? CatalogueError)?.file ?? Positions.fileName,
                                outcome: .failed("\((error as? CatalogueError)?.message ?? "\(error)"); claims are not linked to positions"), notes: [], passages: 0)
            report.events.append(e); onEvent?(e)
        }
        let items = CorpusScanner.scan(paths)
        var files: [URL] = []
        for item in items {
            switch item {
            case .file(let url): files.append(url)
            case .problem(let path, let error):
                let e = IngestEvent(path: path, outcome: .failed(error.description), notes: [], passages: 0)
                report.events.append(e); onEvent?(e)
            }
        }
        let catalogues = CatalogueCache()
        var done = 0
        let batches = stride(from: 0, to: files.count, by: batchSize).map { Array(files[$0..<min($0 + batchSize, files.count)]) }
        // Parse the next batch on other threads while this one is written: the writer is single.
        var next: ParseJob? = batches.first.map { ParseJob(urls: $0, ingestor: self, catalogues: catalogues) }
        for (i, batch) in batches.enumerated() {
            guard let job = next else { break }
            let built = job.wait()
            next = i + 1 < batches.count ? ParseJob(urls: batches[i + 1], ingestor: self, catalogues: catalogues) : nil
            try writer.batch {
                for (url, result) in zip(batch, built) {
                    let event: IngestEvent
                    switch result {
                    case .success(let doc):
                        do {
                            let outcome = try writer.write(doc)
                            event = IngestEvent(path: url.path, outcome: .written(outcome), notes: doc.notes, passages: doc.passages.count)
                        } catch {
                            event = IngestEvent(path: url.path, outcome: .failed("\(error)"), notes: [], passages: 0)
                        }
                    case .failure(let error):
                        event = IngestEvent(path: url.path, outcome: .failed(error.description), notes: [], passages: 0)
                    }
                    report.events.append(event)
                    onEvent?(event)
                }
            }
            done += batch.count
            progress?(done, files.count)
        }
        for problem in catalogues.problems {
            let e = IngestEvent(path: problem.file, outcome: .failed(problem.message + "; its documents were ingested with inferred metadata"), notes: [], passages: 0)
            report.events.append(e); onEvent?(e)
        }
        return report
    }

    enum BuildResult: Sendable { case success(IngestedDocument), failure(IngestError) }

    /// A batch being parsed in the background.
    final class ParseJob: @unchecked Sendable {
        private let group = DispatchGroup()
        private var results: [BuildResult] = []
        init(urls: [URL], ingestor: Ingestor, catalogues: CatalogueCache) {
            let builder = ingestor.builder
            group.enter()
            DispatchQueue.global().async {
                self.results = Ingestor.parse(urls, builder: builder, catalogues: catalogues)
                self.group.leave()
            }
        }
        func wait() -> [BuildResult] { group.wait(); return results }
    }

    static func parse(_ urls: [URL], builder: DocumentBuilder, catalogues: CatalogueCache) -> [BuildResult] {
        let results = ResultSlots<BuildResult>(count: urls.count)
        DispatchQueue.concurrentPerform(iterations: urls.count) { i in
            let url = urls[i]
            let catalogue = catalogues.catalogue(for: url.deletingLastPathComponent())
            let name = url.lastPathComponent
            do {
                let doc = try builder.build(url, metadata: catalogue.entries[name], fingerprint: catalogue.fingerprints[name])
                results.set(i, .success(doc))
            } catch let e as IngestError {
                results.set(i, .failure(e))
            } catch {
                results.set(i, .failure(.malformed("\(error)")))
            }
        }
        return results.values.map { $0 ?? .failure(.malformed("internal error: no result")) }
    }
}

/// Fixed slots written from concurrent workers, one slot per worker index.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
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
