import Foundation
import XCTest
@testable import Ingest

/// The byte-level lower-casing used on the hot path must give exactly what `lowercased()` gives.
final class LowercaseTests: XCTestCase {
    func testMatchesTheStandardLibraryOnTrickyText() {
        let samples = [
            "", "abc", "ABC Def", "ÖVERFÖRING TILL TREDJE LAND", "Åtgärder ÄR Nödvändiga", "Straße ẞ", "İstanbul IŞIK",
            "ΣΟΦΊΑ ΟΔΟΣ", "Ÿ Œ Ĳ ǅ", "Ａｂｃ", "FInal ﬂow", "e\u{301}E\u{301}", "“Citat” – § 5 kap. 3 §", "😀 Emoji 🇸🇪", "Ω Å K",
            "DATASKYDDSFÖRORDNINGEN (EU) 2016/679", "MÅL C‑311/18 Schrems\u{00A0}II", "ÞÐ×÷ÀÁÂ", "ŁÓDŹ ČEŠTINA",
        ]
        for s in samples { XCTAssertEqual(s.fastLowercased, s.lowercased(), s) }
    }

    func testMatchesTheStandardLibraryOnEveryScalarUpToPlaneTwo() {
        var mismatches: [UInt32] = []
        for base in stride(from: UInt32(0), to: 0x30000, by: 32) {
            var s = String.UnicodeScalarView()
            for v in base..<(base + 32) { if let u = Unicode.Scalar(v) { s.append(u) } }
            let text = "A" + String(s) + "Ö"
            if text.fastLowercased != text.lowercased() { mismatches.append(base) }
        }
        XCTAssertEqual(mismatches, [], "blocks of 32 scalars lower-cased differently")
    }

    func testMatchesTheStandardLibraryOnTheBundledCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path).filter { $0.hasSuffix(".txt") }
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let text = try String(contentsOf: Paths.corpus.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") { XCTAssertEqual(String(line).fastLowercased, String(line).lowercased()) }
        }
    }

    /// Sentence and claim spans count Characters by scalars when the text says each Character is one scalar.
    func testOneScalarPerCharacterAgreesWithGraphemeBreaking() {
        var wrong: [String] = []
        let neighbours: [Unicode.Scalar] = ["a", "\r", "\n", " ", "é", "\u{2FF}"]
        for v in UInt32(0)..<0x400 {
            guard let u = Unicode.Scalar(v) else { continue }
            for n in neighbours {
                for text in [String(u) + String(n), String(n) + String(u), String(u) + String(u)] {
                    if text.isOneScalarPerCharacter && text.count != text.unicodeScalars.count { wrong.append(text.debugDescription) }
                    if text.isOneScalarPerCharacter && CharacterOffsets(text).count != text.count { wrong.append(text.debugDescription) }
                }
            }
        }
        XCTAssertEqual(wrong, [])
        XCTAssertTrue("Överföring till tredje land.".isOneScalarPerCharacter)
        XCTAssertFalse("e\u{301}".isOneScalarPerCharacter, "a combining accent joins the letter before it")
        XCTAssertFalse("rad\r\nrad".isOneScalarPerCharacter, "CR LF is one Character")
        XCTAssertEqual(SentenceSplitter.split("Första meningen. Andra e\u{301}n. Tredje."), [0..<16, 17..<26, 27..<34], "counted in Characters")
        XCTAssertEqual(SentenceSplitter.split("Första meningen. Andra en. Tredje."), [0..<16, 17..<26, 27..<34])
    }
}
