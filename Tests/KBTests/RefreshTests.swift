import Foundation
import XCTest

final class RefreshTests: XCTestCase {
    var dir: URL!
    var corpus: URL!
    var db: String { dir.appendingPathComponent("i.sqlite").path }

    override func setUpWithError() throws {
        dir = try Paths.tempDir()
        corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path) where name.hasSuffix(".txt") || name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(at: Paths.corpus.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func refresh(_ extra: [String] = []) throws -> [String: Any] {
        let r = try KBRun.run(["refresh", "--db", db, "--json"] + extra)
        XCTAssertTrue(r.status == 0 || r.status == 3, r.stderr)
        return try r.json
    }

    func testAddChangeRenameRemoveAndTheDigest() throws {
        let first = try refresh([corpus.path])
        XCTAssertEqual((first["added"] as? [String])?.count, 5)
        let noop = try refresh()
        XCTAssertEqual((noop["added"] as? [String])?.count, 0)
        XCTAssertEqual((noop["changed"] as? [String])?.count, 0)

        // An anchor of a passage that will not change, and one that will.
        let keep = try KBRun.run(["search", "--db", db, "--json", "\"Chattmeddelanden skyddas med kryptering\""])
        let keptAnchor = try XCTUnwrap(((try keep.json["results"] as? [[String: Any]])?.first?["passage"] as? [String: Any])?["anchor"] as? String)
        let gone = try KBRun.run(["search", "--db", db, "--json", "\"Videomöten oåtkomliga för amerikanska leverantörer\""])
        let goneAnchor = try XCTUnwrap(((try gone.json["results"] as? [[String: Any]])?.first?["passage"] as? [String: Any])?["anchor"] as? String)

        let stockholm = corpus.appendingPathComponent("000_4c3e4d502ff3a885.txt")
        var text = try String(contentsOf: stockholm, encoding: .utf8)
        text = text.replacingOccurrences(of: "Videomöten oåtkomliga för amerikanska leverantörer", with: "Nytt inledande stycke om kvastfening.\n\nVideomöten åtkomliga för ingen")
        try text.write(to: stockholm, atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(at: corpus.appendingPathComponent("004_97d38cc9a5ecc471.txt"), to: corpus.appendingPathComponent("remm-chatt.txt"))
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("002_5eeadb092c976f87.txt"))
        try "Ny vägledning\n\nIMY anser att fjärråtkomst från tredjeland inte är en överföring enligt artikel 49 i dataskyddsförordningen.\n"
            .write(to: corpus.appendingPathComponent("imy-ny.txt"), atomically: true, encoding: .utf8)

        let d = try refresh()
        XCTAssertEqual((d["added"] as? [String])?.map { ($0 as NSString).lastPathComponent }, ["imy-ny.txt"])
        XCTAssertEqual((d["changed"] as? [String])?.map { ($0 as NSString).lastPathComponent }, ["000_4c3e4d502ff3a885.txt"])
        XCTAssertEqual((d["removed"] as? [String])?.map { ($0 as NSString).lastPathComponent }, ["002_5eeadb092c976f87.txt"])
        let renamed = try XCTUnwrap(d["renamed"] as? [[String: Any]])
        XCTAssertEqual((renamed.first?["to"] as? String).map { ($0 as NSString).lastPathComponent }, "remm-chatt.txt")
        // The moved document keeps its identity and anchors.
        XCTAssertEqual(try KBRun.run(["show", "remm-chat-2021#p2", "--db", db]).status, 0)
        // Unchanged passages keep their anchors; removed ones say when they went.
        let again = try KBRun.run(["show", keptAnchor, "--db", db, "--json"])
        XCTAssertEqual(((try again.json["passage"] as? [String: Any])?["text"] as? String)?.hasPrefix("Chattmeddelanden skyddas med kryptering"), true)
        let removed = try KBRun.run(["show", goneAnchor, "--db", db])
        XCTAssertEqual(removed.status, 1)
        XCTAssertTrue(removed.stderr.contains("was removed in refresh"), removed.stderr)
        // The position digest: IMY now denies what eSam and EDPB affirm.
        let positions = try XCTUnwrap(d["positions"] as? [[String: Any]])
        let remote = try XCTUnwrap(positions.first { $0["id"] as? String == "remote-access-is-transfer" })
        XCTAssertTrue(((remote["after"] as? [String: Any])?["denies"] as? [String])?.contains("IMY") == true)
        XCTAssertTrue((remote["new_claims"] as? [String])?.contains { $0.hasPrefix("IMY (denies): IMY anser att fjärråtkomst") } == true, "\(remote)")
        // The removed FAQ's claims are listed as gone, with their holder and stance.
        let withdrawn = positions.flatMap { $0["withdrawn_claims"] as? [String] ?? [] }
        XCTAssertTrue(withdrawn.contains { $0.hasPrefix("Nordiska ministerrådets och Nordiska rådets sekretariat (") }, "\(withdrawn)")
        let contradictions = try XCTUnwrap(d["contradictions"] as? [[String: Any]])
        XCTAssertTrue(contradictions.contains { ($0["holders"] as? [String])?.contains("IMY") == true && $0["position"] as? String == "remote-access-is-transfer" })
        XCTAssertTrue((d["references"] as? [[String: Any]])?.contains { $0["target"] as? String == "GDPR art. 49" } == true)
        // Kept in the index.
        let changes = try XCTUnwrap(try KBRun.run(["changes", "--db", db, "--json"]).json["refreshes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 3)
    }

    func testEditingTheThesaurusOrPositionsReDerivesOnTheNextRefresh() throws {
        _ = try refresh([corpus.path])
        let positions = corpus.appendingPathComponent("positions.yaml")
        try (try String(contentsOf: positions, encoding: .utf8) + """

            - id: zoom-bombing-risk
              sv: Zoom-bombning är en risk
              en: Zoom-bombing is a risk
              requires:
                - [zoombombning, zoom-bombning]
                - [hackare, obehöriga, risk]
              affirm_cues: [syftar på hackare]
            """).write(to: positions, atomically: true, encoding: .utf8)
        let d = try refresh()
        XCTAssertEqual((d["changed"] as? [String])?.count, 5, "all documents are derived again")
        let p = try KBRun.run(["position", "zoom-bombing-risk", "--db", db, "--json"])
        XCTAssertEqual(p.status, 0, p.stderr)
        XCTAssertFalse(((try p.json["positions"] as? [[String: Any]])?.first?["claims"] as? [Any] ?? []).isEmpty)
    }

    func testFailedParseKeepsThePreviousVersionMarkedStale() throws {
        _ = try refresh([corpus.path])
        try Data().write(to: corpus.appendingPathComponent("001_bd6e715b0dfc5d4c.txt"))
        let d = try refresh()
        XCTAssertEqual((d["failed"] as? [[String: Any]])?.count, 1)
        let hits = try KBRun.run(["search", "--db", db, "--json", "fjärråtkomst"])
        XCTAssertTrue(((try hits.json["results"] as? [[String: Any]]) ?? []).contains { (($0["document"] as? [String: Any])?["id"] as? String) == "cs-esam-zoomx" })
    }

    func testKilledRefreshLeavesTheIndexQueryableAndTheNextOneCompletes() throws {
        _ = try refresh([corpus.path])
        let bulk = corpus.appendingPathComponent("bulk")
        try FileManager.default.createDirectory(at: bulk, withIntermediateDirectories: true)
        let paragraph = String(repeating: "Kommunen bedömer att överföring till tredjeland kräver kompletterande skyddsåtgärder enligt artikel 46. ", count: 30)
        for i in 0..<400 { try "Dokument \(i)\n\n\(paragraph)\n\n\(paragraph)\n".write(to: bulk.appendingPathComponent("d\(i).txt"), atomically: true, encoding: .utf8) }
        let p = Process()
        p.executableURL = KBRun.binary
        p.arguments = ["refresh", "--db", db, "-q"]
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 0.8)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        let search = try KBRun.run(["search", "--db", db, "--json", "fjärråtkomst överföring"])
        XCTAssertEqual(search.status, 0, search.stderr)
        XCTAssertFalse(((try search.json["results"] as? [Any]) ?? []).isEmpty)
        _ = try refresh()
        let docs = try XCTUnwrap(try KBRun.run(["docs", "--db", db, "--json"]).json["documents"] as? [Any])
        XCTAssertEqual(docs.count, 405)
    }

    /// `--only` reads the named files alone: an edit elsewhere waits for the next full refresh, a named file that
    /// is gone is removed, and a file inside a corpus folder does not become a corpus folder of its own.
    func testOnlyTheNamedFilesAreReadAndANamedGoneOneIsRemoved() throws {
        _ = try refresh([corpus.path])
        let a = corpus.appendingPathComponent("001_bd6e715b0dfc5d4c.txt"), b = corpus.appendingPathComponent("003_3978b8e089a7064f.txt")
        for file in [a, b] {
            let handle = try FileHandle(forWritingTo: file)
            handle.seekToEndOfFile()
            handle.write(Data("\nTillägg: fjärråtkomst från tredjeland räknas som överföring.\n".utf8))
            try handle.close()
        }
        let one = try refresh(["--only", a.path])
        XCTAssertEqual(one["changed"] as? [String], [a.path])
        XCTAssertEqual((one["added"] as? [String])?.count, 0)

        let gone = corpus.appendingPathComponent("004_97d38cc9a5ecc471.txt")
        try FileManager.default.removeItem(at: gone)
        let removed = try refresh(["--only", gone.path])
        XCTAssertEqual(removed["removed"] as? [String], [gone.path])
        XCTAssertEqual((removed["failed"] as? [Any])?.count, 0)

        // A named file outside the corpus folders is added, and becomes one, as without --only.
        let outside = dir.appendingPathComponent("elsewhere.txt")
        try Data("Stockholms stad bedömer att fjärråtkomst är en överföring.\n".utf8).write(to: outside)
        XCTAssertEqual(try refresh(["--only", outside.path])["added"] as? [String], [outside.path])
        try Data("Stockholms stad bedömer att fjärråtkomst inte är en överföring.\n".utf8).write(to: outside)

        // The full refresh finds the edits that were not named, and nothing twice.
        let full = try refresh()
        XCTAssertEqual(Set(full["changed"] as? [String] ?? []), [b.path, outside.path])
        XCTAssertEqual((full["added"] as? [String])?.count, 0)
        XCTAssertEqual((full["removed"] as? [String])?.count, 0)
        XCTAssertEqual(try KBRun.run(["refresh", "--db", db, "--only"]).status, 1)
    }

    /// The packed list of known files beside the index is trusted only when the index names it: a stale,
    /// corrupt or missing one makes the refresh compare against the documents table, never skip a change.
    func testThePackedFileListNeverHidesAChange() throws {
        _ = try refresh([corpus.path])
        let packed = db + ".files"
        XCTAssertTrue(FileManager.default.fileExists(atPath: packed))
        let file = corpus.appendingPathComponent("000_4c3e4d502ff3a885.txt")
        let original = try Data(contentsOf: file)
        let originalTime = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
        let stale = try Data(contentsOf: URL(fileURLWithPath: packed))

        // An edit in place that keeps the size: only the time tells.
        var edited = original
        edited[edited.count - 2] = edited[edited.count - 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try edited.write(to: file)
        try FileManager.default.setAttributes([.modificationDate: originalTime.addingTimeInterval(60)], ofItemAtPath: file.path)
        XCTAssertEqual((try refresh()["changed"] as? [String])?.count, 1)

        // The old list put back, and the file too: by that list nothing changed, but the index holds the edit.
        try stale.write(to: URL(fileURLWithPath: packed))
        try original.write(to: file)
        try FileManager.default.setAttributes([.modificationDate: originalTime], ofItemAtPath: file.path)
        XCTAssertEqual((try refresh()["changed"] as? [String])?.count, 1)

        // A corrupt list is read around; then a missing one.
        try Data("not a list".utf8).write(to: URL(fileURLWithPath: packed))
        let noop = try refresh()
        XCTAssertEqual((noop["changed"] as? [String])?.count, 0)
        XCTAssertEqual((noop["removed"] as? [String])?.count, 0)
        try FileManager.default.removeItem(atPath: packed)
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("002_5eeadb092c976f87.txt"))
        XCTAssertEqual((try refresh()["removed"] as? [String])?.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: packed))
        XCTAssertEqual((try refresh()["removed"] as? [String])?.count, 0)
    }
}

final class TimeAndValidityTests: XCTestCase {
    func testAsOfAndSupersededDocuments() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = dir.appendingPathComponent("c")
        try FileManager.default.createDirectory(at: c, withIntermediateDirectories: true)
        try "Utkast\n\nEDPB anser att fjärråtkomst från tredjeland ska betraktas som överföring.\n".write(to: c.appendingPathComponent("draft.txt"), atomically: true, encoding: .utf8)
        try "Slutlig version\n\nEDPB anser att fjärråtkomst från tredjeland räknas som en överföring även i den slutliga versionen.\n".write(to: c.appendingPathComponent("final.txt"), atomically: true, encoding: .utf8)
        try """
            draft.txt:
              id: edpb-rec-draft
              title: Recommendations 01/2020 (draft)
              issuer: EDPB
              date: 2020-11-10
            final.txt:
              id: edpb-rec-final
              title: Recommendations 01/2020 version 2.0
              issuer: EDPB
              date: 2021-06-18
              supersedes: [edpb-rec-draft]
            """.write(to: c.appendingPathComponent("documents.yaml"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("i.sqlite").path
        XCTAssertEqual(try KBRun.run(["ingest", c.path, "--db", db]).status, 0)
        let early = try KBRun.run(["search", "--db", db, "--json", "--as-of", "2021-01-01", "fjärråtkomst"])
        let sources = ((try early.json["results"] as? [[String: Any]]) ?? []).compactMap { ($0["document"] as? [String: Any])?["id"] as? String }
        XCTAssertEqual(Set(sources), ["edpb-rec-draft"])
        let claims = try XCTUnwrap(try KBRun.run(["claims", "--db", db, "--json"]).json["claims"] as? [[String: Any]])
        let draft = try XCTUnwrap(claims.first { (($0["document"] as? [String: Any])?["title"] as? String)?.contains("draft") == true })
        XCTAssertEqual(draft["superseded_by"] as? String, "Recommendations 01/2020 version 2.0")
        XCTAssertNil(claims.first { (($0["document"] as? [String: Any])?["title"] as? String)?.contains("2.0") == true }?["superseded_by"])
        let then = try XCTUnwrap(try KBRun.run(["positions", "--db", db, "--json", "--as-of", "2021-01-01"]).json["positions"] as? [[String: Any]])
        let remote = try XCTUnwrap(then.first { $0["id"] as? String == "remote-access-is-transfer" })
        XCTAssertEqual((remote["claims"] as? [Any])?.count, 1)
        let shown = try KBRun.run(["position", "remote-access-is-transfer", "--db", db])
        XCTAssertTrue(shown.stdout.contains("superseded by: Recommendations 01/2020 version 2.0"), shown.stdout)
    }
}
