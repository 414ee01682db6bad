/// Claim and sentence spans are counted in Characters; this maps such offsets back to string indices, so a
/// span is copied as one substring instead of being rebuilt character by character from a `[Character]`.
public struct CharacterOffsets: Sendable {
    public let text: String
    private let indices: [String.Index]

    public init(_ text: String) {
        self.text = text
        var indices = Array(text.indices)
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
