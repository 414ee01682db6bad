import CTextSearch
import Foundation

/// Substring tests on UTF-8 bytes with memmem: Foundation's `contains` goes through CFString and
/// dominated the cost of reading cue words in every sentence.
public struct Haystack: Sendable {
    let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }

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
