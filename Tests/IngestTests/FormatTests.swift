import Foundation
import XCTest
@testable import Ingest

final class FormatTests: XCTestCase {
    static let fixtures = Paths.repo.appendingPathComponent("Tests/Fixtures")

    func build(_ relative: String) throws -> IngestedDocument {
        try DocumentBuilder(references: ReferenceExtractor(sources: LegalSources())).build(Self.fixtures.appendingPathComponent(relative), metadata: nil, fingerprint: nil)
    }

    func testPDFPagesAnchorsAndRunningChromeRemoved() throws {
        let doc = try build("formats/rapport.pdf")
        let texts = doc.passages.map(\.text)
        XCTAssertFalse(texts.contains { $0.contains("Sida 1 av 3") || $0.contains("Rapport om molntjänster 2023") }, "\(texts)")
        let transfer = try XCTUnwrap(doc.passages.first { $0.text.contains("fjärråtkomst från tredjeland är en överföring av personuppgifter") })
        XCTAssertEqual(transfer.page, 1)
        XCTAssertTrue(transfer.anchor.hasPrefix("rapport#p1."), transfer.anchor)
        let right = try XCTUnwrap(doc.passages.first { $0.text.contains("Höger spalt") })
        let left = try XCTUnwrap(doc.passages.first { $0.text.contains("Vänster spalt") })
        XCTAssertEqual(right.page, 2)
        XCTAssertLessThan(left.ordinal, right.ordinal, "columns in reading order")
        XCTAssertEqual(left.text, "Vänster spalt: kryptering med nycklar som kunden själv förvaltar skyddar innehållet.")
        XCTAssertEqual(doc.passages.last?.page, 3)
        XCTAssertTrue(doc.references.flatMap { $0 }.contains { $0.target == "GDPR art. 44" })
    }

    func testDehyphenationJoinsWordsSplitAtLineEnds() {
        XCTAssertEqual(PageCleaner.dehyphenate(["en över-", "föring till USA"]), ["en överföring", "till USA"])
        XCTAssertEqual(PageCleaner.dehyphenate(["IT-", "Säkerhet"]), ["IT-", "Säkerhet"], "a capital after the break keeps the hyphen")
    }

    func testBrokenPDFsSayWhy() throws {
        XCTAssertThrowsError(try build("hostile/scanned.pdf")) { XCTAssertTrue("\($0)".contains("no text layer: needs OCR"), "\($0)") }
        XCTAssertThrowsError(try build("hostile/corrupt.pdf")) { XCTAssertTrue("\($0)".contains("corrupt PDF"), "\($0)") }
        let encrypted = Self.fixtures.appendingPathComponent("hostile/encrypted.pdf")
        if FileManager.default.fileExists(atPath: encrypted.path) {
            XCTAssertThrowsError(try build("hostile/encrypted.pdf")) { XCTAssertTrue("\($0)".contains("encrypted PDF"), "\($0)") }
        }
    }

    func testDOCXHeadingsListsTablesAndFootnotes() throws {
        let doc = try build("formats/vagledning.docx")
        XCTAssertEqual(doc.sections.map(\.heading), ["Vägledning om molntjänster", "Överföring till tredjeland", "Kategorier", "Footnotes"])
        XCTAssertEqual(doc.passages.filter { $0.kind == .listItem }.map(\.text), ["Kryptera innehållet före lagring", "Förvara nycklarna hos kommunen"])
        let row = try XCTUnwrap(doc.passages.first { $0.text.hasPrefix("Kontodata") })
        XCTAssertEqual(row.fields, [Field(name: "Kategori", value: "Kontodata"), Field(name: "Plats", value: "Tyskland"), Field(name: "Åtkomst", value: "Support på nivå två")])
        XCTAssertEqual(row.anchor, "vagledning#t1/r2")
        let note = try XCTUnwrap(doc.passages.first { $0.anchor == "vagledning#fn1" })
        XCTAssertTrue(note.text.contains("artikel 46.2 c"))
    }

    func testXLSXRowsAreRecordsCitableBySheetAndRow() throws {
        let doc = try build("formats/tia.xlsx")
        let row = try XCTUnwrap(doc.passages.first { $0.anchor == "tia#data-sheet/r3" })
        XCTAssertEqual(row.fields.first { $0.name == "Processing location" }?.value, "Visualised AB, Sverige")
        XCTAssertEqual(row.fields.first { $0.name == "No" }?.value, "14")
        XCTAssertTrue(doc.passages.contains { $0.anchor == "tia#kallor/r2" && $0.text.contains("EDPB Recommendations 01/2020") })
        XCTAssertEqual(doc.sections.map(\.heading), ["Data sheet", "Källor"])
    }

    func testCSVAndTSVKeepQuotedSeparatorsAndLineBreaks() throws {
        let csv = try build("formats/tia.csv")
        let account = try XCTUnwrap(csv.passages.first { $0.anchor == "tia#r2" })
        XCTAssertEqual(account.fields.first { $0.name == "Processing location" }?.value, "AWS i Tyskland, Frankfurt")
        XCTAssertEqual(account.fields.first { $0.name == "Access" }?.value, "Zoom har \"fysisk\" åtkomst")
        let support = try XCTUnwrap(csv.passages.first { $0.text.hasPrefix("14") })
        XCTAssertEqual(support.fields.first { $0.name == "Processing location" }?.value, "Visualised AB, Sverige")
        let tsv = try build("formats/tia.tsv")
        XCTAssertEqual(tsv.passages.first { $0.anchor == "tia#r3" }?.fields.last?.value, "Sverige")
    }

    func testTableInPlainTextIsCitableAsTableRow() throws {
        let doc = try DocumentBuilder().build(Paths.seed("003_"), metadata: DocumentMetadata(id: "slides"), fingerprint: nil)
        let row = try XCTUnwrap(doc.passages.first { $0.text.contains("In the case of Tier 3") })
        XCTAssertTrue(row.anchor.hasPrefix("slides#t1/r"), row.anchor)
        let names = Set(row.fields.map(\.name))
        for n in ["Category/ sub-category", "Processing purpose", "Data content", "Data Subject", "Sensitive personal data", "Processing Location", "Controller / Processor / Subprocessor", "Access"] {
            XCTAssertTrue(names.contains(n), "missing field \(n)")
        }
    }

    /// A decision saved as text keeps its running page header on every page ("Sida 2 av 4 … 2(4)", "Datum: …"):
    /// only the first is kept, the sentences around page breaks read whole, and numbered headings and a
    /// sentence that recurs stay.
    func testRunningPageHeadersInTextAreDropped() throws {
        var lines = ["Beslut efter tillsyn", "", "Datum: 2023-06-30", ""]
        for page in 1...4 {
            lines += ["\(page).2 Bakgrund", "", "Enligt artikel 46 får personuppgifter överföras om lämpliga skyddsåtgärder",
                      "har vidtagits av den personuppgiftsansvarige.", "",
                      "IMY konstaterar att bolaget inte har visat att överföringen av personuppgifter till Google LLC i USA,",
                      "som sker med stöd av standardavtalsklausuler och de skyddsåtgärder som bolaget vidtagit,", "",
                      "Sida \(page) av 4 Integritetsskyddsmyndigheten Diarienummer: DI-2020-11373 \(page + 1)(5)", "Datum: 2023-06-30", "",
                      "uppfyller kraven i kapitel V på sidan \(page)."]
            lines.append("")
        }
        let blocks = TextLayout(markdown: false).blocks(from: lines.joined(separator: "\n"))
        let text = blocks.map(\.text)
        XCTAssertEqual(text.filter { $0.contains("Diarienummer") }.count, 1, "\(text)")
        XCTAssertEqual(text.filter { $0.hasPrefix("Datum: 2023-06-30") }.count, 1, "\(text)")
        XCTAssertTrue(text.contains("IMY konstaterar att bolaget inte har visat att överföringen av personuppgifter till Google LLC i USA, som sker med stöd av standardavtalsklausuler och de skyddsåtgärder som bolaget vidtagit, uppfyller kraven i kapitel V på sidan 3."), "\(text)")
        XCTAssertEqual(text.filter { $0.hasSuffix("Bakgrund") }.count, 4)
        XCTAssertEqual(text.filter { $0.hasPrefix("Enligt artikel 46 får") }.count, 4)
        // Line numbers still point at the source.
        let third = try XCTUnwrap(blocks.first { $0.text.hasSuffix("sidan 3.") })
        XCTAssertEqual(lines[third.lineEnd - 1], "uppfyller kraven i kapitel V på sidan 3.")
    }

    func testHostileOfficeFiles() throws {
        XCTAssertThrowsError(try build("hostile/bomb.docx")) { XCTAssertTrue("\($0)".contains("zip bomb"), "\($0)") }
        let traversal = try build("hostile/traversal.docx")
        XCTAssertEqual(traversal.passages.map(\.text), ["Ett dokument med en farlig post i arkivet."])
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/kb-absolute-evil.txt"))
        let xxe = try build("hostile/xxe.docx")
        XCTAssertFalse(xxe.passages.contains { $0.text.contains("root:") }, "external entity must not be expanded")
    }

    func testSizeLimitSkipsLargeFiles() throws {
        let builder = DocumentBuilder(maxSize: 1000)
        XCTAssertThrowsError(try builder.build(Paths.seed("003_"), metadata: nil, fingerprint: nil)) {
            XCTAssertTrue("\($0)".contains("over the"), "\($0)")
        }
    }
}
