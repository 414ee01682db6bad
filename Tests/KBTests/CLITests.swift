import Foundation
import XCTest

final class CLITests: XCTestCase {
    var dir: URL!
    var db: String { dir.appendingPathComponent("index.sqlite").path }

    override func setUpWithError() throws {
        dir = try Paths.tempDir()
        let r = try KBRun.run(["ingest", Paths.corpus.path, "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testSearchJSONContract() throws {
        let r = try KBRun.run(["search", "--db", db, "--json", "--limit", "5", "krypteringsnycklar"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try r.json
        XCTAssertNotNil(json["total"] as? Int)
        let results = try XCTUnwrap(json["results"] as? [[String: Any]])
        XCTAssertFalse(results.isEmpty)
        for result in results {
            let document = try XCTUnwrap(result["document"] as? [String: Any])
            let passage = try XCTUnwrap(result["passage"] as? [String: Any])
            let source = try XCTUnwrap(document["source"] as? String)
            let text = try XCTUnwrap(passage["text"] as? String)
            XCTAssertNotNil(passage["anchor"] as? String)
            XCTAssertNotNil(result["score"] as? Double)
            for key in ["title", "issuer", "kind", "date", "language"] { XCTAssertNotNil(document[key], key) }
            XCTAssertFalse((result["citation"] as? String ?? "").isEmpty)
            // The passage text is verbatim from the file, white space aside.
            let file = try String(contentsOfFile: source, encoding: .utf8)
            let norm = { (s: String) in s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            XCTAssertTrue(norm(file).contains(norm(text)), "not verbatim: \(text.prefix(60))")
        }
    }

    func testDocsJSONContract() throws {
        let r = try KBRun.run(["docs", "--db", db, "--json"])
        XCTAssertEqual(r.status, 0)
        let docs = try XCTUnwrap(try r.json["documents"] as? [[String: Any]])
        XCTAssertEqual(docs.count, 5)
        let stockholm = try XCTUnwrap(docs.first { ($0["source"] as? String)?.hasSuffix("003_3978b8e089a7064f.txt") == true })
        XCTAssertEqual(stockholm["issuer"] as? String, "Stockholms stad")
        XCTAssertEqual(stockholm["kind"] as? String, "presentation")
        XCTAssertEqual(stockholm["date"] as? String, "2022-11-29")
        XCTAssertEqual(stockholm["language"] as? String, "sv")
        XCTAssertGreaterThan(stockholm["passages"] as? Int ?? 0, 50)
        XCTAssertNotNil(stockholm["title"] as? String)
    }

    func testShowPrintsPassageSectionMetadataAndLines() throws {
        let search = try KBRun.run(["search", "--db", db, "--json", "--limit", "1", "Tier 3 subprocessor"])
        let first = try XCTUnwrap((try search.json["results"] as? [[String: Any]])?.first)
        let anchor = try XCTUnwrap((first["passage"] as? [String: Any])?["anchor"] as? String)
        let r = try KBRun.run(["show", anchor, "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Issuer:   Stockholms stad"))
        XCTAssertTrue(r.stdout.contains("003_3978b8e089a7064f.txt"))
        XCTAssertTrue(r.stdout.contains("Processing Location"), "table rows print as field lists")
        XCTAssertTrue(r.stdout.contains("Lines:"))
        let missing = try KBRun.run(["show", "stockholm-zoomx#p9999", "--db", db])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("kb: no passage with anchor 'stockholm-zoomx#p9999'"))
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1)
    }

    func testMalformedQueryIsAPlainOneLineError() throws {
        let r = try KBRun.run(["search", "--db", db, "\"tredje land"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("kb: query: a phrase is missing its closing quote"), r.stderr)
        XCTAssertFalse(r.stderr.lowercased().contains("sqlite"))
        XCTAssertFalse(r.stderr.lowercased().contains("fts5"))
    }

    func testSkippedFilesGiveExitStatus3AndNameTheFile() throws {
        let bad = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data().write(to: bad.appendingPathComponent("tom.txt"))
        try "Rubrik\n\nEn hel mening om överföring.\n".write(to: bad.appendingPathComponent("bra.md"), atomically: true, encoding: .utf8)
        let r = try KBRun.run(["ingest", bad.path, "--db", db])
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("tom.txt: empty file"), r.stderr)
        XCTAssertTrue(r.stdout.contains("1 new"))
    }

    func testDefaultIndexFollowsKB_DBAndXDG() throws {
        let xdg = dir.appendingPathComponent("xdg").path
        let r = try KBRun.run(["ingest", Paths.seed("000_").path], env: ["KB_DB": "", "XDG_DATA_HOME": xdg])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: xdg + "/kb/index.sqlite"))
        let viaEnv = try KBRun.run(["docs", "--json"], env: ["KB_DB": db])
        XCTAssertEqual((try viaEnv.json["documents"] as? [Any])?.count, 5)
    }

    func testMissingIndexSaysWhatToDo() throws {
        let r = try KBRun.run(["search", "--db", dir.appendingPathComponent("none.sqlite").path, "x"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("run 'kb ingest PATH' first"), r.stderr)
    }
}
