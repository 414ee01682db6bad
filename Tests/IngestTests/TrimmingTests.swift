import Foundation
import XCTest
@testable import Ingest

/// Trimming and cell splitting on scalars must give exactly what Foundation's `NSString` round trip gives.
final class TrimmingTests: XCTestCase {
    static let samples = [
        "", " ", "\t", "abc", "  abc  ", "\tcell\t", "\u{00A0}Schrems II\u{00A0}", "\u{2003}em\u{2009}thin\u{202F}", "\u{3000}全角\u{3000}",
        " \n line \r", "\u{1680}ogham\u{205F}", "e\u{301} ", " \u{301}x", "– talstreck ", "  ", "a\u{2028}b ", "😀 ", " ⁠ word",
    ]

    func testBlankTrimmingMatchesFoundationWhitespaces() {
        for s in Self.samples {
            XCTAssertEqual(s.trimmingBlanks, s.trimmingCharacters(in: .whitespaces), s.debugDescription)
            let part = ("x" + s + "y").dropFirst().dropLast()
            XCTAssertEqual(part.trimmingBlanks, part.trimmingCharacters(in: .whitespaces), s.debugDescription)
        }
        // Every scalar of the Basic Multilingual Plane, alone between letters and at both ends.
        var wrong: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = String(u) + "a" + String(u)
            if s.trimmingBlanks != s.trimmingCharacters(in: .whitespaces) { wrong.append(v) }
        }
        XCTAssertEqual(wrong, [])
    }

    /// White-space runs collapsed on the bytes give what collapsing Characters by `isWhitespace` gives, for every
    /// scalar of the Basic Multilingual Plane alone, in runs and at both ends.
    func testCollapsingWhiteSpaceMatchesTheScalarDefinition() {
        func reference(_ s: String) -> String {
            s.unicodeScalars.split(whereSeparator: \.properties.isWhitespace).map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
        }
        for s in Self.samples + ["a  b", "a \t b", " a", "a ", "a\u{85}b", "ab"] {
            XCTAssertEqual(TextLayout.collapse(s), reference(s), s.debugDescription)
        }
        var wrong: [UInt32] = []
        for v in UInt32(0)..<0x10000 {
            guard let u = Unicode.Scalar(v) else { continue }
            for s in [String(u), "a" + String(u) + "b", String(u) + String(u) + "a " + String(u)] where TextLayout.collapse(s) != reference(s) {
                wrong.append(v)
            }
        }
        XCTAssertEqual(wrong, [])
    }

    /// Prefixes, Character counts and scalar arrays read from the bytes agree with the standard library's, for
    /// text with combining marks, CR LF, emoji and scripts beyond Latin-1 too.
    func testCharacterPrefixesAndScalarsMatchTheStandardLibrary() {
        let texts = Self.samples + ["Överföring till tredje land", "a\r\nb\r\nc", "e\u{301}e\u{301}e", "👩‍👩‍👧 och 😀", "Ωmega ΣΑΣ", String(repeating: "å", count: 700)]
        for text in texts {
            XCTAssertEqual(text.scalarArray, Array(text.unicodeScalars), text.debugDescription)
            for n in [0, 1, 2, 3, 5, 10, 600, 700, 701] {
                XCTAssertEqual(text.prefix(characters: n), text.prefix(n), "\(text.debugDescription) \(n)")
                XCTAssertEqual(text.hasCharacters(atLeast: n), text.count >= n, "\(text.debugDescription) \(n)")
            }
        }
    }

    func testTableCellsMatchComponentsSeparatedBy() {
        for line in ["a\tb\t c ", "\t\tx", "Land\tSkyddsnivå\tBeslut", "e\u{301}\tÖ\u{00A0}\t", "ett fält"] {
            XCTAssertEqual(TextLayout.cells(of: line[...], separatedBy: "\t"),
                           line.components(separatedBy: "\t").map { $0.trimmingCharacters(in: .whitespaces) }, line.debugDescription)
        }
        XCTAssertEqual(TextLayout.cells(of: " a | b |c"[...], separatedBy: "|"), ["a", "b", "c"])
    }
}
