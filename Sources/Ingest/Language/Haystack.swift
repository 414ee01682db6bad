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
    public func first(of needles: [String]) -> String? { needles.first(where: contains) }
}
