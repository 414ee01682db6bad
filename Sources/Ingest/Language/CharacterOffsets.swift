/// Claim and sentence spans are counted in Characters; this maps such offsets back to string indices, so a
/// span is copied as one substring instead of being rebuilt character by character from a `[Character]`.
public struct CharacterOffsets: Sendable {
    public let text: String
    /// Where each Character starts, as a UTF-8 offset, then the text's length: most text has one scalar per
    /// Character, and the offsets are then found on the bytes without the grapheme-breaking rules.
    private let starts: [Int32]

    public init(_ text: String) {
        self.text = text
        var text = text
        var starts = text.withUTF8 { bytes -> [Int32] in
            guard String.isOneScalarPerCharacter(bytes) else { return [] }
            // Every byte that is not a continuation byte starts a Character.
            return [Int32](unsafeUninitializedCapacity: bytes.count + 1) { out, written in
                var k = 0
                for i in 0..<bytes.count where bytes[i] & 0xC0 != 0x80 { out[k] = Int32(i); k += 1 }
                out[k] = Int32(bytes.count)
                written = k + 1
            }
        }
        if starts.isEmpty {
            let utf8 = text.utf8
            starts = text.indices.map { Int32(utf8.distance(from: utf8.startIndex, to: $0)) }
            starts.append(Int32(utf8.count))
        }
        self.starts = starts
    }

    /// The number of Characters in the text.
    public var count: Int { starts.count - 1 }

    /// The text of the Characters `range`; nil when the range lies outside the text.
    public subscript(range: Range<Int>) -> Substring? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: Int(starts[range.lowerBound]))
        let to = utf8.index(from, offsetBy: Int(starts[range.upperBound] - starts[range.lowerBound]))
        return text[from..<to]
    }
}

extension String {
    /// Whether every Character is a single Unicode scalar: no scalar from U+0300 on (where combining marks,
    /// joiners and emoji begin) and no CR LF pair. Then Characters can be counted and cut by scalars, without
    /// the grapheme-breaking rules (most Swedish and English text).
    public var isOneScalarPerCharacter: Bool {
        if let answer = utf8.withContiguousStorageIfAvailable(Self.isOneScalarPerCharacter) { return answer }
        var copy = self
        return copy.withUTF8(Self.isOneScalarPerCharacter)
    }

    /// The same test on UTF-8 bytes: no lead byte from 0xCC on (U+0300 and up) and no CR LF.
    public static func isOneScalarPerCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for b in bytes {
            if b >= 0xCC || (b == 0x0A && previous == 0x0D) { return false }
            previous = b
        }
        return true
    }

    /// The first `n` Characters, as `prefix(n)` gives them, cut on the bytes when each Character is one scalar
    /// instead of by the grapheme-breaking rules.
    public func prefix(characters n: Int) -> Substring {
        guard n > 0 else { return self[startIndex..<startIndex] }
        if utf8.count <= n { return self[...] }
        guard let (end, _) = oneScalarCharacters(upTo: n) else { return prefix(n) }
        return self[..<utf8.index(utf8.startIndex, offsetBy: end)]
    }

    /// Whether the text has at least `n` Characters, counted on the bytes when each is one scalar.
    public func hasCharacters(atLeast n: Int) -> Bool {
        guard n > 0 else { return true }
        guard utf8.count >= n else { return false }
        guard let (_, count) = oneScalarCharacters(upTo: n) else { return prefix(n).count == n }
        return count == n
    }

    /// When every Character is one scalar (then every byte that is not a continuation byte starts one): the
    /// byte offset after the first `n` Characters and how many there are, up to `n`; nil otherwise.
    private func oneScalarCharacters(upTo n: Int) -> (end: Int, count: Int)? {
        var copy = self
        return copy.withUTF8 { u in
            guard String.isOneScalarPerCharacter(u) else { return nil }
            var seen = 0
            for i in 0..<u.count where u[i] & 0xC0 != 0x80 {
                if seen == n { return (i, n) }
                seen += 1
            }
            return (u.count, seen)
        }
    }

    /// `Array(unicodeScalars)`, decoded from the bytes in one pass into an array sized once (the standard
    /// library counts the scalars first, then decodes them again).
    public var scalarArray: [Unicode.Scalar] {
        var copy = self
        return copy.withUTF8 { u in
            [Unicode.Scalar](unsafeUninitializedCapacity: u.count) { out, written in
                var i = 0, k = 0
                while i < u.count {
                    let (v, length) = WordScalars.decode(u, i)
                    out[k] = Unicode.Scalar(v) ?? "\u{FFFD}"
                    k += 1
                    i += length
                }
                written = k
            }
        }
    }
}
