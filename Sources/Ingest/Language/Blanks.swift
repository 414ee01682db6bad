import Foundation

/// Blank trimming without a round trip through `NSString`: claim reading trims every clause it looks at, and
/// laying out text every list item and table cell (Foundation's `trimmingCharacters` bridges each one).
extension String {
    /// The string without leading and trailing blanks (what `CharacterSet.whitespaces` holds: spaces, tabs and,
    /// in this Foundation, the zero-width space).
    public var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !Self.isBlank(first) && !Self.isBlank(last) { return self }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isBlank(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isBlank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// Whether the string holds nothing but white space and line breaks.
    public var isBlankText: Bool {
        unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

extension Substring {
    /// As `String.trimmingBlanks`, for a part of a string.
    public var trimmingBlanks: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, String.isBlank(scalars[start]) { start = scalars.index(after: start) }
        while end > start, String.isBlank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
