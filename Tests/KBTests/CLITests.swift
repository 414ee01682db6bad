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

    func testOneReadingThreadGivesTheSameIndexAsOnePerCore() throws {
        let single = dir.appendingPathComponent("single.sqlite").path
        let r = try KBRun.run(["ingest", "--jobs", "1", Paths.corpus.path, "--db", single])
        XCTAssertEqual(r.status, 0, r.stderr)
        for args in [["claims", "--json"], ["docs", "--json"], ["search", "--json", "--limit", "20", "överföring tredje land"]] {
            let a = try KBRun.run(args + ["--db", db]), b = try KBRun.run(args + ["--db", single])
            XCTAssertEqual(a.status, 0, a.stderr)
            XCTAssertFalse(a.stdout.isEmpty)
            XCTAssertEqual(a.stdout.replacingOccurrences(of: db, with: "DB"), b.stdout.replacingOccurrences(of: single, with: "DB"), args.joined(separator: " "))
        }
        XCTAssertNotEqual(try KBRun.run(["ingest", "--jobs", "x", Paths.corpus.path, "--db", single]).status, 0)
    }

    func testPlainAndParsedSearchArgumentsGiveTheSameAnswer() throws {
        // Plain "--opt value" forms are read directly; "--opt=value" goes through the argument parser.
        for (plain, parsed) in [
            (["search", "--db", db, "--json", "--limit", "3", "fjärråtkomst", "överföring"],
             ["search", "--db=\(db)", "--json", "--limit=3", "fjärråtkomst", "överföring"]),
            (["search", "--db", db, "--lang", "sv", "--offset", "1", "--explain", "Zoom"],
             ["search", "--db=\(db)", "--lang=sv", "--offset=1", "--explain", "Zoom"]),
            (["search", "--db", db, "--json", "--", "Zoom", "--limit"],
             ["search", "--db=\(db)", "--json", "--", "Zoom", "--limit"]),
        ] {
            let a = try KBRun.run(plain), b = try KBRun.run(parsed)
            XCTAssertEqual(a.status, 0, a.stderr)
            XCTAssertEqual(a.stdout, b.stdout)
            XCTAssertFalse(a.stdout.isEmpty)
        }
        let bad = try KBRun.run(["search", "--db", db, "--limit", "0", "Zoom"])
        XCTAssertEqual(bad.status, 64, "an invalid limit is still a usage error: \(bad.stderr)")
        XCTAssertTrue(bad.stderr.contains("--limit"), bad.stderr)
        let missing = try KBRun.run(["search", "--db", dir.appendingPathComponent("none.sqlite").path, "Zoom"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no index at"), missing.stderr)
        XCTAssertEqual(try KBRun.run(["--version"]).stdout, "kb 0.1.0\n")
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

    func testDocsTableColumnsLineUp() throws {
        let r = try KBRun.run(["docs", "--db", db])
        XCTAssertEqual(r.status, 0)
        let lines = r.stdout.split(separator: "\n").map { Array(String($0).utf16) }
        let header = String(decoding: lines[0], as: UTF16.self)
        let starts = ["ISSUER", "KIND", "DATE", "LANG", "PASSAGES", "TITLE"].compactMap { header.range(of: $0).map { header.utf16.distance(from: header.startIndex, to: $0.lowerBound) } }
        XCTAssertEqual(starts.count, 6)
        for row in lines.dropFirst().dropLast() {
            for start in starts {
                XCTAssertEqual(Array(row[(start - 2)..<start]), [32, 32], "columns do not line up: \(String(decoding: row, as: UTF16.self))")
                XCTAssertNotEqual(row[start], 32, String(decoding: row, as: UTF16.self))
            }
        }
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
        XCTAssertTrue(r.stdout.contains("Location: line"), r.stdout)
        let missing = try KBRun.run(["show", "stockholm-zoomx#p9999", "--db", db])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("kb: no passage with anchor 'stockholm-zoomx#p9999'"))
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1)
    }

    /// A topic's positions are found through the index; they are those whose titles, claims or claims' documents'
    /// titles hold the topic, as reading every claim (`kb positions --json` without a topic) shows.
    func testPositionsOnATopicAreThoseItsClaimsOrTitlesMention() throws {
        let all = try XCTUnwrap(try KBRun.run(["positions", "--db", db, "--json"]).json["positions"] as? [[String: Any]])
        for topic in ["pseudonym", "Zoom X", "Deutsche Telekom", "kryptering", "Schrems", "transfer"] {
            let t = topic.lowercased()
            let expected = all.filter { p in
                [p["id"], p["title"], p["title_sv"]].contains { ($0 as? String)?.lowercased().contains(t) ?? false }
                    || ((p["claims"] as? [[String: Any]]) ?? []).contains { c in
                        ((c["text"] as? String)?.lowercased().contains(t) ?? false)
                            || (((c["document"] as? [String: Any])?["title"] as? String)?.lowercased().contains(t) ?? false)
                    }
            }.compactMap { $0["id"] as? String }
            let listed = try KBRun.run(["positions", "--topic", topic, "--db", db])
            XCTAssertEqual(listed.status, 0, listed.stderr)
            let ids = listed.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
            XCTAssertEqual(ids, expected, topic)
            let json = try XCTUnwrap(try KBRun.run(["positions", "--topic", topic, "--db", db, "--json"]).json["positions"] as? [[String: Any]])
            XCTAssertEqual(json.compactMap { $0["id"] as? String }, expected, topic)
        }
        XCTAssertTrue(try KBRun.run(["positions", "--topic", "pseudonym", "--db", db]).stdout.contains("pseudonymisation-sufficient"))
        let none = try KBRun.run(["positions", "--topic", "zzzqx", "--db", db])
        XCTAssertEqual(none.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "no position's title or claims mention “zzzqx”")
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

    func testDamagedIndexSaysHowToRebuildIt() throws {
        let damaged = dir.appendingPathComponent("damaged.sqlite")
        try Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: damaged)
        for args in [["search", "--db", damaged.path, "överföring"], ["docs", "--db", damaged.path]] {
            let r = try KBRun.run(args)
            XCTAssertEqual(r.status, 1)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("\(damaged.path) is damaged or is not a kb index"), r.stderr)
            XCTAssertTrue(r.stderr.contains("kb ingest"), r.stderr)
        }
    }
}

final class ReferenceCLITests: XCTestCase {
    func testRefsOccurrencesAndCitesOnTheSeeds() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("i.sqlite").path
        XCTAssertEqual(try KBRun.run(["ingest", Paths.corpus.path, "--db", db]).status, 0)
        let refs = try KBRun.run(["refs", "--db", db, "--json"])
        let targets = Set(((try refs.json["references"] as? [[String: Any]]) ?? []).compactMap { $0["target"] as? String })
        for expected in ["GDPR art. 9", "GDPR art. 46", "CJEU C-311/18", "US FISA § 702", "EDPB Recommendations 01/2020", "Dnr KS 2020/1281"] {
            XCTAssertTrue(targets.contains(expected), "missing \(expected) in \(targets.sorted())")
        }
        let occ = try KBRun.run(["refs", "--db", db, "--occurrences", "--json"])
        let list = try XCTUnwrap(try occ.json["occurrences"] as? [[String: Any]])
        let art9 = try XCTUnwrap(list.first { $0["target"] as? String == "GDPR art. 9" })
        XCTAssertEqual(art9["surface"] as? String, "Article 9 of the GDPR")
        XCTAssertNotNil((art9["document"] as? [String: Any])?["source"] as? String)
        let anchor = try XCTUnwrap((art9["passage"] as? [String: Any])?["anchor"] as? String)
        let start = try XCTUnwrap(art9["start"] as? Int), end = try XCTUnwrap(art9["end"] as? Int)
        let shown = try KBRun.run(["show", anchor, "--db", db, "--json"])
        let text = try XCTUnwrap((try shown.json["passage"] as? [String: Any])?["text"] as? String)
        XCTAssertEqual(String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end])), "Article 9 of the GDPR")

        let cites = try KBRun.run(["cites", "Schrems II", "--db", db])
        XCTAssertEqual(cites.status, 0)
        XCTAssertTrue(cites.stdout.contains("citation(s) of CJEU C-311/18"), cites.stdout)
        let filtered = try KBRun.run(["search", "ref:\"Article 9\"", "--db", db, "--json"])
        XCTAssertEqual(filtered.status, 0, filtered.stderr)
        XCTAssertGreaterThan(try filtered.json["total"] as? Int ?? 0, 0)
    }
}

final class ClaimCLITests: XCTestCase {
    func testClaimsJSONContractAndReviewsSurviveReingest() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for name in ["001_bd6e715b0dfc5d4c.txt", "documents.yaml", "positions.yaml", "thesaurus.yaml", "organisations.yaml", "legal-sources.yaml"] {
            try FileManager.default.copyItem(at: Paths.corpus.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
        let db = dir.appendingPathComponent("i.sqlite").path
        XCTAssertEqual(try KBRun.run(["ingest", corpus.path, "--db", db]).status, 0)
        let listed = try KBRun.run(["claims", "--db", db, "--json", "--position", "remote-access-is-transfer"])
        let claims = try XCTUnwrap(try listed.json["claims"] as? [[String: Any]])
        XCTAssertFalse(claims.isEmpty)
        for c in claims {
            for key in ["id", "text", "actor", "person", "role", "reported_by", "stance", "modality", "positions", "concepts", "document", "passage", "citation"] {
                XCTAssertNotNil(c[key], "claims JSON lacks \(key)")
            }
            let passage = try XCTUnwrap(c["passage"] as? [String: Any])
            let text = try XCTUnwrap(passage["text"] as? String)
            XCTAssertTrue(text.contains(try XCTUnwrap(c["text"] as? String)), "claim text is verbatim from its passage")
            XCTAssertTrue(["affirms", "denies", "qualifies", "uncertain"].contains(c["stance"] as? String ?? ""))
        }
        let edpb = try XCTUnwrap(claims.first { $0["actor"] as? String == "EDPB" })
        XCTAssertEqual(edpb["reported_by"] as? [String], ["eSam", "Computer Sweden"])
        let eSam = try XCTUnwrap(claims.first { $0["actor"] as? String == "eSam" && ($0["text"] as? String ?? "").contains("räknas som en överföring") })
        let rejectKey = try XCTUnwrap(edpb["key"] as? String), correctKey = try XCTUnwrap(eSam["key"] as? String)

        try """
            - claim: \(rejectKey)
              status: rejected
              note: reported, not held
            - claim: \(correctKey)
              status: accepted
              actor: Esamverkansprogrammet
            """.write(to: corpus.appendingPathComponent("reviews.yaml"), atomically: true, encoding: .utf8)
        // Edit the document elsewhere so it is re-ingested: the keys still match.
        let file = corpus.appendingPathComponent("001_bd6e715b0dfc5d4c.txt")
        try (try String(contentsOf: file, encoding: .utf8) + "\nEn ny sista rad.\n").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try KBRun.run(["ingest", corpus.path, "--db", db]).status, 0)
        let after = try XCTUnwrap(try KBRun.run(["claims", "--db", db, "--json", "--position", "remote-access-is-transfer"]).json["claims"] as? [[String: Any]])
        XCTAssertFalse(after.contains { $0["key"] as? String == rejectKey })
        XCTAssertEqual(after.first { $0["key"] as? String == correctKey }?["actor"] as? String, "Esamverkansprogrammet")
        let unreviewed = try XCTUnwrap(try KBRun.run(["claims", "--db", db, "--json", "--unreviewed"]).json["claims"] as? [[String: Any]])
        XCTAssertFalse(unreviewed.contains { [rejectKey, correctKey].contains($0["key"] as? String ?? "") })
        let positions = try KBRun.run(["positions", "--db", db, "--json"])
        let list = try XCTUnwrap(try positions.json["positions"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(list.count, 10)
        XCTAssertNotNil(list.first?["claims"] as? [Any])
        let one = try KBRun.run(["position", "remote-access-is-transfer", "--db", db, "--explain"])
        XCTAssertTrue(one.stdout.contains("why: actor:"), one.stdout)
        // The text groups the claims the JSON lists by stance, in the same order, under "STANCE (n holder(s))".
        let text = try KBRun.run(["position", "remote-access-is-transfer", "--db", db]).stdout
        let onPosition = try XCTUnwrap(((try KBRun.run(["position", "remote-access-is-transfer", "--db", db, "--json"]).json["positions"]
            as? [[String: Any]])?.first?["claims"]) as? [[String: Any]])
        var expected: [String] = []
        for stance in ["affirms", "denies", "qualifies", "uncertain"] {
            let these = onPosition.filter { $0["stance"] as? String == stance }
            guard !these.isEmpty else { continue }
            expected.append("\(stance.uppercased()) (\(Set(these.compactMap { $0["actor"] as? String }).count) holder(s))")
            expected += these.map { "“\($0["text"] as? String ?? "")”" }
        }
        let shown = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("“") || $0.hasSuffix("holder(s))") }
        XCTAssertEqual(shown, expected)
        XCTAssertGreaterThan(expected.count, 4)
    }
}
