import Foundation

/// A string addressed by UTF-16 offsets, as `NSRegularExpression` reports matches, with `NSString`'s substring
/// methods. On Linux an `NSString` over a Swift string rebuilds every substring unit by unit from UTF-16 (some
/// 11,000 instructions for a short one); here a substring is cut from the string's own UTF-8 bytes.
public struct UTF16Text: Sendable {
    public let string: String
    /// The length in UTF-16 units, as `NSString.length`.
    public let length: Int

    public init(_ string: String) {
        self.string = string
        length = string.utf16.count
    }

    /// The text of `range`, as `NSString.substring(with:)` gives it.
    public func substring(with range: NSRange) -> String {
        guard range.location >= 0, range.length >= 0, range.location <= length - range.length else {
            return (string as NSString).substring(with: range)   // out of bounds: fails as NSString does
        }
        let units = string.utf16
        let lo = units.index(units.startIndex, offsetBy: range.location)
        let hi = units.index(lo, offsetBy: range.length)
        let scalars = string.unicodeScalars
        // A bound inside a surrogate pair: NSString makes a lone surrogate of it; leave that case to NSString.
        guard lo.samePosition(in: scalars) != nil, hi.samePosition(in: scalars) != nil else {
            return (string as NSString).substring(with: range)
        }
        return String(scalars[lo..<hi])
    }

    public func substring(from location: Int) -> String { substring(with: NSRange(location: location, length: length - location)) }
    public func substring(to location: Int) -> String { substring(with: NSRange(location: 0, length: location)) }
}
