import Foundation
import XCTest
@testable import Ingest
@testable import SearchIndex

final class IndexTests: XCTestCase {
    var dir: URL!
    var index: Index!

    override func setUpWithError() throws {
        dir = try Paths.tempDir()
        index = try Index(path: dir.appendingPathComponent("index.sqlite").path)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func ingest(_ paths: [String]) throws -> IngestReport { try Ingestor(index: index).ingest(paths) }

    func search(_ q: String, limit: Int = 10) throws -> SearchResults {
        try SearchEngine(index: index).search(try QueryParser.parse(q), raw: q, limit: limit)
    }

    func testSeedCorpusIsSearchableWithCitations() throws {
        let report = try ingest([Paths.corpus.path])
        XCTAssertEqual(report.added, 5)
        XCTAssertTrue(report.failed.isEmpty)
        let results = try search("fjärråtkomst överföring")
        let top = try XCTUnwrap(results.hits.first)
        XCTAssertTrue(top.passage.text.contains("tillgänglighet genom fjärråtkomst ska betraktas som överföring"))
        XCTAssertEqual(top.passage.document.issuer, "Computer Sweden")
        XCTAssertTrue(top.passage.anchor.hasPrefix("cs-esam-zoomx#p"))
        XCTAssertTrue(top.passage.citation.contains("Överföring av data till USA"), top.passage.citation)
        let highlighted = top.highlights.map { String(Array(top.passage.text)[$0]) }
        XCTAssertTrue(highlighted.contains("fjärråtkomst"))
    }

    func testVeryCommonWordsAreRankedWithinABoundAndTheCountSaysSo() throws {
        // More matching passages than the bound: the count is reported as a lower bound, and the passage that
        // says the word most often among the scanned ones still comes first.
        let n = SearchEngine.candidateBound + 50
        var text = "Rubrik\n\n"
        for i in 0..<n {
            text += (i == 7 ? "Lagring, lagring och lagring av loggar." : "Lagring av loggar nummer \(i),\ni en längre mening om annat.") + "\n\n"
        }
        let file = dir.appendingPathComponent("many.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        _ = try ingest([file.path])
        let results = try search("lagring")
        XCTAssertGreaterThan(results.total, SearchEngine.countCap, "the total is capped, not exact")
        XCTAssertTrue(results.explanation.contains { $0.contains("ranked among the first") }, "\(results.explanation)")
        XCTAssertEqual(results.hits.first?.passage.text, "Lagring, lagring och lagring av loggar.")
        XCTAssertEqual(try search("nummer \(n - 1)").total, 1, "rare words are found wherever they are")
    }

    func testPhrasesAreListedInTheOrderFTS5NumbersThem() {
        XCTAssertEqual(DocumentFrequency.phrases(in: #"("a|b" AND ("c d" OR "e"" f")) NOT ("g" *)"#),
                       [#""a|b""#, #""c d""#, #""e"" f""#, #""g" *"#])
    }

    func testReingestKeepsAnchorsAndSkipsUnchangedFiles() throws {
        _ = try ingest([Paths.corpus.path])
        let before = try index.db.rows("SELECT anchor, text FROM passages ORDER BY anchor").map { "\($0[0])|\($0[1])" }
        let again = try ingest([Paths.corpus.path])
        XCTAssertEqual(again.unchanged, 5)
        // Skipped unread, by the packed list of known files and, without it, by the documents table.
        XCTAssertEqual(again.skippedUnchanged, 5)
        try FileManager.default.removeItem(atPath: index.db.path + ".files")
        XCTAssertEqual(try ingest([Paths.corpus.path]).skippedUnchanged, 5)
        XCTAssertEqual(try ingest([Paths.seed("000_").path]).skippedUnchanged, 1)
        XCTAssertEqual(try index.db.rows("SELECT anchor, text FROM passages ORDER BY anchor").map { "\($0[0])|\($0[1])" }, before)
    }

    /// A bulk load stops listing what it wrote past a bound and says "many": the file list is then read again whole.
    func testTouchedSourcesBecomeManyPastTheirBound() {
        var t = TouchedSources()
        XCTAssertTrue(t.isEmpty)
        t.insert("/a.txt"); t.insert("/a.txt")
        XCTAssertEqual(t.sources, ["/a.txt"])
        for i in 0...TouchedSources.bound { t.insert("/d/\(i).txt") }
        XCTAssertTrue(t.many)
        XCTAssertFalse(t.isEmpty)
        XCTAssertTrue(t.sources.isEmpty)
    }

    func testChangedFileIsReplacedAndTheOldTextIsGoneFromSearch() throws {
        let file = dir.appendingPathComponent("memo.txt")
        try "Rubrik\n\nFörsta versionen nämner kvastfening.\n".write(to: file, atomically: true, encoding: .utf8)
        _ = try ingest([file.path])
        XCTAssertEqual(try search("kvastfening").total, 1)
        try "Rubrik\n\nAndra versionen nämner blomsterkrans.\n".write(to: file, atomically: true, encoding: .utf8)
        let report = try ingest([file.path])
        XCTAssertEqual(report.replaced, 1)
        XCTAssertEqual(try search("kvastfening").total, 0)
        XCTAssertEqual(try search("blomsterkrans").total, 1)
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM passages").int, 2)
        // The changed paragraph gets a new anchor: the old one must never point at different text.
        XCTAssertEqual(try index.db.scalar("SELECT anchor FROM passages WHERE text LIKE '%blomsterkrans%'").string, "memo#p3")
        XCTAssertEqual(try index.db.scalar("SELECT anchor FROM passages WHERE text = 'Rubrik'").string, "memo#p1", "unchanged text keeps its anchor")
        XCTAssertEqual(try Refresher.removal("memo#p2", db: index.db)?.text, "Första versionen nämner kvastfening.")
    }

    /// Foreign keys are not enforced (their indexes cost space): the writer's own deletes must leave no rows behind.
    func testReplacingAndRemovingDocumentsLeavesNoOrphans() throws {
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: Paths.corpus, to: corpus)
        _ = try ingest([corpus.path])
        func count(_ table: String) throws -> Int { try index.db.scalar("SELECT count(*) FROM \(table)").int ?? 0 }
        XCTAssertGreaterThan(try count("claims"), 20)
        XCTAssertGreaterThan(try count("refs"), 20)
        let docs = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".md") || $0.hasSuffix(".txt") || $0.hasSuffix(".html") }.sorted()
        XCTAssertGreaterThanOrEqual(docs.count, 2, "\(docs)")
        let changed = corpus.appendingPathComponent(docs[0])
        try (try String(contentsOf: changed, encoding: .utf8) + "\n\nEtt tillägg om GDPR artikel 46.\n").write(to: changed, atomically: true, encoding: .utf8)
        let gone = corpus.appendingPathComponent(docs[1])
        let goneID = try XCTUnwrap(try index.db.scalar("SELECT id FROM documents WHERE source = ?", [.text(gone.standardizedFileURL.path)]).int)
        let changedID = try XCTUnwrap(try index.db.scalar("SELECT id FROM documents WHERE source = ?", [.text(changed.standardizedFileURL.path)]).int)
        XCTAssertGreaterThan(try count("claims WHERE document_id IN (\(goneID), \(changedID))"), 0)
        try FileManager.default.removeItem(at: gone)
        let digest = try Refresher(index: index).refresh([])
        XCTAssertEqual(digest.changed.count, 1)
        XCTAssertEqual(digest.removed.count, 1)
        XCTAssertEqual(try index.db.rows("PRAGMA foreign_key_check").count, 0)
        XCTAssertEqual(try count("claim_positions cp WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = cp.claim_id)"), 0)
        XCTAssertEqual(try count("passages p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.document_id)"), 0)
        for table in ["claims", "refs", "passages", "sections", "document_identity"] {
            XCTAssertEqual(try count("\(table) WHERE document_id IN (\(goneID), \(changedID))"), 0, "\(table) rows of the old versions")
        }
    }

    func testBadFilesAreReportedAndTheRestIsIndexed() throws {
        let bad = dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data().write(to: bad.appendingPathComponent("empty.txt"))
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]).write(to: bad.appendingPathComponent("binary.txt"))
        try Data([0x53, 0x6B, 0xE5, 0x6C, 0x20, 0x6F, 0x63, 0x68, 0x20, 0x76, 0xE4, 0x72, 0x64, 0x65]).write(to: bad.appendingPathComponent("latin.txt"))
        try "<html><body><p>Godkänd sida om molntjänster.</p></body></html>".write(to: bad.appendingPathComponent("ok.html"), atomically: true, encoding: .utf8)
        for i in 0..<300 { try "Dokument \(i) om tredje land.\n".write(to: bad.appendingPathComponent("many-\(i).txt"), atomically: true, encoding: .utf8) }
        let report = try ingest([bad.path, dir.appendingPathComponent("missing.txt").path])
        let failures = Dictionary(uniqueKeysWithValues: report.failed.map { (($0.path as NSString).lastPathComponent, "\($0.outcome)") })
        XCTAssertTrue(failures["empty.txt"]?.contains("empty file") == true, "\(failures)")
        XCTAssertTrue(failures["binary.txt"]?.contains("binary") == true)
        XCTAssertTrue(failures["missing.txt"]?.contains("no such file") == true)
        XCTAssertEqual(failures.count, 3)
        XCTAssertEqual(report.added, 302)
        let latin = try XCTUnwrap(report.events.first { $0.path.hasSuffix("latin.txt") })
        XCTAssertEqual(latin.notes, ["not valid UTF-8; decoded as Windows-1252"])
        XCTAssertEqual(try search("värde").hits.first?.passage.text, "Skål och värde")
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM documents").int, 302)
    }

    func testSwedishLettersAreWordCharacters() throws {
        let file = dir.appendingPathComponent("a.txt")
        try "Rubrik\n\nVi får höra om åtkomst.\n\nEn far och ett år.\n".write(to: file, atomically: true, encoding: .utf8)
        _ = try ingest([file.path])
        XCTAssertEqual(try search("åtkomst").total, 1)
        XCTAssertEqual(try search("får").hits.first?.passage.text, "Vi får höra om åtkomst.")
        XCTAssertEqual(try search("far").hits.first?.passage.text, "En far och ett år.")
    }

    func testFailedWriteLeavesTheIndexAsItWas() throws {
        _ = try ingest([Paths.corpus.path])
        let count = try index.db.scalar("SELECT count(*) FROM passages").int
        let writer = IndexWriter(index: index)
        var doc = try DocumentBuilder().build(Paths.seed("000_"), metadata: DocumentMetadata(id: "clash"), fingerprint: nil)
        doc.source = "/elsewhere/x.txt"
        doc.passages.append(doc.passages[0])   // duplicate ordinal -> duplicate anchor -> constraint failure
        XCTAssertThrowsError(try writer.batch { try writer.write(doc) })
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM passages").int, count)
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM documents WHERE source = '/elsewhere/x.txt'").int, 0)
    }

    func testTableFieldsAreStoredAsTheSameJSONEveryTimeAndReadBack() {
        let fields = [Field(name: "Leverantör \"X\"", value: "a\\b\nc\td\u{1}é – ✓"), Field(name: "", value: "")]
        let json = FieldCoding.encode(fields)
        XCTAssertEqual(json, FieldCoding.encode(fields))
        XCTAssertTrue(json.hasPrefix("[{\"name\":"), json)
        XCTAssertEqual(FieldCoding.decode(json), fields)
        XCTAssertEqual(FieldCoding.encode([]), "[]")
    }

    func testADocumentThatFailsInABatchLeavesNoSearchableTextAndTheOthersStay() throws {
        let good = dir.appendingPathComponent("good.txt"), bad = dir.appendingPathComponent("bad.txt")
        try "Rubrik\n\nEtt stycke om blåbärssylt.\n".write(to: good, atomically: true, encoding: .utf8)
        try "Rubrik\n\nEtt stycke om lingonkompott.\n".write(to: bad, atomically: true, encoding: .utf8)
        let writer = IndexWriter(index: index)
        let goodDoc = try DocumentBuilder().build(good, metadata: nil, fingerprint: nil)
        var badDoc = try DocumentBuilder().build(bad, metadata: nil, fingerprint: nil)
        badDoc.passages.append(badDoc.passages[badDoc.passages.count - 1])   // duplicate anchor -> constraint failure
        try writer.batch {
            XCTAssertEqual(try writer.write(goodDoc), .added)
            XCTAssertThrowsError(try writer.write(badDoc))
        }
        XCTAssertEqual(try search("blåbärssylt").total, 1)
        XCTAssertEqual(try search("lingonkompott").total, 0)
        // The full-text rows are those of the stored passages, no more and no fewer.
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM passage_fts").int, try index.db.scalar("SELECT count(*) FROM passages").int)
    }

    func testSeveralParsedBatchesInOneTransactionKeepEveryDocumentAndSkipTheBrokenOne() throws {
        let folder = dir.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let words = ["blåbär", "lingon", "hjortron", "krusbär", "vinbär", "smultron", "åkerbär"]
        for (i, w) in words.enumerated() {
            try "Rubrik \(i)\n\nEtt stycke om \(w)sylt.\n".write(to: folder.appendingPathComponent("d\(i).txt"), atomically: true, encoding: .utf8)
        }
        try Data([0x00, 0xFF, 0x00, 0x13, 0x37]).write(to: folder.appendingPathComponent("d3b-broken.txt"))
        let ingestor = Ingestor(index: index)
        ingestor.batchSize = 2
        ingestor.batchesPerCommit = 2
        var progress: [Int] = []
        let report = try ingestor.ingest([folder.path], progress: { done, _ in progress.append(done) })
        XCTAssertEqual(report.added, words.count)
        XCTAssertEqual(report.failed.map { ($0.path as NSString).lastPathComponent }, ["d3b-broken.txt"])
        XCTAssertEqual(progress, [2, 4, 6, 8])   // after each parsed batch, not only at each commit
        for w in words { XCTAssertEqual(try search("\(w)sylt").total, 1, w) }
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM passage_fts").int, try index.db.scalar("SELECT count(*) FROM passages").int)
        XCTAssertEqual(try Ingestor(index: index).ingest([folder.path]).unchanged, words.count)
    }

    /// a.txt, b.txt and c.txt in a folder, ingested.
    func ingestThreeDocuments() throws -> URL {
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        for name in ["a", "b", "c"] {
            try Data("IMY anser att fjärråtkomst är en överföring (\(name)).\n".utf8).write(to: docs.appendingPathComponent("\(name).txt"))
        }
        _ = try ingest([docs.path])
        return docs
    }

    /// A refresh that changes a few files rewrites their records in the packed list in place; the list is then
    /// trusted by the next run and says what the documents say.
    func testAChangedFileIsPatchedIntoTheKnownFilesList() throws {
        let docs = try ingestThreeDocuments()
        let packed = index.db.path + ".files"
        func inode() throws -> Int { try XCTUnwrap((try FileManager.default.attributesOfItem(atPath: packed)[.systemFileNumber] as? NSNumber)?.intValue) }
        let before = try inode()
        let b = docs.appendingPathComponent("b.txt")
        try Data("IMY anser att fjärråtkomst inte alltid är en överföring (b).\n".utf8).write(to: b)
        let report = try Ingestor(index: index).sync([docs.path], removeMissing: true)
        XCTAssertEqual(report.replaced, 1)
        XCTAssertEqual(try inode(), before, "the list was written anew instead of patched")

        let known = try KnownFiles(index.db)
        XCTAssertTrue(known.fromSnapshot)
        let rows = try index.db.rows("SELECT source, size, mtime, id FROM documents ORDER BY source")
        XCTAssertEqual(rows.count, 3)
        for r in rows {
            let e = try XCTUnwrap(known.entries.first { $0.key == PathKey(r[0].string ?? "") })
            XCTAssertEqual(e.size, Int64(r[1].int ?? -2))
            XCTAssertEqual(e.mtime, r[2].double ?? -2)
            XCTAssertEqual(e.document, Int64(r[3].int ?? -2))
        }
        XCTAssertEqual(try Ingestor(index: index).sync([docs.path], removeMissing: true).skippedUnchanged, 3)
    }

    /// The list of known files is brought up to date from what this run wrote; a write by another connection
    /// meanwhile (which kb's lock keeps out, but a tool need not take it) makes it read the documents again.
    func testKnownFilesAreReadAgainWhenAnotherConnectionWroteMeanwhile() throws {
        let docs = try ingestThreeDocuments()
        var known = try KnownFiles(index.db)
        XCTAssertEqual(known.entries.count, 3)

        // Another connection removes one document and changes what another's file was (same count of rows
        // would not tell the second).
        let other = try Index(path: index.db.path)
        try IndexWriter(index: other).batch { try IndexWriter(index: other).remove(source: docs.appendingPathComponent("c.txt").path) }
        let b = docs.appendingPathComponent("b.txt").path
        try other.db.run("UPDATE documents SET size = 1 WHERE source = ?", [.text(b)])
        var touched = TouchedSources()
        touched.insert(docs.appendingPathComponent("a.txt").path)
        try index.db.transaction { try known.save(touched: touched) }
        XCTAssertEqual(known.entries.count, 2)
        XCTAssertEqual(known.entries.first { $0.key == PathKey(b) }?.size, 1)
        XCTAssertEqual(try KnownFiles(index.db).entries.count, 2)
    }
}

final class QueryParserTests: XCTestCase {
    func testConstructs() throws {
        let q = try QueryParser.parse("överföring OR transfer \"tredje land\" -Teams molntjänst* issuer:IMY kind:guidance lang:sv after:2021-01-01 before:2023")
        XCTAssertEqual(q.required.count, 3)
        XCTAssertEqual(q.required[0].map(\.text), ["överföring", "transfer"])
        XCTAssertEqual(q.required[1], [SearchQuery.Term(text: "tredje land", isPhrase: true, isPrefix: false)])
        XCTAssertEqual(q.required[2], [SearchQuery.Term(text: "molntjänst", isPhrase: false, isPrefix: true)])
        XCTAssertEqual(q.excluded.map(\.text), ["Teams"])
        XCTAssertEqual(q.filters.issuer, ["IMY"])
        XCTAssertEqual(q.filters.kind, ["guidance"])
        XCTAssertEqual(q.filters.language, ["sv"])
        XCTAssertEqual(q.filters.after, "2021-01-01")
        XCTAssertEqual(q.filters.before, "2023")
    }

    /// Text pasted from a document ("Slutsats: …") is searched for, not read as a filter; a known filter's
    /// name with its value after a space still is one.
    func testAWordEndingInAColonIsSearchedFor() throws {
        let q = try QueryParser.parse("Slutsats: fjärråtkomst är en överföring")
        XCTAssertEqual(q.required.map { $0.map(\.text) }, [["Slutsats:"], ["fjärråtkomst"], ["är"], ["en"], ["överföring"]])
        XCTAssertTrue(q.filters.issuer.isEmpty)
        let filtered = try QueryParser.parse("Note: remote access issuer:IMY")
        XCTAssertEqual(filtered.required.map { $0.map(\.text) }, [["Note:"], ["remote"], ["access"]])
        XCTAssertEqual(filtered.filters.issuer, ["IMY"])
    }

    func testMalformedQueriesGetPlainMessages() {
        let cases: [(String, String)] = [
            ("", "the query is empty"),
            ("\"tredje land", "missing its closing quote"),
            ("OR transfer", "OR needs a word"),
            ("transfer OR", "ends with OR"),
            ("-Teams", "only excludes words"),
            ("issuer:IMY", "only filters"),
            ("x after:igår", "is not a date"),
            ("x kind:blogg", "unknown kind"),
            ("x colour:red", "unknown filter"),
            ("a*", "too short for a prefix"),
            ("tr*ansfer", "* may only end a word"),
            ("x issuer:", "needs a value"),
        ]
        for (input, expected) in cases {
            XCTAssertThrowsError(try QueryParser.parse(input), input) { error in
                XCTAssertTrue("\(error)".contains(expected), "'\(input)' gave '\(error)'")
            }
        }
    }
}

final class HostileInputTests: XCTestCase {
    func testHostileFilesAreReportedSkippedAndLeaveTheIndexUnchanged() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index(path: dir.appendingPathComponent("i.sqlite").path)
        _ = try Ingestor(index: index).ingest([Paths.seed("000_").path])
        let before = try index.db.rows("SELECT anchor, text FROM passages ORDER BY anchor").map { "\($0[0])\($0[1])" }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let hostile = Paths.repo.appendingPathComponent("Tests/Fixtures/hostile")
        for name in ["bomb.docx", "scanned.pdf", "corrupt.pdf", "encrypted.pdf"] {
            try FileManager.default.copyItem(at: hostile.appendingPathComponent(name), to: input.appendingPathComponent(name))
        }
        try Data(repeating: 0x41, count: 3 * 1_048_576).write(to: input.appendingPathComponent("huge.txt"))
        try "Rubrik\n\nEn vanlig fil om tredjelandsöverföring.\n".write(to: input.appendingPathComponent("ok.txt"), atomically: true, encoding: .utf8)
        // A Latin-1 file name ("café.txt" with é as the single byte E9), as old archives have.
        let latin1 = Array(input.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let fd = latin1.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: latin1.count) { open($0, O_CREAT | O_WRONLY, 0o644) } }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        let report = try Ingestor(index: index, maxSize: 2 * 1_048_576).ingest([input.path])
        let failures = Dictionary(uniqueKeysWithValues: report.failed.map { (($0.path as NSString).lastPathComponent, "\($0.outcome)") })
        XCTAssertTrue(failures["bomb.docx"]?.contains("zip bomb") == true, "\(failures)")
        XCTAssertTrue(failures["scanned.pdf"]?.contains("no text layer: needs OCR") == true)
        XCTAssertTrue(failures["corrupt.pdf"]?.contains("corrupt PDF") == true)
        XCTAssertTrue(failures["encrypted.pdf"]?.contains("encrypted PDF") == true)
        XCTAssertTrue(failures["huge.txt"]?.contains("over the 2 MiB limit") == true)
        XCTAssertTrue(failures["caf\u{FFFD}.txt"]?.contains("not valid UTF-8") == true, "\(failures)")
        XCTAssertEqual(report.added, 1)
        let after = try index.db.rows("SELECT anchor, text FROM passages WHERE anchor NOT LIKE 'ok#%' ORDER BY anchor").map { "\($0[0])\($0[1])" }
        XCTAssertEqual(after, before)
        XCTAssertEqual(try index.db.scalar("SELECT count(*) FROM documents").int, 2)
    }
}

/// Table-row fields are stored as JSON written by hand and read back without Foundation's decoder.
final class FieldCodingTests: XCTestCase {
    func testFieldsReadBackAsWritten() {
        let samples: [[Field]] = [
            [],
            [Field(name: "Land", value: "USA")],
            [Field(name: "Skyddsnivå", value: "\"ej adekvat\" enl. \\ art. 45"), Field(name: "Not\t1", value: "rad\nbrytning\r\u{1}\u{1F}")],
            [Field(name: "emoji 😀", value: "e\u{301} / ß"), Field(name: "", value: "")],
        ]
        for fields in samples {
            let stored = FieldCoding.encode(fields)
            XCTAssertEqual(FieldCoding.readWritten(stored), fields, stored)
            XCTAssertEqual(FieldCoding.decode(stored), fields, stored)
            XCTAssertEqual(FieldCoding.decode(stored), (try? JSONDecoder().decode([Field].self, from: Data(stored.utf8))) ?? [], stored)
        }
        // Other spellings of the same JSON are still read, by the full decoder.
        let other = "[ {\"value\": \"x\\u00e5\", \"name\": \"n\"} ]"
        XCTAssertNil(FieldCoding.readWritten(other))
        XCTAssertEqual(FieldCoding.decode(other), [Field(name: "n", value: "xå")])
        XCTAssertEqual(FieldCoding.decode("not json"), [])
        XCTAssertEqual(FieldCoding.decode(nil), [])
        XCTAssertNil(FieldCoding.readWritten("[{\"name\":\"a\",\"value\":\"b\"}"))
    }
}

/// The re-ranker's word splits read on the bytes agree with splitting by scalar and Character properties.
final class WordSplitterTests: XCTestCase {
    func testWordsMatchTheScalarAndCharacterDefinitions() {
        func byScalars(_ text: String) -> [String] {
            text.unicodeScalars.split { !($0.properties.isAlphabetic || $0.properties.numericType != nil) }.map { String(String.UnicodeScalarView($0)) }
        }
        func byCharacters(_ text: String) -> [(String, Range<Int>)] {
            var out: [(String, Range<Int>)] = [], current = "", start = 0
            for (i, ch) in text.enumerated() {
                if ch.isLetter || ch.isNumber { if current.isEmpty { start = i }; current.append(ch) }
                else if !current.isEmpty { out.append((current, start..<i)); current = "" }
            }
            if !current.isEmpty { out.append((current, start..<text.count)) }
            return out
        }
        let texts = ["", "Överföring till tredje land, art. 46.2 c)", "e\u{301}tude och café", "x²+½ ª º µ", "a\r\nb", "😀 Zoom X 👩‍👩‍👧",
                     "Ωmega ΣΑΣ 中文 ١٢٣", "  --  ", "tredjelands­överföring", "don't × ÷ a"]
        for t in texts {
            XCTAssertEqual(WordSplitter.fastWords(t).map(\.text), byScalars(t), t)
            let words = WordSplitter.words(t)
            let expected = byCharacters(t)
            XCTAssertEqual(words.map(\.text), expected.map(\.0), t)
            XCTAssertEqual(words.map(\.range), expected.map(\.1), t)
        }
    }
}

final class DigestCodingTests: XCTestCase {
    /// A digest stored before withdrawn claims were recorded still reads (`kb changes` lists every refresh).
    func testADigestWithoutWithdrawnClaimsStillReads() throws {
        let stored = """
            {"refresh":1,"at":"2026-01-01T00:00:00Z","added":[],"changed":["a.txt"],"renamed":[],"removed":[],"failed":[],
             "removed_passages":[],"contradictions":[],"references":[],
             "positions":[{"id":"p","title":"P","new_claims":["IMY: x"],"before":{"affirms":[],"denies":[],"qualifies":[]},
                           "after":{"affirms":["IMY"],"denies":[],"qualifies":[]}}]}
            """
        let d = try JSONDecoder().decode(RefreshDigest.self, from: Data(stored.utf8))
        XCTAssertEqual(d.positions.first?.newClaims, ["IMY: x"])
        XCTAssertEqual(d.positions.first?.withdrawnClaims, [])
    }
}
