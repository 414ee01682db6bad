/// One structural unit a reader finds in a file, before it is segmented into sections and passages.
public struct Block: Sendable, Equatable {
    /// The structural role a block plays; decides how it is segmented and shown.
    public enum Kind: String, Sendable, Codable {
        case heading, paragraph, listItem = "list-item", tableRow = "table-row"
    }

    public var kind: Kind
    /// Text as found in the source (runs of white space may be collapsed).
    public var text: String
    /// Heading depth (1 = title level); 0 for non-headings.
    public var level: Int
    /// First and last source line (1-based) the block came from.
    public var lineStart: Int
    public var lineEnd: Int
    /// Page number for paged formats.
    public var page: Int?
    /// Named cells for table rows, in column order.
    public var fields: [Field]
    /// Where a table row sits, for its anchor: "Sheet1/r5" (a spreadsheet) or "t1/r3" (a table in a document).
    public var anchorHint: String?

    public init(kind: Kind, text: String, level: Int = 0, lineStart: Int, lineEnd: Int,
                page: Int? = nil, fields: [Field] = [], anchorHint: String? = nil) {
        self.kind = kind; self.text = text; self.level = level
        self.lineStart = lineStart; self.lineEnd = lineEnd; self.page = page; self.fields = fields
        self.anchorHint = anchorHint
    }
}

/// A named cell of a table row: the column header and the cell's text.
public struct Field: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}
