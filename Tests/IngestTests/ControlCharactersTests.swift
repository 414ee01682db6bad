import Foundation
import XCTest
@testable import Ingest

final class ControlCharactersTests: XCTestCase {
    func testEscapeSequencesInADocumentDoNotReachThePassages() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("escapes.txt")
        let text = "Rubrik\n\nIMY anser att fjärråtkomst \u{1B}]0;PWNED\u{07} är en \u{1B}[31mröd\u{1B}[0m överföring\u{9B}.\n"
        try Data(text.utf8).write(to: url)
        let doc = try DocumentBuilder().build(url, metadata: nil, fingerprint: nil)
        let all = doc.passages.map(\.text).joined(separator: "\n") + (doc.metadata.title ?? "")
        XCTAssertFalse(all.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }, all)
        XCTAssertTrue(all.contains("IMY anser att fjärråtkomst ]0;PWNED är en [31mröd[0m överföring."), all)
    }

    func testLayoutCharactersAndOrdinaryTextAreKept() {
        let text = "Rad ett\tkolumn\r\nRad två: åäö € – “citat”"
        XCTAssertEqual(ControlCharacters.removed(from: text), text)
        XCTAssertEqual(ControlCharacters.removed(from: "a\u{0}b\u{7F}c\u{9B}d"), "abcd")
    }

    /// The scan reads eight bytes at a time: a control is found at every offset, next to any word boundary,
    /// and a C1 control's two bytes are found when they straddle two words.
    func testAControlIsFoundAtEveryOffset() {
        let clean = "Överföring åäö é € “x” tab\tline\nret\r 0123456789 abcdefghij ÿ ¡ Â ª"
        XCTAssertFalse(ControlCharacters.hasControls(clean))
        for control in ["\u{0}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + control + "bcdefghijklmnop"
                XCTAssertTrue(ControlCharacters.hasControls(text), "\(control.unicodeScalars.first!.value) at \(offset)")
                XCTAssertEqual(ControlCharacters.removed(from: text), String(repeating: "a", count: offset) + "bcdefghijklmnop")
            }
        }
        // U+00A0 and U+00BF share the lead byte 0xC2 with the C1 controls but are text.
        for offset in 0..<20 { XCTAssertFalse(ControlCharacters.hasControls(String(repeating: "a", count: offset) + "\u{A0}¿x")) }
    }
}
