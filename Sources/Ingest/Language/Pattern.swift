import CICURegex
import Foundation

/// A regular expression in ICU's syntax, as `NSRegularExpression` takes it, run by the same engine but on UTF-16
/// units the caller already holds. `NSRegularExpression` copies the text out of the Swift string unit by unit on
/// every call (4 % of an ingest's instructions went to that copy alone), while kb tries a dozen patterns on each
/// passage, whose units it makes once. Matches and ranges are the ones `NSRegularExpression` gives.
public final class Pattern: @unchecked Sendable {
    /// How the pattern is read (ICU's flags).
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: 2)
    }

    /// How a search runs, as `NSRegularExpression.MatchingOptions`.
    public struct MatchingOptions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The one match that begins at the start of the range, if any. (`NSRegularExpression` stops an anchored
        /// search through a progress callback that ICU calls only now and then, so it sometimes returns a match
        /// further on; this is the match the option means.)
        public static let anchored = MatchingOptions(rawValue: 1)
        /// Look-behinds, look-aheads and word boundaries see the text around the range.
        public static let withTransparentBounds = MatchingOptions(rawValue: 2)
    }

    public let pattern: String
    public let numberOfCaptureGroups: Int
    private let template: OpaquePointer
    /// Copies of the compiled pattern not in use: a search changes the state of the one it runs on, so each
    /// thread takes its own.
    private var idle: [OpaquePointer] = []
    private let lock = NSLock()

    public init(pattern: String, options: Options = []) throws {
        let units = Array(pattern.utf16)
        var status: Int32 = 0
        guard let compiled = units.withUnsafeBufferPointer({ kb_regex_open($0.baseAddress, Int32($0.count), options.rawValue, &status) }),
              status <= 0 else {
            throw IngestError.malformed("the regular expression \(pattern) does not compile (ICU error \(status))")
        }
        self.pattern = pattern
        template = compiled
        numberOfCaptureGroups = Int(kb_regex_group_count(compiled))
    }

    deinit {
        kb_regex_close(template)
        for r in idle { kb_regex_close(r) }
    }

    private func checkOut() -> OpaquePointer? {
        lock.lock()
        if let r = idle.popLast() { lock.unlock(); return r }
        lock.unlock()
        var status: Int32 = 0
        let copy = kb_regex_clone(template, &status)
        return status <= 0 ? copy : nil
    }

    private func giveBack(_ r: OpaquePointer) {
        lock.lock(); idle.append(r); lock.unlock()
    }

    /// The matches in `range` of `units`, at most `limit` of them; none when the range lies outside the text.
    public func matches(in units: UnsafeBufferPointer<UInt16>, options: MatchingOptions = [], range: NSRange, limit: Int = .max) -> [PatternMatch] {
        guard range.location >= 0, range.length >= 0, range.location <= units.count - range.length, limit > 0,
              let re = checkOut() else { return [] }
        defer { giveBack(re) }
        let groups = numberOfCaptureGroups
        func current() -> PatternMatch {
            var ranges: [NSRange] = []
            ranges.reserveCapacity(groups + 1)
            for g in 0...groups {
                var s: Int64 = -1, e: Int64 = -1
                kb_regex_group(re, Int32(g), &s, &e)
                ranges.append(s >= 0 && e >= s ? NSRange(location: Int(s), length: Int(e - s)) : NSRange(location: NSNotFound, length: 0))
            }
            return PatternMatch(ranges: ranges)
        }
        let transparent: Int32 = options.contains(.withTransparentBounds) ? 1 : 0
        let end = Int64(range.location + range.length)
        var out: [PatternMatch] = []
        if options.contains(.anchored) {
            guard kb_regex_reset(re, units.baseAddress, Int32(units.count), Int64(range.location), end, transparent) != 0,
                  kb_regex_looking_at(re) != 0 else { return [] }
            return [current()]
        }
        guard kb_regex_reset(re, units.baseAddress, Int32(units.count), Int64(range.location), end, transparent) != 0 else { return [] }
        while out.count < limit, kb_regex_find_next(re) != 0 { out.append(current()) }
        return out
    }

    public func matches(in units: [UInt16], options: MatchingOptions = [], range: NSRange) -> [PatternMatch] {
        units.withUnsafeBufferPointer { matches(in: $0, options: options, range: range) }
    }

    public func firstMatch(in units: [UInt16], options: MatchingOptions = [], range: NSRange) -> PatternMatch? {
        units.withUnsafeBufferPointer { matches(in: $0, options: options, range: range, limit: 1).first }
    }

    /// The same on a string, whose units are made for the call.
    public func matches(in text: String, options: MatchingOptions = [], range: NSRange) -> [PatternMatch] {
        matches(in: UTF16Units.of(text), options: options, range: range)
    }

    public func firstMatch(in text: String, options: MatchingOptions = [], range: NSRange) -> PatternMatch? {
        firstMatch(in: UTF16Units.of(text), options: options, range: range)
    }

    /// The first match anywhere in `text`.
    public func firstMatch(in text: String) -> PatternMatch? {
        let units = UTF16Units.of(text)
        return firstMatch(in: units, range: NSRange(location: 0, length: units.count))
    }

    /// Every match in `text`.
    public func matches(in text: String) -> [PatternMatch] {
        let units = UTF16Units.of(text)
        return matches(in: units, range: NSRange(location: 0, length: units.count))
    }
}

/// One match of a `Pattern`: the whole match's range and each capture group's, in UTF-16 units, `NSNotFound`
/// for a group that took no part (as `NSTextCheckingResult`).
public struct PatternMatch: Sendable {
    public let ranges: [NSRange]
    public var range: NSRange { ranges[0] }
    public var numberOfRanges: Int { ranges.count }
    public func range(at i: Int) -> NSRange { i < ranges.count ? ranges[i] : NSRange(location: NSNotFound, length: 0) }
}

/// A string's UTF-16 units, transcoded from its UTF-8 bytes in one pass.
public enum UTF16Units {
    public static func of(_ text: String) -> [UInt16] {
        var copy = text
        return copy.withUTF8 { u in
            // Never more UTF-16 units than UTF-8 bytes.
            [UInt16](unsafeUninitializedCapacity: u.count) { out, written in
                var i = 0, k = 0
                while i < u.count {
                    let b = u[i]
                    if b < 0x80 { out[k] = UInt16(b); k += 1; i += 1; continue }
                    let (v, length) = WordScalars.decode(u, i)
                    i += length
                    if v > 0xFFFF {
                        let w = v - 0x10000
                        out[k] = UInt16(0xD800 + (w >> 10)); out[k + 1] = UInt16(0xDC00 + (w & 0x3FF))
                        k += 2
                    } else {
                        out[k] = UInt16(v); k += 1
                    }
                }
                written = k
            }
        }
    }

    /// The string of some UTF-16 units, a unit of a broken surrogate pair read as U+FFFD (as Swift decodes it).
    public static func string(_ units: UnsafeBufferPointer<UInt16>) -> String {
        String(unsafeUninitializedCapacity: units.count * 3) { out in
            var k = 0, i = 0
            let n = units.count
            func put(_ v: UInt32) {
                if v < 0x80 { out[k] = UInt8(v); k += 1 }
                else if v < 0x800 { out[k] = UInt8(0xC0 | (v >> 6)); out[k + 1] = UInt8(0x80 | (v & 0x3F)); k += 2 }
                else if v < 0x10000 {
                    out[k] = UInt8(0xE0 | (v >> 12)); out[k + 1] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[k + 2] = UInt8(0x80 | (v & 0x3F)); k += 3
                } else {
                    out[k] = UInt8(0xF0 | (v >> 18)); out[k + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    out[k + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[k + 3] = UInt8(0x80 | (v & 0x3F)); k += 4
                }
            }
            while i < n {
                let u = UInt32(units[i])
                if u < 0x80 { out[k] = UInt8(u); k += 1; i += 1; continue }
                if u >= 0xD800 && u <= 0xDBFF, i + 1 < n, units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF {
                    put(0x10000 + ((u - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00))
                    i += 2
                    continue
                }
                put(u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u)
                i += 1
            }
            return k
        }
    }
}
