import Foundation

/// Removes control characters from what readers return: they are invisible in a document, but printed by
/// `kb search` they drive the terminal (an escape sequence can retitle the window or recolour the screen), and
/// XML, so a DOCX brief, may not contain them. Tab, line feed and carriage return stay: layout is made of them.
public enum ControlCharacters {
    /// `text` without C0 controls other than tab, line feed and carriage return, without DEL and without the
    /// C1 controls (U+0080–U+009F); the text itself when it has none, which is almost always.
    public static func removed(from text: String) -> String {
        guard hasControls(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isControl(scalar) { out.append(scalar) }
        return String(out)
    }

    /// The reader's blocks, fields and stated metadata without control characters.
    public static func cleaned(_ result: ReadResult) -> ReadResult {
        var r = result
        r.blocks = r.blocks.map { block in
            var b = block
            b.text = removed(from: b.text)
            if !b.fields.isEmpty { b.fields = b.fields.map { Field(name: removed(from: $0.name), value: removed(from: $0.value)) } }
            return b
        }
        r.metadata.title = r.metadata.title.map(removed)
        r.metadata.issuer = r.metadata.issuer.map(removed)
        r.metadata.description = r.metadata.description.map(removed)
        r.metadata.author = r.metadata.author.map(removed)
        return r
    }

    /// One pass over the bytes, eight at a time: a word with no byte below 0x20, no 0x7F and no 0xC2 (the lead
    /// byte of every C1 control, U+0080–U+009F) is skipped whole; the rest are checked byte by byte. Every
    /// document's text passes through here, so the common case must cost next to nothing.
    static func hasControls(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { u -> Bool in
            let n = u.count
            guard n > 0, let base = u.baseAddress else { return false }
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
            @inline(__always) func suspect(_ x: UInt64) -> Bool {
                // Bytes below 0x20 (tab and line breaks among them), or equal to 0x7F or 0xC2.
                ((x &- 0x2020_2020_2020_2020) & ~x & highs) != 0
                    || hasZeroByte(x ^ 0x7F7F_7F7F_7F7F_7F7F) || hasZeroByte(x ^ 0xC2C2_C2C2_C2C2_C2C2)
            }
            func exact(_ from: Int, _ to: Int) -> Bool {
                var i = from
                while i < to {
                    let b = base[i]
                    if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F { return true }
                    if b == 0xC2, i + 1 < n, base[i + 1] >= 0x80, base[i + 1] <= 0x9F { return true }
                    i += 1
                }
                return false
            }
            var i = 0
            while i + 8 <= n {
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if suspect(x), exact(i, i + 8) { return true }
                i += 8
            }
            return exact(i, n)
        }
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (v >= 0x7F && v <= 0x9F)
    }
}
