import Foundation
import XCTest
@testable import Ingest

final class PassageBoundsTests: XCTestCase {
    func testEndlessLineBecomesCitablePassagesCutAtSentenceEnds() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sentences = (1...4_000).map { "Mening nummer \($0) om fjärråtkomst som överföring, skriven utan radbrytning." }
        let text = sentences.joined(separator: " ")
        let url = dir.appendingPathComponent("endless.txt")
        try Data(text.utf8).write(to: url)

        let doc = try DocumentBuilder().build(url, metadata: nil, fingerprint: nil)
        XCTAssertGreaterThan(doc.passages.count, 20)
        for p in doc.passages {
            XCTAssertLessThanOrEqual(p.text.utf8.count, PassageBounds.maxBytes, p.anchor)
            XCTAssertTrue(p.text.hasSuffix("radbrytning."), "cut inside a sentence: …\(p.text.suffix(40))")
        }
        XCTAssertEqual(doc.passages.map(\.text).joined(separator: " "), text, "text was lost or changed at a cut")
        XCTAssertEqual(Set(doc.passages.map(\.anchor)).count, doc.passages.count)
    }

    func testOverlongWordIsCutOnWholeCharacters() {
        let word = String(repeating: "ä", count: 12_000)   // 24,000 bytes, no space and no sentence end
        let pieces = PassageBounds.pieces(of: word)
        XCTAssertEqual(pieces.count, 3)
        XCTAssertTrue(pieces.allSatisfy { $0.utf8.count <= PassageBounds.maxBytes })
        XCTAssertEqual(pieces.joined(), word, "a cut split a letter's bytes")
    }

    func testOverlongHeadingIsReadAsParagraphAndShortOnesStay() {
        let long = Block(kind: .heading, text: String(repeating: "Rubrik ", count: 100), level: 1, lineStart: 1, lineEnd: 1)
        let short = Block(kind: .heading, text: "Integritetsskyddsmyndighetens bedömning", level: 2, lineStart: 3, lineEnd: 3)
        let out = PassageBounds.bounded([long, short])
        XCTAssertEqual(out.map(\.kind), [.paragraph, .heading])
        XCTAssertEqual(out[0].level, 0)
        XCTAssertEqual(out[1], short)
    }

    func testOrdinaryDocumentsAreLeftWhole() throws {
        for prefix in ["000_", "001_", "002_", "003_"] {
            let url = Paths.seed(prefix)
            let blocks = try PlainTextReader().read(try Data(contentsOf: url), name: url.lastPathComponent).blocks
            XCTAssertEqual(PassageBounds.bounded(blocks), blocks, url.lastPathComponent)
        }
    }
}

final class DocumentPartsLimitTests: XCTestCase {
    func testFilesOfMoreLinesOrBlocksThanTheLimitAreRefusedWithAMessage() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var builder = DocumentBuilder()
        builder.maxParts = 1_000
        let lines = dir.appendingPathComponent("lines.txt")
        try Data(String(repeating: "Ord.\n\n", count: 600).utf8).write(to: lines)
        XCTAssertThrowsError(try builder.build(lines, metadata: nil, fingerprint: nil)) { error in
            XCTAssertEqual(error as? IngestError, .tooManyParts(count: 1_200, limit: 1_000, unit: "lines"))
            XCTAssertTrue("\(error)".contains("split it into smaller files"), "\(error)")
        }
        let html = dir.appendingPathComponent("items.html")
        try Data(("<html><body>" + String(repeating: "<p>Ett stycke om överföring.</p>", count: 1_001) + "</body></html>").utf8).write(to: html)
        XCTAssertThrowsError(try builder.build(html, metadata: nil, fingerprint: nil)) { error in
            guard case .tooManyParts(let count, 1_000, _)? = error as? IngestError else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(count, 1_000)
        }
        try Data(String(repeating: "Ord.\n\n", count: 400).utf8).write(to: lines)
        XCTAssertEqual(try builder.build(lines, metadata: nil, fingerprint: nil).passages.count, 400)
    }
}
