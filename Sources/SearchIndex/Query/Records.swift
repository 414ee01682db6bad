import Ingest

/// A document as listed by `kb docs` and carried in every search hit.
public struct DocumentSummary: Sendable, Codable {
    public var id: Int
    public var slug: String
    public var source: String
    public var format: String
    public var title: String
    public var issuer: String?
    public var kind: String?
    public var date: String?
    public var dateNote: String?
    public var language: String?
    public var description: String?
    public var author: String?
    public var passages: Int
    public var notes: String?

    init(row: Row) {
        id = row["id"].int ?? 0
        slug = row["slug"].string ?? ""
        source = row["source"].string ?? ""
        format = row["format"].string ?? ""
        title = row["title"].string ?? ""
        issuer = row["issuer"].string
        kind = row["kind"].string
        date = row["date"].string
        dateNote = row["date_note"].string
        language = row["language"].string
        description = row["description"].string
        author = row["author"].string
        passages = row["passages"].int ?? 0
        notes = row["notes"].string
    }

    /// The date as a lawyer should read it: the date, or "undated" with the best bound known.
    public var displayDate: String { date ?? "undated" }
}

/// One passage with where it sits: its document, its section and its source lines.
public struct PassageRecord: Sendable {
    public var id: Int
    public var anchor: String
    public var ordinal: Int
    public var kind: String
    public var text: String
    public var fields: [Field]
    public var lineStart: Int
    public var lineEnd: Int
    public var page: Int?
    public var language: String?
    public var sectionHeading: String?
    public var sectionAnchor: String?
    public var document: DocumentSummary

    /// Where in the source file: lines for text formats, paragraph numbers in Word, rows in spreadsheets.
    public var location: String {
        let span = lineStart == lineEnd ? "\(lineStart)" : "\(lineStart)–\(lineEnd)"
        switch document.format {
        case "docx": return "¶ \(span)"
        case "xlsx", "csv", "tsv": return "row \(span)"
        case "pdf": return (lineStart == lineEnd ? "line " : "lines ") + span + " of the page"
        default: return (lineStart == lineEnd ? "line " : "lines ") + span
        }
    }

    /// The reference a lawyer checks: issuer, title, date, section, anchor and lines.
    public var citation: String {
        var parts: [String] = []
        parts.append(document.issuer ?? "Unknown issuer")
        parts.append("“\(document.title)”")
        parts.append(document.date ?? "undated")
        if let h = sectionHeading, !h.isEmpty, h != text { parts.append("§ \(h)") }
        if let page { parts.append("p. \(page)") }
        parts.append(anchor)
        parts.append(location)
        return parts.joined(separator: ", ")
    }
}

/// A ranked search result with the spans of text that matched.
public struct SearchHit: Sendable {
    public var passage: PassageRecord
    public var score: Double
    /// True when the passage matched every term; false for results added by relaxing to any term.
    public var matchedAll: Bool
    /// Character offsets into `passage.text` of the matched words.
    public var highlights: [Range<Int>]
}

/// A page of results with the total count of passages that match every term.
public struct SearchResults: Sendable {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]
    public var relaxed: Bool
    public var expression: String
    /// How the query was understood and expanded (`--explain`).
    public var explanation: [String]
    /// Index words close to the query's, offered when nothing matched.
    public var suggestions: [String]
}
