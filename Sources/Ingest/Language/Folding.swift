/// Removes diacritics for the lower-ranked fallback match ("overforing" finds "överföring").
/// A table, not Unicode normalisation: it is on the hot path of every indexed word.
public enum Folding {
    public static func fold(_ s: String) -> String {
        var source = s
        return source.withUTF8 { u in
            guard u.contains(where: { $0 >= 0x80 }) else { return s }
            // Written as bytes: every folding is at most as long as its letter (two bytes into one or two).
            return String(unsafeUninitializedCapacity: u.count) { out in
                var k = 0, i = 0
                while i < u.count {
                    let b = u[i]
                    if b < 0x80 { out[k] = b; k += 1; i += 1; continue }
                    let (v, length) = WordScalars.decode(u, i)
                    if let replacement = latin(v) {
                        out[k] = UInt8(truncatingIfNeeded: replacement)
                        k += 1
                        if replacement > 0xFF { out[k] = UInt8(truncatingIfNeeded: replacement >> 8); k += 1 }
                    } else {
                        for j in 0..<length { out[k + j] = u[i + j] }
                        k += length
                    }
                    i += length
                }
                return k
            }
        }
    }

    /// The ASCII letters a Latin letter folds to: one in the low byte, a second (æ → "ae") in the next; nil
    /// for a scalar that is kept.
    @inline(__always)
    static func latin(_ v: UInt32) -> UInt16? {
        func one(_ c: Unicode.Scalar) -> UInt16 { UInt16(c.value) }
        func two(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt16 { UInt16(a.value) | UInt16(b.value) << 8 }
        switch v {
        case 0xE0...0xE5, 0xC0...0xC5, 0x101, 0x103, 0x105: return one("a")
        case 0xE6, 0xC6: return two("a", "e")
        case 0xE7, 0xC7, 0x107, 0x10D: return one("c")
        case 0xE8...0xEB, 0xC8...0xCB, 0x113, 0x117, 0x119, 0x11B: return one("e")
        case 0xEC...0xEF, 0xCC...0xCF, 0x12B, 0x131: return one("i")
        case 0xF1, 0xD1, 0x144, 0x148: return one("n")
        case 0xF2...0xF6, 0xF8, 0xD2...0xD6, 0xD8, 0x14D, 0x151: return one("o")
        case 0xF9...0xFC, 0xD9...0xDC, 0x16B, 0x16F, 0x171: return one("u")
        case 0xFD, 0xFF, 0xDD: return one("y")
        case 0xDF: return two("s", "s")
        case 0xF0, 0xD0, 0x111: return one("d")
        case 0xFE, 0xDE: return two("t", "h")
        case 0x161, 0x160: return one("s")
        case 0x17E, 0x17D, 0x17A, 0x17C: return one("z")
        case 0x142, 0x141: return one("l")
        case 0x159: return one("r")
        default: return nil
        }
    }

    public static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }
}
