/// Which scalars make words (letters and digits: `isAlphabetic` or a numeric type), answered without the Unicode
/// property look-up for the Latin blocks that Swedish and English text is written in. That look-up was 2 % of an
/// ingest's instructions, asked once for every å, ä and ö by every scanner.
public enum WordScalars {
    /// U+0080–U+00BF that are words, a bit each: ª ² ³ µ ¹ º ¼ ½ ¾ (the rest of the block is punctuation).
    @usableFromInline static let latin1WordBits: UInt64 = 1 << 42 | 1 << 50 | 1 << 51 | 1 << 53 | 1 << 57 | 1 << 58 | 1 << 60 | 1 << 61 | 1 << 62
    /// The numeric ones among them: ² ³ ¹ ¼ ½ ¾.
    @usableFromInline static let latin1DigitBits: UInt64 = 1 << 50 | 1 << 51 | 1 << 57 | 1 << 60 | 1 << 61 | 1 << 62

    /// Whether the scalar `v` belongs to a word. From U+00C0 to U+024F every scalar is a letter but × and ÷
    /// (a test checks all of this against the Unicode properties).
    @inlinable
    public static func isWord(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) }
        if v < 0xC0 { return (latin1WordBits >> UInt64(v - 0x80)) & 1 != 0 }
        if v < 0x250 { return v != 0xD7 && v != 0xF7 }
        return isWordByProperties(v)
    }

    @usableFromInline
    static func isWordByProperties(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// Whether the scalar `v` is a letter (`isAlphabetic`): the word scalars without the digits for Latin text.
    @inlinable
    public static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) }
        if v < 0xC0 { return ((latin1WordBits & ~latin1DigitBits) >> UInt64(v - 0x80)) & 1 != 0 }
        if v < 0x250 { return v != 0xD7 && v != 0xF7 }
        return isLetterByProperties(v)
    }

    @usableFromInline
    static func isLetterByProperties(_ v: UInt32) -> Bool { Unicode.Scalar(v)?.properties.isAlphabetic ?? false }

    /// Whether the scalar `v` has a numeric type (a digit of any script, or a fraction or superscript).
    @inlinable
    public static func isDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        if v < 0xC0 { return (latin1DigitBits >> UInt64(v - 0x80)) & 1 != 0 }
        if v < 0x250 { return false }
        return isDigitByProperties(v)
    }

    @usableFromInline
    static func isDigitByProperties(_ v: UInt32) -> Bool { Unicode.Scalar(v)?.properties.numericType != nil }

    /// The scalar value and byte length at `i` of valid UTF-8 (a Swift string's bytes).
    @inlinable
    public static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        if c0 < 0xE0 { return (((c0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if c0 < 0xF0 { return (((c0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3) }
        return (((c0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
    }
}
