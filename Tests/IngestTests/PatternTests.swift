import Foundation
import XCTest
@testable import Ingest

/// `Pattern` runs ICU on units kb holds; its matches must be exactly `NSRegularExpression`'s, with every option kb uses.
final class PatternTests: XCTestCase {
    static let texts = [
        "Enligt artikel 46.2 c GDPR och 5 kap. 3 § OSL, se mål C-311/18.", "", "a", "artiklarna 44–49 i dataskyddsförordningen",
        "Säger Linda Lindström, jurist på Esam, till Computer Sweden.", "😀 art. 9 😀 artikel 10", "ÖVERFÖRING\u{00A0}till tredje land",
        "IMY-2021-1234 och DI-2019-7024; dnr 2020/123", "e\u{301}xempel art 6(1)(f) \u{1D400} slut",
    ]
    static let patterns: [(String, Pattern.Options, NSRegularExpression.Options)] = [
        ("(?<![\\p{L}\\p{N}])(?:artiklarna|artikel|art\\.|art)\\s*(\\d{1,3})(?:\\.(\\d{1,2}))?(?:\\s*\\(((?-i:[a-z]))\\))?", [.caseInsensitive], [.caseInsensitive]),
        ("(\\p{Lu}\\p{Ll}+)(?:\\s+(\\p{Lu}\\p{Ll}+))?", [], []),
        ("\\b\\w+\\b", [], []),
        ("^\\s*(\\S+)", [], []),
        ("(x)?(\\d+)", [], []),
        ("(?:enligt|according to)\\s+$", [.caseInsensitive], [.caseInsensitive]),
        ("😀|\\x{1D400}", [], []),
    ]

    func testMatchesAreNSRegularExpressions() throws {
        for (source, options, nsOptions) in Self.patterns {
            let pattern = try Pattern(pattern: source, options: options)
            let reference = try NSRegularExpression(pattern: source, options: nsOptions)
            for text in Self.texts {
                let n = text.utf16.count
                var ranges = [NSRange(location: 0, length: n)]
                for a in stride(from: 0, through: n, by: max(1, n / 5)) {
                    for b in stride(from: a, through: n, by: max(1, n / 4)) { ranges.append(NSRange(location: a, length: b - a)) }
                }
                for range in ranges {
                    for (mine, theirs) in [(Pattern.MatchingOptions(), NSRegularExpression.MatchingOptions()),
                                           ([.withTransparentBounds], [.withTransparentBounds])] {
                        let got = pattern.matches(in: text, options: mine, range: range).map(\.ranges)
                        let want = reference.matches(in: text, options: theirs, range: range).map { m in (0..<m.numberOfRanges).map { m.range(at: $0) } }
                        XCTAssertEqual(got, want, "\(source) in \(text.debugDescription) at \(range) with \(mine.rawValue)")
                        let first = pattern.firstMatch(in: UTF16Units.of(text), options: mine, range: range)?.ranges
                        XCTAssertEqual(first, want.first, "first: \(source) in \(text.debugDescription) at \(range)")
                    }
                    // Anchored: the match that begins at the range's start, which is the unanchored search's first
                    // match when that one begins there.
                    for mine in [Pattern.MatchingOptions.anchored, [.anchored, .withTransparentBounds]] {
                        let unanchored: Pattern.MatchingOptions = mine.contains(.withTransparentBounds) ? [.withTransparentBounds] : []
                        let got = pattern.matches(in: text, options: mine, range: range)
                        XCTAssertLessThanOrEqual(got.count, 1)
                        if let m = got.first { XCTAssertEqual(m.range.location, range.location, "\(source) anchored at \(range)") }
                        if let first = pattern.firstMatch(in: text, options: unanchored, range: range), first.range.location == range.location, first.range.length > 0 {
                            XCTAssertEqual(got.first?.range, first.range, "\(source) anchored in \(text.debugDescription) at \(range)")
                        }
                    }
                }
            }
        }
    }

    func testUnitsAreTheStringsUTF16() {
        for text in Self.texts + ["\u{10FFFF}x\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"] {
            XCTAssertEqual(UTF16Units.of(text), Array(text.utf16), text.debugDescription)
        }
    }

    func testSubstringsAreNSStrings() {
        for text in Self.texts {
            let mine = UTF16Text(text), theirs = text as NSString
            XCTAssertEqual(mine.length, theirs.length)
            for a in 0...mine.length {
                for b in a...mine.length {
                    let range = NSRange(location: a, length: b - a)
                    XCTAssertEqual(mine.substring(with: range), theirs.substring(with: range), "\(text.debugDescription) \(range)")
                }
            }
        }
        let broken: [UInt16] = [0x61, 0xD800, 0x62, 0xDC00, 0xD83D, 0xDE00, 0xDE00]
        XCTAssertEqual(broken.withUnsafeBufferPointer(UTF16Units.string), String(decoding: broken, as: UTF16.self))
    }

    func testSearchesFromManyThreadsAtOnce() throws {
        let pattern = try Pattern(pattern: "(\\d+)-(\\d+)")
        let text = UTF16Units.of(String(repeating: "dnr 12-345, ", count: 50))
        let found = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 { found.add(pattern.matches(in: text, range: NSRange(location: 0, length: text.count)).count) }
        }
        XCTAssertEqual(found.counts, Set([50]))
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var counts = Set<Int>()
        func add(_ n: Int) { lock.lock(); counts.insert(n); lock.unlock() }
    }

    func testABrokenPatternIsAnError() {
        XCTAssertThrowsError(try Pattern(pattern: "(unclosed"))
    }
}
