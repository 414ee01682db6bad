import Foundation

/// A string addressed by UTF-16 offsets, as regular-expression matches are, with `NSString`'s substring methods.
/// Its units are made once, when first needed, from the string's UTF-8 bytes; a substring is decoded from them.
/// On Linux an `NSString` over a Swift string rebuilt every substring unit by unit (some 11,000 instructions for
/// a short one), and Swift's own UTF-16 view of a non-ASCII string builds an index of the whole string first.
public final class UTF16Text {
    public let string: String
    private var made: [UInt16]?

    public init(_ string: String) { self.string = string }

    /// With the units already made (a passage's, shared with its pattern searches).
    public init(_ string: String, units: [UInt16]) {
        self.string = string
        made = units
    }

    /// The UTF-16 units.
    public var units: [UInt16] {
        if let made { return made }
        let u = UTF16Units.of(string)
        made = u
        return u
    }

    /// The length in UTF-16 units, as `NSString.length`.
    public var length: Int { units.count }

    /// The text of `range`, as `NSString.substring(with:)` gives it.
    public func substring(with range: NSRange) -> String {
        let u = units
        guard range.location >= 0, range.length >= 0, range.location <= u.count - range.length else {
            return (string as NSString).substring(with: range)   // out of bounds: fails as NSString does
        }
        return u.withUnsafeBufferPointer { UTF16Units.string(UnsafeBufferPointer(rebasing: $0[range.location..<(range.location + range.length)])) }
    }

    public func substring(from location: Int) -> String { substring(with: NSRange(location: location, length: length - location)) }
    public func substring(to location: Int) -> String { substring(with: NSRange(location: 0, length: location)) }
}
