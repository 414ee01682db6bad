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

    /// One pass over the bytes; a C1 control is the lead byte 0xC2 followed by 0x80–0x9F.
    private static func hasControls(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x7F { return true }
            if previous == 0xC2, b >= 0x80, b <= 0x9F { return true }
            previous = b
        }
        return false
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (v >= 0x7F && v <= 0x9F)
    }
}
