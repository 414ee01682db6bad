import Foundation
import Yams

/// Markdown with optional YAML front matter (title, date, author, language become metadata).
public struct MarkdownReader: DocumentReader {
    public init() {}
    public var format: String { "markdown" }

    public func read(_ data: Data, name: String) throws -> ReadResult {
        let decoded = try TextDecoding.decode(data)
        var notes = decoded.note.map { [$0] } ?? []
        let (front, body, bodyFirstLine) = FrontMatter.split(decoded.text)
        var metadata = DocumentMetadata()
        if let front {
            do {
                metadata = try FrontMatter.metadata(from: front)
            } catch {
                notes.append("front matter is not valid YAML; ignored it")
            }
        }
        let cleaned = Self.removingShortcodes(body)
        var blocks = TextLayout(markdown: true).blocks(from: cleaned, firstLine: bodyFirstLine)
        blocks = blocks.map { block in
            var b = block
            b.text = Self.removingHTMLTags(b.text)
            return b
        }.filter { !$0.text.isEmpty }
        return ReadResult(blocks: blocks, metadata: metadata, notes: notes)
    }

    /// Static-site shortcodes (`{{< ingress >}}`) are page machinery, not text; lines keep their numbers.
    static func removingShortcodes(_ s: String) -> String {
        guard s.contains("{{") else { return s }
        var out = ""
        var rest = Substring(s)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { rest = rest[open.lowerBound...]; break }
            let inner = rest[open.upperBound..<close.lowerBound]
            out += String(repeating: "\n", count: inner.filter { $0 == "\n" }.count)
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Compiled once: a pattern given to `replacingOccurrences(options: .regularExpression)` is compiled per call.
    static let htmlTag = try! NSRegularExpression(pattern: "<[A-Za-z/!][^<>]*>")

    /// Inline HTML tags carry no words; removing them keeps the text a reader sees.
    static func removingHTMLTags(_ s: String) -> String {
        guard s.contains("<") else { return s }
        let stripped = htmlTag.stringByReplacingMatches(in: s, range: NSRange(location: 0, length: (s as NSString).length), withTemplate: " ")
        return TextLayout.collapse(stripped)
    }
}

/// The YAML block between `---` lines at the top of a Markdown file.
enum FrontMatter {
    /// Returns the front matter text, the body, and the source line the body starts on.
    static func split(_ text: String) -> (String?, String, Int) {
        var lines: [Substring] = []
        text.split(separator: "\n", omittingEmptySubsequences: false).forEach { lines.append($0) }
        guard let first = lines.first, first.trimmingCharacters(in: .whitespacesAndNewlines) == "---" else {
            return (nil, text, 1)
        }
        for i in 1..<lines.count where lines[i].trimmingCharacters(in: .whitespacesAndNewlines) == "---"
            || lines[i].trimmingCharacters(in: .whitespacesAndNewlines) == "..." {
            let front = lines[1..<i].joined(separator: "\n")
            let body = lines[(i + 1)...].joined(separator: "\n")
            return (front, body, i + 2)
        }
        return (nil, text, 1)
    }

    static func metadata(from yaml: String) throws -> DocumentMetadata {
        guard let node = try Yams.load(yaml: yaml) as? [String: Any] else { return DocumentMetadata() }
        func string(_ keys: String...) -> String? {
            for key in keys {
                if let v = node[key] {
                    let s: String
                    if let d = v as? Date { s = ISODate.format(d) } else { s = "\(v)" }
                    let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !t.isEmpty { return t }
                }
            }
            return nil
        }
        var m = DocumentMetadata()
        m.title = string("title")
        if let intro = string("intro", "description", "summary") { m.description = intro }
        m.author = string("author", "authors")
        m.issuer = string("issuer", "publisher", "organisation", "organization")
        if let date = string("date", "published", "publishDate") { m.date = ISODate.normalise(date) }
        if let lang = string("language", "lang", "locale") { m.language = LanguageCode.normalise(lang) }
        if let kind = string("kind", "type", "section", "category") { m.kind = DocumentKind(label: kind) }
        return m
    }
}
