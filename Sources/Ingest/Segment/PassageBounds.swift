import Foundation

/// Keeps every block the size of a passage a lawyer can cite: a file of one endless line (a text dump, a
/// minified page) would otherwise be one passage of megabytes, and claims, references and the index would all
/// work on the whole file at once. Long blocks are cut at sentence ends, else between words.
public enum PassageBounds {
    /// The longest passage text, in UTF-8 bytes. The longest paragraph of the real decisions and white papers
    /// kb was tried on is under 6,000 characters, so real paragraphs stay whole.
    public static let maxBytes = 10_000
    /// Longer headings are read as paragraphs: a heading is shown with every passage of its section and indexed
    /// with each of them, and no real heading is this long (the longest seen is under 100 characters).
    public static let maxHeadingBytes = 500

    /// The blocks with long headings read as paragraphs and long texts cut into pieces of at most `maxBytes`.
    /// Each piece keeps its block's kind, lines and page; a table row's fields stay with its first piece.
    public static func bounded(_ blocks: [Block]) -> [Block] {
        guard blocks.contains(where: { $0.text.utf8.count > ($0.kind == .heading ? maxHeadingBytes : maxBytes) }) else { return blocks }
        var out: [Block] = []
        out.reserveCapacity(blocks.count)
        for block in blocks {
            var b = block
            if b.kind == .heading, b.text.utf8.count > maxHeadingBytes { b.kind = .paragraph; b.level = 0 }
            guard b.text.utf8.count > maxBytes else { out.append(b); continue }
            for (i, piece) in pieces(of: b.text).enumerated() {
                var p = b
                p.text = piece
                if i > 0 { p.fields = [] }
                out.append(p)
            }
        }
        return out
    }

    /// `text` cut into pieces of at most `maxBytes`, none starting or ending with white space. A cut falls after
    /// the last sentence end in the second half of the allowance, else at the last space there, else before the
    /// last whole scalar (a "word" of thousands of letters).
    static func pieces(of text: String, maxBytes: Int = PassageBounds.maxBytes) -> [String] {
        let bytes = Array(text.utf8)
        var out: [String] = []
        var start = skipSpace(bytes, from: 0)
        while start < bytes.count {
            if bytes.count - start <= maxBytes {
                out.append(String(decoding: bytes[start...], as: UTF8.self))
                break
            }
            let limit = start + maxBytes
            let floor = start + maxBytes / 2
            var cut: Int? = nil
            var space: Int? = nil
            var i = limit
            while i > floor {
                if isSpace(bytes[i]) {
                    if space == nil { space = i }
                    if i > start, bytes[i - 1] == 0x2E || bytes[i - 1] == 0x21 || bytes[i - 1] == 0x3F { cut = i; break }
                }
                i -= 1
            }
            var end = cut ?? space ?? limit
            if cut == nil && space == nil {
                // Back to the first byte of a scalar, so the piece ends on whole characters' bytes.
                while end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            }
            var last = end
            while last > start, isSpace(bytes[last - 1]) { last -= 1 }
            if last > start { out.append(String(decoding: bytes[start..<last], as: UTF8.self)) }
            start = skipSpace(bytes, from: end)
        }
        return out
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    private static func skipSpace(_ bytes: [UInt8], from i: Int) -> Int {
        var i = i
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        return i
    }
}
