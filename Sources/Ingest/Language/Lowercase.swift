extension String {
    /// The same text as `lowercased()`, written as bytes for the scripts kb reads most (ASCII, Latin-1, general
    /// punctuation): the standard library builds a string per non-ASCII letter, which made lower-casing a tenth
    /// of the cost of reading claims and references. Other scalars take the standard mapping.
    public var fastLowercased: String {
        var copy = self
        // Text in ASCII, Latin-1 and general punctuation keeps its length in bytes: then it is mapped byte by
        // byte into the new string directly. Anything else goes scalar by scalar.
        let bytewise: Bool? = copy.withUTF8 { src in
            var changes = false
            var i = 0
            let n = src.count
            while i < n {
                let b = src[i]
                if b < 0x80 { if b >= 0x41 && b <= 0x5A { changes = true }; i += 1; continue }
                changes = true
                if (b == 0xC2 || b == 0xC3) && i + 1 < n { i += 2; continue }
                if b == 0xE2 && i + 2 < n && (src[i + 1] == 0x80 || (src[i + 1] == 0x81 && src[i + 2] <= 0xAF)) { i += 3; continue }
                return false
            }
            return changes ? true : nil
        }
        guard let bytewise else { return self }
        if bytewise {
            return copy.withUTF8 { src in
                String(unsafeUninitializedCapacity: src.count) { out in
                    var i = 0
                    while i < src.count {
                        let b = src[i]
                        if b >= 0x41 && b <= 0x5A { out[i] = b + 0x20 }
                        else if b == 0xC3 {
                            let c = src[i + 1]
                            out[i] = b
                            out[i + 1] = c >= 0x80 && c <= 0x9E && c != 0x97 ? c + 0x20 : c
                            i += 1
                        } else { out[i] = b }
                        i += 1
                    }
                    return src.count
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars { appendLowercased(scalar, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Appends the UTF-8 of a scalar's lower-case form: byte arithmetic for ASCII, Latin-1 and general
/// punctuation, the standard mapping for the rest.
func appendLowercased(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
    let v = scalar.value
    switch v {
    case 0x41...0x5A: out.append(UInt8(v + 0x20))
    case 0..<0x80: out.append(UInt8(v))
    case 0xC0...0xDE where v != 0xD7: appendUTF8(v + 0x20, to: &out)
    case 0x80...0xFF, 0x2000...0x206F: appendUTF8(v, to: &out)
    default:
        if scalar.properties.changesWhenLowercased { out.append(contentsOf: scalar.properties.lowercaseMapping.utf8) }
        else { appendUTF8(v, to: &out) }
    }
}

/// Appends the UTF-8 of one scalar value known to be valid.
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    if v < 0x80 { out.append(UInt8(v)) }
    else if v < 0x800 { out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F))) }
    else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
    }
}
