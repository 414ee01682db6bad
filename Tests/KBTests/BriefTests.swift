import Foundation
import XCTest

/// Briefs as a lawyer receives them: the disagreements, verbatim quotes, citations that resolve, and files
/// that a browser and LibreOffice render.
final class BriefTests: XCTestCase {
    nonisolated(unsafe) static var shared: (dir: URL, db: String)? = nil

    static func setUpIndex() throws -> (URL, String) {
        if let s = shared { return s }
        let dir = try Paths.tempDir()
        let db = dir.appendingPathComponent("i.sqlite").path
        let r = try KBRun.run(["ingest", Paths.corpus.path, "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        shared = (dir, db)
        return (dir, db)
    }

    func brief(_ format: String, _ extra: [String] = [], output: String? = nil) throws -> KBRun {
        let (_, db) = try Self.setUpIndex()
        var args = ["brief", "--db", db, "--topic", "Zoom X", "--party", "Stockholms stad", "--party", "eSam", "--format", format, "--no-timestamp"] + extra
        if let output { args += ["-o", output] }
        return try KBRun.run(args)
    }

    /// A fresh index of a corpus folder that `fill` writes into; the folder is removed with `dir` by the caller.
    func ingested(_ fill: (URL) throws -> Void) throws -> (dir: URL, db: String) {
        let dir = try Paths.tempDir()
        let corpus = dir.appendingPathComponent("corpus")
        try fill(corpus)
        let db = dir.appendingPathComponent("i.sqlite").path
        XCTAssertEqual(try KBRun.run(["ingest", corpus.path, "--db", db]).status, 0)
        return (dir, db)
    }

    static func norm(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    func testStockholmAndESamDisagreeOnTheKeyPointsWithVerbatimCitedQuotes() throws {
        let r = try brief("json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try r.json
        for key in ["topic", "parties", "generated", "corpus", "points", "authorities", "sources"] { XCTAssertNotNil(json[key], key) }
        let points = try XCTUnwrap(json["points"] as? [[String: Any]])
        func agreement(_ id: String) -> String? {
            points.first { ($0["position"] as? [String: Any])?["id"] as? String == id }?["agreement"] as? String
        }
        XCTAssertEqual(agreement("vendor-operations-access"), "disagree", "technical access by Zoom")
        XCTAssertEqual(agreement("eu-storage-protects"), "disagree", "EU storage and Deutsche Telekom's operation")
        XCTAssertEqual(agreement("client-keys-effective"), "disagree", "client-generated keys under the customer's control")
        let (_, db) = try Self.setUpIndex()
        for point in points {
            for party in try XCTUnwrap(point["parties"] as? [[String: Any]]) {
                guard let quote = party["quote"] as? String else { XCTAssertEqual(party["stance"] as? String, "not stated"); continue }
                let anchor = try XCTUnwrap((party["passage"] as? [String: Any])?["anchor"] as? String)
                let shown = try KBRun.run(["show", anchor, "--db", db, "--json"])
                XCTAssertEqual(shown.status, 0, "citation \(anchor) must resolve")
                let text = try XCTUnwrap((try shown.json["passage"] as? [String: Any])?["text"] as? String)
                XCTAssertTrue(text.contains(quote), "quote not verbatim in \(anchor): \(quote)")
                let source = try XCTUnwrap((party["document"] as? [String: Any])?["source"] as? String)
                XCTAssertTrue(Self.norm(try String(contentsOfFile: source, encoding: .utf8)).contains(Self.norm(quote)), "quote not in the file")
            }
        }
        let eSamReported = points.flatMap { ($0["parties"] as? [[String: Any]]) ?? [] }.first { $0["party"] as? String == "eSam" && $0["quote"] is String }
        XCTAssertEqual(eSamReported?["reported_by"] as? [String], ["Computer Sweden"])
    }

    func testSameCorpusSameBytes() throws {
        let a = try brief("md"), b = try brief("md")
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertTrue(a.stdout.contains("## Sources"))
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try brief("docx", output: dir.appendingPathComponent("a.docx").path)
        _ = try brief("docx", output: dir.appendingPathComponent("b.docx").path)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("a.docx")), try Data(contentsOf: dir.appendingPathComponent("b.docx")))
    }

    func testDocumentTextCannotBreakTheHTML() throws {
        let (dir, db) = try ingested { corpus in
            try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
            try "Analys\n\nEsam menar att fjärråtkomst <script>alert(1)</script> & \"åtkomst\" räknas som en överföring.\n\nStockholms stad anser att fjärråtkomst från tredjeland inte är en överföring <b>alls</b>.\n"
                .write(to: corpus.appendingPathComponent("hostile.txt"), atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try KBRun.run(["brief", "--db", db, "--position", "remote-access-is-transfer", "--party", "eSam", "--party", "Stockholms stad", "--format", "html", "--no-timestamp"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.contains("<script>"))
        XCTAssertFalse(r.stdout.contains("<b>alls"))
        XCTAssertTrue(r.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;åtkomst&quot;"))
        XCTAssertFalse(r.stdout.contains("http://") || r.stdout.contains("https://"), "self-contained: no network")
    }

    /// Renders the HTML in headless Chromium to PDF and checks quotes and citations in the PDF text.
    func testHTMLBriefRendersInABrowser() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("chromium is not installed (make test installs it)")
        }
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("brief.html"), pdf = dir.appendingPathComponent("brief.pdf")
        XCTAssertEqual(try brief("html", output: html.path).status, 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(dir.path)/profile",
                       "--print-to-pdf=\(pdf.path)", html.absoluteString]
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        try checkPDF(pdf)
    }

    /// Converts the Word brief with LibreOffice and checks the same.
    func testDOCXBriefOpensInLibreOffice() throws {
        guard let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("LibreOffice is not installed (make test installs it)")
        }
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docx = dir.appendingPathComponent("brief.docx")
        XCTAssertEqual(try brief("docx", output: docx.path).status, 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = ["-env:UserInstallation=file://\(dir.path)/lo", "--headless", "--convert-to", "pdf", "--outdir", dir.path, docx.path]
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        try checkPDF(dir.appendingPathComponent("brief.pdf"))
    }

    func checkPDF(_ pdf: URL) throws {
        XCTAssertTrue(FileManager.default.fileExists(atPath: pdf.path), "no PDF was produced")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        p.arguments = ["-enc", "UTF-8", pdf.path, "-"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        // pdftotext joins words broken at a line-end hyphen and drops the hyphen: compare without hyphens.
        func flat(_ s: String) -> String { Self.norm(s).replacingOccurrences(of: "- ", with: "").replacingOccurrences(of: "-", with: "") }
        let text = flat(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        p.waitUntilExit()
        let json = try brief("json").json
        let sources = try XCTUnwrap(json["sources"] as? [[String: Any]])
        XCTAssertTrue(text.contains("Sources"))
        for point in (json["points"] as? [[String: Any]] ?? []).prefix(3) {
            for party in (point["parties"] as? [[String: Any]] ?? []) {
                guard let quote = party["quote"] as? String else { continue }
                // Line breaks and hyphenation in the PDF: compare the quote's first words.
                let head = quote.split(separator: " ").prefix(5).joined(separator: " ")
                XCTAssertTrue(text.contains(flat(head)), "quote missing from the rendered PDF: \(head)")
            }
        }
        for s in sources.prefix(5) {
            let anchor = try XCTUnwrap(s["anchor"] as? String)
            XCTAssertTrue(text.contains(flat(anchor)), "citation \(anchor) missing from the rendered PDF")
        }
    }

    func testALargeCorpusIsSummedUpNotListed() throws {
        let (dir, db) = try ingested { corpus in
            try FileManager.default.copyItem(at: Paths.corpus, to: corpus)
            for i in 0..<200 {
                try "Anteckning \(i)\n\nMötet om schemat för vecka \(i) hölls utan beslut.\n"
                    .write(to: corpus.appendingPathComponent("note-\(i).txt"), atomically: true, encoding: .utf8)
            }
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let large = try KBRun.run(["brief", "--db", db, "--topic", "Zoom X", "--party", "Stockholms stad", "--party", "eSam", "--format", "md", "--no-timestamp"])
        XCTAssertEqual(large.status, 0, large.stderr)
        let section = try XCTUnwrap(large.stdout.components(separatedBy: "## Corpus").last)
        XCTAssertTrue(section.contains("205 documents from"), section)
        XCTAssertFalse(section.contains("Anteckning 7"), "a corpus of 205 documents is not listed title by title")
        // The seeds alone are listed, each document on its line.
        let small = try brief("md")
        let listed = try XCTUnwrap(small.stdout.components(separatedBy: "## Corpus").last)
        XCTAssertEqual(listed.split(separator: "\n").filter { $0.hasPrefix("- ") }.count, 5, listed)
    }
}
