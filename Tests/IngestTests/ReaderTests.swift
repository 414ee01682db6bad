import Foundation
import XCTest
@testable import Ingest

final class PlainTextReaderTests: XCTestCase {
    func read(_ url: URL) throws -> ReadResult {
        try PlainTextReader().read(try Data(contentsOf: url), name: url.lastPathComponent)
    }

    func testSlidesKeepHeadingsListsAndTableRowsWithHeaders() throws {
        let result = try read(Paths.seed("003_"))
        let headings = result.blocks.filter { $0.kind == .heading }.map(\.text)
        XCTAssertTrue(headings.contains("EDPBs metod för Transfer Impact Assessment"), "\(headings)")
        XCTAssertTrue(headings.contains("Integritetsskyddsmyndighetens bedömning"))
        let items = result.blocks.filter { $0.kind == .listItem }.map(\.text)
        XCTAssertTrue(items.contains { $0.hasPrefix("Autentisering av användare i Teams sker via Azure AD") })
        let rows = result.blocks.filter { $0.kind == .tableRow && !$0.fields.isEmpty }
        let support = try XCTUnwrap(rows.first { $0.text.contains("In the case of Tier 3") })
        let names = support.fields.map(\.name)
        XCTAssertEqual(names.first, "No")
        XCTAssertTrue(names.contains("Processing Location"))
        XCTAssertEqual(support.fields.first { $0.name == "Processing Location" }?.value,
                       "1st and 2nd line support is processed by Visualised AB and stored in Sweden.")
        XCTAssertGreaterThan(support.lineStart, 100)
    }

    func testParagraphSplitByStrayBlankLineIsRejoined() throws {
        let result = try read(Paths.seed("000_"))
        XCTAssertTrue(result.blocks.contains { $0.text.contains("Krypteringsnycklarna är oåtkomliga för Zoom och övriga leverantörer.") })
    }

    func testSwedishDialogueDashIsNotAListItem() throws {
        let result = try read(Paths.seed("001_"))
        let quote = try XCTUnwrap(result.blocks.first { $0.text.contains("Det som är specifikt med Zoom X") })
        XCTAssertEqual(quote.kind, .paragraph)
        XCTAssertTrue(quote.text.hasPrefix("–"))
    }

    func testLineRangesPointAtTheSource() throws {
        let url = Paths.seed("002_")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        for block in try read(url).blocks.prefix(30) {
            let first = lines[block.lineStart - 1]
            let firstWord = block.text.split(separator: " ").first.map(String.init) ?? ""
            XCTAssertTrue(first.contains(firstWord), "line \(block.lineStart) does not start block '\(block.text.prefix(40))'")
        }
    }
}

final class MarkdownReaderTests: XCTestCase {
    func testFrontMatterBecomesMetadataAndShortcodesVanish() throws {
        let url = try Paths.real("015_")
        let result = try MarkdownReader().read(try Data(contentsOf: url), name: url.lastPathComponent)
        XCTAssertEqual(result.metadata.title, "EU-domstolens ogiltigförklarande av Privacy Shield")
        XCTAssertEqual(result.metadata.date, "2020-09-04")
        XCTAssertEqual(result.metadata.author, "Amelia Andersdotter")
        XCTAssertEqual(result.metadata.language, "sv")
        XCTAssertFalse(result.blocks.contains { $0.text.contains("{{") || $0.text.contains("ingress") })
        XCTAssertTrue(result.blocks.contains { $0.kind == .listItem && $0.text.hasPrefix("Schrems II-avgörandet") })
    }

    func testHeadingsWithoutFrontMatter() throws {
        let url = try Paths.real("018_")
        let result = try MarkdownReader().read(try Data(contentsOf: url), name: url.lastPathComponent)
        XCTAssertEqual(result.blocks.first?.kind, .heading)
        XCTAssertEqual(result.blocks.filter { $0.kind == .heading }.map(\.text), ["CLOUD Act och FISA 702", "CLOUD Act", "FISA 702"])
    }
}

final class HTMLReaderTests: XCTestCase {
    func testGDPRhubPageLosesItsChrome() throws {
        let url = try Paths.real("005_")
        let result = try HTMLReader().read(try Data(contentsOf: url), name: url.lastPathComponent)
        let all = result.blocks.map(\.text).joined(separator: "\n")
        for chrome in ["Jump to navigation", "Search GDPRhub", "Log in", "Privacy policy", "What links here", "Contents", "[edit", "Categories:"] {
            XCTAssertFalse(all.contains(chrome), "page chrome '\(chrome)' leaked into the text")
        }
        XCTAssertEqual(result.metadata.title, "CJEU - C-311/18 - Facebook Ireland and Schrems")
        let headings = result.blocks.filter { $0.kind == .heading }.map(\.text)
        XCTAssertTrue(headings.contains("Facts"))
        XCTAssertTrue(headings.contains("Holding"))
        XCTAssertTrue(result.blocks.contains { $0.kind == .tableRow && $0.fields == [Field(name: "Court", value: "CJEU")] })
    }

    func testScriptsStylesAndNavigationAreDropped() throws {
        let html = """
            <html lang="sv"><head><title>Vägledning</title><style>p{color:red}</style><script>var x = "hemligt";</script></head>
            <body><nav><a href="/">Hem</a></nav><div class="cookie-banner">Vi använder kakor</div>
            <main><h1>Överföring till tredje land</h1><p>Fjärråtkomst &amp; överföring.</p>
            <ul><li>Första punkten</li><li>Andra</li></ul>
            <table><tr><th>Kategori</th><th>Plats</th></tr><tr><td>Kontodata</td><td>Tyskland</td></tr></table></main>
            <footer>Kontakt</footer></body></html>
            """
        let result = try HTMLReader().read(Data(html.utf8), name: "x.html")
        let texts = result.blocks.map(\.text)
        XCTAssertEqual(texts, ["Överföring till tredje land", "Fjärråtkomst & överföring.", "Första punkten", "Andra", "Kategori Plats", "Kontodata Tyskland"])
        XCTAssertEqual(result.blocks.last?.fields, [Field(name: "Kategori", value: "Kontodata"), Field(name: "Plats", value: "Tyskland")])
        XCTAssertEqual(result.metadata.language, "sv")
    }

    /// libxml2 alone stops at the 256th nested element and drops the rest of the page without a word.
    func testDeeplyNestedPagesKeepAllTheirText() throws {
        for depth in [300, 200_000] {
            let html = "<html><body><p>Före djupet.</p>" + String(repeating: "<div>", count: depth) + "<p>Inne i djupet.</p>"
                + String(repeating: "</div>", count: depth) + "<table><tr><td>Efter djupet.</td></tr></table></body></html>"
            let result = try HTMLReader().read(Data(html.utf8), name: "deep.html")
            let text = result.blocks.map(\.text).joined(separator: " | ")
            XCTAssertEqual(text, "Före djupet. | Inne i djupet. | Efter djupet.", "\(depth)")
            XCTAssertEqual(result.notes, ["elements nested more than 256 deep were read as plain text, without their structure"])
        }
        let shallow = "<html><body>" + String(repeating: "<div>", count: 200) + "<p>Grunt.</p>" + String(repeating: "</div>", count: 200) + "</body></html>"
        XCTAssertEqual(try HTMLReader().read(Data(shallow.utf8), name: "s.html").notes, [])
    }
}

final class DecodingTests: XCTestCase {
    func testWindows1252FallbackSaysSo() throws {
        let bytes: [UInt8] = Array("Överföring ".utf8.map { $0 }).isEmpty ? [] : [0xD6, 0x76, 0x65, 0x72, 0x66, 0xF6, 0x72, 0x69, 0x6E, 0x67, 0x20, 0x80, 0x20, 0x93, 0x78, 0x94]
        let decoded = try TextDecoding.decode(Data(bytes))
        XCTAssertEqual(decoded.text, "Överföring € “x”")
        XCTAssertEqual(decoded.note, "not valid UTF-8; decoded as Windows-1252")
    }

    func testBinaryAndEmptyAreRefused() {
        XCTAssertThrowsError(try TextDecoding.decode(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02]))) { XCTAssertEqual($0 as? IngestError, .binary) }
        XCTAssertThrowsError(try TextDecoding.decode(Data())) { XCTAssertEqual($0 as? IngestError, .empty) }
        XCTAssertThrowsError(try TextDecoding.decode(Data(" \n\n\t ".utf8))) { XCTAssertEqual($0 as? IngestError, .empty) }
    }
}

final class SegmenterTests: XCTestCase {
    func testAnchorsAreStableAndReadable() throws {
        let builder = DocumentBuilder()
        let meta = DocumentMetadata(id: "stockholm-zoomx")
        let a = try builder.build(Paths.seed("000_"), metadata: meta, fingerprint: nil)
        let b = try builder.build(Paths.seed("000_"), metadata: meta, fingerprint: nil)
        XCTAssertEqual(a.passages.map(\.anchor), b.passages.map(\.anchor))
        XCTAssertEqual(a.passages.first?.anchor, "stockholm-zoomx#p1")
        XCTAssertEqual(a.contentHash, b.contentHash)
    }

    func testMetadataIsInferredWithoutAnEntry() throws {
        let doc = try DocumentBuilder().build(Paths.seed("003_"), metadata: nil, fingerprint: nil)
        XCTAssertEqual(doc.metadata.title, "Stockholms stad och molnfrågan")
        XCTAssertEqual(doc.metadata.language, "sv")
        XCTAssertEqual(doc.metadata.id, "003-3978b8e089a7064f")
        XCTAssertNotNil(doc.metadata.dateNote)
    }

    func testCatalogueRejectsUnknownKindWithAClearMessage() {
        XCTAssertThrowsError(try MetadataCatalogue.parse("a.txt:\n  kind: blogpost\n", file: "documents.yaml")) { error in
            XCTAssertTrue("\(error)".contains("unknown kind 'blogpost'"))
        }
    }

    func testBinaryCatalogueGivesAOneLinePrintableError() {
        let binary = "id: \u{1}\u{2}\u{7F}\u{FFFD}\n\u{0}garbage: [\n"
        XCTAssertThrowsError(try MetadataCatalogue.parse(binary, file: "documents.yaml")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("documents.yaml: not valid YAML"), text)
            XCTAssertFalse(text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{FFFD}" }, text)
        }
    }

    func testBundledCatalogueDescribesEverySeed() throws {
        let catalogue = try MetadataCatalogue.load(directory: Paths.corpus)
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path).filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(seeds.count, 5)
        for seed in seeds {
            let m = try XCTUnwrap(catalogue.entries[seed], seed)
            XCTAssertNotNil(m.title); XCTAssertNotNil(m.issuer); XCTAssertNotNil(m.kind); XCTAssertNotNil(m.language)
            XCTAssertTrue(m.date != nil || m.dateNote != nil)
        }
    }
}
