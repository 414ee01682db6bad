/// Claim and sentence spans are counted in Characters; this maps such offsets back to string indices, so a
/// span is copied as one substring instead of being rebuilt character by character from a `[Character]`.
public struct CharacterOffsets: Sendable {
    public let text: String
    private let indices: [String.Index]

    public init(_ text: String) {
        self.text = text
        var indices = text.isOneScalarPerCharacter ? Array(text.unicodeScalars.indices) : Array(text.indices)
        indices.append(text.endIndex)
        self.indices = indices
    }

    /// The number of Characters in the text.
    public var count: Int { indices.count - 1 }

    /// The text of the Characters `range`; nil when the range lies outside the text.
    public subscript(range: Range<Int>) -> Substring? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        return text[indices[range.lowerBound]..<indices[range.upperBound]]
    }
}

extension String {
    /// Whether every Character is a single Unicode scalar: no scalar from U+0300 on (where combining marks,
    /// joiners and emoji begin) and no CR LF pair. Then Characters can be counted and cut by scalars, without
    /// the grapheme-breaking rules (most Swedish and English text).
    public var isOneScalarPerCharacter: Bool {
        var previous: UInt8 = 0
        for b in utf8 {
            if b >= 0xCC || (b == 0x0A && previous == 0x0D) { return false }
            previous = b
        }
        return true
    }
}
