import Foundation

/// A passage as UTF-16 code units, the offsets NSRegularExpression counts in, made once per passage: the
/// reference patterns are searched only around the spots every one of their matches holds (a "/", a run of
/// digits, a trigger word), so the engine, which tries a pattern at every position, stays off the rest.
struct PassageUnits {
    let text: String
    let units: [UInt16]

    init(_ text: String) {
        self.text = text
        units = UTF16Units.of(text)
    }

    init(_ text: String, units: [UInt16]) {
        self.text = text
        self.units = units
    }

    /// Offsets of the unit `u`.
    func offsets(of u: UInt16) -> [Int] { units.indices.filter { units[$0] == u } }

    /// Offsets where a run of at least `n` ASCII digits begins.
    func digitRuns(atLeast n: Int) -> [Int] {
        var out: [Int] = []
        var start = -1
        for (i, u) in units.enumerated() {
            if u >= 0x30 && u <= 0x39 {
                if start < 0 { start = i }
                if i - start + 1 == n { out.append(start) }
            } else {
                start = -1
            }
        }
        return out
    }

    /// Offsets where `word` (lower case, Latin-1) occurs, letters compared without case.
    func occurrences(of word: String) -> [Int] {
        let needle = Array(word.utf16)
        guard let first = needle.first, needle.count <= units.count else { return [] }
        var out: [Int] = []
        var i = 0
        while i + needle.count <= units.count {
            if Self.lower(units[i]) == first {
                var k = 1
                while k < needle.count && Self.lower(units[i + k]) == needle[k] { k += 1 }
                if k == needle.count { out.append(i) }
            }
            i += 1
        }
        return out
    }

    /// ASCII and Latin-1 capitals lower-cased; other units as they are.
    @inline(__always)
    static func lower(_ u: UInt16) -> UInt16 {
        isCapital(u) ? u + 0x20 : u
    }

    /// Offsets where any of `words` occurs, in order.
    func occurrences(of words: [String]) -> [Int] {
        words.count == 1 ? occurrences(of: words[0]) : words.flatMap(occurrences).sorted()
    }

    @inline(__always) static func isDigit(_ u: UInt16) -> Bool { u >= 0x30 && u <= 0x39 }
    @inline(__always) static func isBlank(_ u: UInt16) -> Bool { u == 0x20 || (u >= 0x09 && u <= 0x0D) || u == 0xA0 || u == 0x2007 || u == 0x202F || (u >= 0x2000 && u <= 0x200A) }
    @inline(__always) static func isCapital(_ u: UInt16) -> Bool { (u >= 0x41 && u <= 0x5A) || (u >= 0xC0 && u <= 0xDE && u != 0xD7) }

    /// Whether the unit before `i` is a letter (`\p{L}`), so that a pattern opening with `(?<![\p{L}])` cannot
    /// match at `i`.
    func letterBefore(_ i: Int) -> Bool {
        guard i > 0 else { return false }
        let u = units[i - 1]
        if u < 0x80 { return (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A) }
        guard let s = Unicode.Scalar(u) else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Whether the spot finders, which count ASCII digits and skip short runs of blanks, may miss a match:
    /// then every pattern is searched over the whole passage. A digit of another script, a unit outside the
    /// Basic Multilingual Plane, or four blanks in a row (passage text is normalised to single spaces).
    var needsWholeText: Bool {
        var blanks = 0
        for u in units {
            if Self.isBlank(u) { blanks += 1; if blanks >= 4 { return true } } else { blanks = 0 }
            if u >= 0x660 {
                if u >= 0xD800 && u <= 0xDFFF { return true }
                if let s = Unicode.Scalar(u), s.properties.numericType != nil { return true }
            }
        }
        return false
    }

    /// The run of ASCII digits ending just before `end` (its length), and the one starting at `start`.
    func digits(endingAt end: Int) -> Int { var i = end; while i > 0 && Self.isDigit(units[i - 1]) { i -= 1 }; return end - i }
    func digits(startingAt start: Int) -> Int { var i = start; while i < units.count && Self.isDigit(units[i]) { i += 1 }; return i - start }

    /// Offsets of each "/" with a run of `digitsBefore` digits just before it and `digitsAfter` just after;
    /// with `dashBefore`, the digits follow a dash ("-", "‑", "–"), perhaps with one blank between.
    func slashes(digitsBefore: ClosedRange<Int>, digitsAfter: ClosedRange<Int>, dashBefore: Bool = false) -> [Int] {
        offsets(of: 0x2F).filter { i in
            let b = digits(endingAt: i)
            guard digitsBefore.contains(b), digitsAfter.contains(digits(startingAt: i + 1)) else { return false }
            guard dashBefore else { return true }
            var k = i - b - 1
            if k >= 0, Self.isBlank(units[k]) { k -= 1 }
            return k >= 0 && (units[k] == 0x2D || units[k] == 0x2011 || units[k] == 0x2013)
        }
    }

    /// Offsets of each capital letter that follows a run of at least `n` digits ("32016R0679").
    func digitRunsBeforeCapital(atLeast n: Int) -> [Int] {
        var out: [Int] = []
        var run = 0
        for (i, u) in units.enumerated() {
            if Self.isDigit(u) { run += 1; continue }
            if run >= n && u >= 0x41 && u <= 0x5A { out.append(i) }
            run = 0
        }
        return out
    }

    /// Offsets of each run of exactly four digits after a capital, perhaps with blanks between ("HFD 2018").
    func yearsAfterCapital() -> [Int] {
        var out: [Int] = []
        var i = 0
        while i < units.count {
            guard Self.isDigit(units[i]) else { i += 1; continue }
            let n = digits(startingAt: i)
            if n == 4 {
                var k = i - 1
                while k >= 0 && i - k <= 4 && Self.isBlank(units[k]) { k -= 1 }
                if k >= 0 && Self.isCapital(units[k]) { out.append(i) }
            }
            i += n
        }
        return out
    }

    /// Matches of `regex` in windows from `before` units before each spot to `after` units after it
    /// (overlapping windows merged). Bounds are transparent, so look-behinds see the text around a window.
    func matches(_ regex: Pattern, near spots: [Int], before: Int, after: Int) -> [PatternMatch] {
        let windows = SearchWindows.merged(spots.map { max(0, $0 - before)..<min(units.count, $0 + after) })
        return units.withUnsafeBufferPointer { u in
            windows.flatMap { regex.matches(in: u, options: [.withTransparentBounds], range: NSRange($0)) }
        }
    }

    /// Matches of `regex` that begin at one of `starts` (in order, none inside an earlier match): exact for
    /// a pattern whose every match begins at such a spot, however far it reaches.
    func matches(_ regex: Pattern, startingAt starts: [Int]) -> [PatternMatch] {
        var out: [PatternMatch] = []
        var end = 0
        for s in starts where s >= end {
            guard let m = regex.firstMatch(in: units, options: [.anchored, .withTransparentBounds],
                                           range: NSRange(location: s, length: units.count - s)) else { continue }
            out.append(m)
            end = max(m.range.location + m.range.length, s + 1)
        }
        return out
    }
}
