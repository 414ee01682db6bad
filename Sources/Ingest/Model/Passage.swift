/// A section of a document: a heading and the passages under it.
public struct Section: Sendable, Equatable {
    public var ordinal: Int
    public var heading: String
    public var level: Int
    public var anchor: String
    public var lineStart: Int
    public var lineEnd: Int
}

/// The unit kb searches and cites: a paragraph, list item or table row with a stable anchor.
public struct Passage: Sendable, Equatable {
    /// Position in the document, from 1; the anchor is derived from it.
    public var ordinal: Int
    /// Readable and stable: `<document id>#p<ordinal>`.
    public var anchor: String
    public var kind: Block.Kind
    public var text: String
    /// Index into the document's sections, or nil for text before the first heading.
    public var sectionIndex: Int?
    public var lineStart: Int
    public var lineEnd: Int
    public var page: Int?
    public var fields: [Field]
    public var language: String
}
