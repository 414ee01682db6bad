/// Which scalars make words (letters and digits: `isAlphabetic` or a numeric type), answered from a table for
/// the Latin blocks that Swedish and English text is written in. The Unicode property look-up behind
/// `isAlphabetic` was 2 % of an ingest's instructions, asked once for every å, ä and ö of every scanner.
public enum WordScalars {
    /// One flag for each scalar below U+0250 (Basic Latin to Latin Extended-B).
    private static let latin: [Bool] = (0..<0x250).map { v in
        guard let s = Unicode.Scalar(UInt32(v)) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }
    private static let latinCount = UInt32(0x250)

    /// Whether the scalar `v` belongs to a word.
    @inline(__always)
    public static func isWord(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) }
        if v < latinCount { return latin.withUnsafeBufferPointer { $0[Int(v)] } }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// The scalar value and byte length at `i` of valid UTF-8 (a Swift string's bytes).
    @inline(__always)
    public static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        if c0 < 0xE0 { return (((c0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if c0 < 0xF0 { return (((c0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3) }
        return (((c0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
    }
}
