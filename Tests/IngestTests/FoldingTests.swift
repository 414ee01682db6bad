import XCTest
@testable import Ingest

/// Folding (diacritics off, for queries typed without them) is done on bytes; this is what it must give.
final class FoldingTests: XCTestCase {
    /// The folding table, scalar by scalar.
    static func reference(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0xE0...0xE5, 0xC0...0xC5, 0x101, 0x103, 0x105: out.append("a")
            case 0xE6, 0xC6: out.append("a"); out.append("e")
            case 0xE7, 0xC7, 0x107, 0x10D: out.append("c")
            case 0xE8...0xEB, 0xC8...0xCB, 0x113, 0x117, 0x119, 0x11B: out.append("e")
            case 0xEC...0xEF, 0xCC...0xCF, 0x12B, 0x131: out.append("i")
            case 0xF1, 0xD1, 0x144, 0x148: out.append("n")
            case 0xF2...0xF6, 0xF8, 0xD2...0xD6, 0xD8, 0x14D, 0x151: out.append("o")
            case 0xF9...0xFC, 0xD9...0xDC, 0x16B, 0x16F, 0x171: out.append("u")
            case 0xFD, 0xFF, 0xDD: out.append("y")
            case 0xDF: out.append("s"); out.append("s")
            case 0xF0, 0xD0, 0x111: out.append("d")
            case 0xFE, 0xDE: out.append("t"); out.append("h")
            case 0x161, 0x160: out.append("s")
            case 0x17E, 0x17D, 0x17A, 0x17C: out.append("z")
            case 0x142, 0x141: out.append("l")
            case 0x159: out.append("r")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    func testFoldsEveryScalarAsTheTableSays() {
        var wrong: [UInt32] = []
        for v in UInt32(0)..<0x11000 {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = "ö" + String(u) + "x"
            if Folding.fold(s) != Self.reference(s) { wrong.append(v) }
        }
        XCTAssertEqual(wrong, [])
        XCTAssertEqual(Folding.fold("Överföring Æble Straße þorn 😀"), "overforing aeble Strasse thorn 😀")
        XCTAssertEqual(Folding.fold("plain"), "plain")
    }
}

/// The word and digit tests of the scanners must agree with the Unicode properties they stand for.
final class WordScalarsTests: XCTestCase {
    func testAgreeWithUnicodePropertiesForEveryScalar() {
        var wrong: [UInt32] = []
        for v in UInt32(0)..<0x110000 {
            guard let s = Unicode.Scalar(v) else { continue }
            let word = s.properties.isAlphabetic || s.properties.numericType != nil
            if WordScalars.isWord(v) != word || WordScalars.isDigit(v) != (v < 0x80 ? (v >= 0x30 && v <= 0x39) : s.properties.numericType != nil)
                || WordScalars.isLetter(v) != s.properties.isAlphabetic {
                wrong.append(v)
            }
        }
        XCTAssertEqual(wrong, [])
    }
}
