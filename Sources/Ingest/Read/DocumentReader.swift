import Foundation

/// What a reader found in a file: structure plus whatever metadata the format carries.
public struct ReadResult: Sendable {
    public var blocks: [Block]
    /// Metadata the file states about itself (front matter, `<title>`, `<meta>`).
    public var metadata: DocumentMetadata
    public var notes: [String]

    public init(blocks: [Block], metadata: DocumentMetadata = DocumentMetadata(), notes: [String] = []) {
        self.blocks = blocks; self.metadata = metadata; self.notes = notes
    }
}

/// One file format: bytes in, blocks out. Readers know nothing of the index.
public protocol DocumentReader: Sendable {
    /// Short format name stored with the document (`text`, `markdown`, `html`).
    var format: String { get }
    func read(_ data: Data, name: String) throws -> ReadResult
}

/// Picks the reader for a file by its extension.
public enum ReaderRegistry {
    public static func reader(forExtension ext: String) -> (any DocumentReader)? {
        switch ext.lowercased() {
        case "txt", "text", "": return PlainTextReader()
        case "md", "markdown": return MarkdownReader()
        case "html", "htm", "xhtml": return HTMLReader()
        case "pdf": return PDFReader()
        case "docx": return DOCXReader()
        case "xlsx": return XLSXReader()
        case "csv": return DelimitedReader()
        case "tsv", "tab": return DelimitedReader(separator: "\t")
        default: return nil
        }
    }

    /// Extensions kb reads; other files in a walked directory are passed over.
    public static let documentExtensions: Set<String> = ["txt", "text", "md", "markdown", "html", "htm", "xhtml", "pdf", "docx", "xlsx", "csv", "tsv", "tab"]
}

/// Plain text: structure recovered from line layout.
public struct PlainTextReader: DocumentReader {
    public init() {}
    public var format: String { "text" }
    public func read(_ data: Data, name: String) throws -> ReadResult {
        let decoded = try TextDecoding.decode(data)
        let blocks = TextLayout(markdown: false).blocks(from: decoded.text)
        return ReadResult(blocks: blocks, notes: decoded.note.map { [$0] } ?? [])
    }
}
