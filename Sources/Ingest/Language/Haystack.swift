import CTextSearch
import Foundation

/// Substring tests on UTF-8 bytes with memmem: Foundation's `contains` goes through CFString and
/// dominated the cost of reading cue words in every sentence.
public struct Haystack: Sendable {
    let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    public func contains(_ needle: String) -> Bool {
        var n = needle
        return n.withUTF8 { nb in
            guard nb.count > 0 else { return true }
            guard nb.count <= bytes.count else { return false }
            return bytes.withUnsafeBufferPointer { hb in
                kb_contains(hb.baseAddress, hb.count, nb.baseAddress, nb.count) != 0
            }
        }
    }

    public func containsAny(_ needles: [String]) -> Bool { needles.contains(where: contains) }

    /// The byte offset of the first occurrence of `needle`, or nil.
    public func offset(of needle: String) -> Int? {
        var n = needle
        return n.withUTF8 { nb -> Int? in
            guard nb.count > 0, nb.count <= bytes.count else { return nil }
            let at = bytes.withUnsafeBufferPointer { hb in kb_find(hb.baseAddress, hb.count, nb.baseAddress, nb.count) }
            return at >= 0 ? at : nil
        }
    }

    /// Whether `needle` (ASCII) occurs followed by white space or by a byte outside ASCII (which may begin a
    /// Unicode space): a superset of `needle\s` in a regular expression.
    public func containsWordEnd(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty, bytes.count > n.count else { return false }
        var i = 0
        while i + n.count < bytes.count {
            if bytes[i] == n[0] {
                var k = 1
                while k < n.count && bytes[i + k] == n[k] { k += 1 }
                if k == n.count {
                    let after = bytes[i + k]
                    if after == 0x20 || (after >= 0x09 && after <= 0x0D) || after >= 0x80 { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// Whether any digit occurs: ASCII ones by byte, others (rare) through their Unicode properties.
    public var hasDigit: Bool {
        var nonASCII = false
        for b in bytes {
            if b >= 0x30 && b <= 0x39 { return true }
            if b >= 0x80 { nonASCII = true }
        }
        // Latin-1's only numerals are ¹ ² ³ ¼ ½ ¾; å, ä, ö and the like need no property look-up.
        return nonASCII && String(decoding: bytes, as: UTF8.self).unicodeScalars.contains { s in
            s.value < 0x80 ? false : s.value < 0x100 ? [0xB2, 0xB3, 0xB9, 0xBC, 0xBD, 0xBE].contains(s.value) : s.properties.numericType != nil
        }
    }

    /// The longest run of digits, counted on ASCII ones; `Int.max` when a decimal digit of another script
    /// occurs (rare: then every rule that needs a run of digits is tried).
    public var longestDigitRun: Int {
        var best = 0, run = 0, beyondLatin1 = false
        for b in bytes {
            if b >= 0x30 && b <= 0x39 { run += 1; if run > best { best = run } } else { run = 0 }
            if b >= 0xC4 { beyondLatin1 = true }
        }
        if beyondLatin1, String(decoding: bytes, as: UTF8.self).unicodeScalars.contains(where: { $0.value >= 0x100 && $0.properties.numericType == .decimal }) {
            return Int.max
        }
        return best
    }

    /// Byte offsets where a year of the 1900s or 2000s begins: "19" or "20" and two more digits, not inside a
    /// longer number.
    public var yearOffsets: [Int] {
        var out: [Int] = []
        let n = bytes.count
        guard n >= 4 else { return out }
        func digit(_ i: Int) -> Bool { i >= 0 && i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var i = 0
        while i + 3 < n {
            if (bytes[i] == UInt8(ascii: "1") && bytes[i + 1] == UInt8(ascii: "9") || bytes[i] == UInt8(ascii: "2") && bytes[i + 1] == UInt8(ascii: "0")),
               digit(i + 2), digit(i + 3), !digit(i - 1), !digit(i + 4) {
                out.append(i)
                i += 4
            } else {
                i += 1
            }
        }
        return out
    }

    /// Whether four digits, a colon and a digit occur: the shape of an SFS number ("2018:218").
    public var hasYearNumber: Bool {
        let n = bytes.count
        guard n >= 6 else { return false }
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var i = 4
        while i < n - 1 {
            if bytes[i] == UInt8(ascii: ":"), digit(bytes[i + 1]), digit(bytes[i - 1]), digit(bytes[i - 2]), digit(bytes[i - 3]), digit(bytes[i - 4]) {
                return true
            }
            i += 1
        }
        return false
    }
    public func first(of needles: [String]) -> String? { needles.first(where: contains) }
}
