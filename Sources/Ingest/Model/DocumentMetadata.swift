import Foundation

/// What kb knows about a document as a whole: who issued it, what it is and when it was written.
public struct DocumentMetadata: Codable, Sendable, Equatable {
    /// Short, stable, readable name used in anchors (`stockholm-zoomx`).
    public var id: String?
    public var title: String?
    public var issuer: String?
    public var kind: DocumentKind?
    /// ISO date (`2022-11-29`, `2023-06`, `2021`), or nil when unknown.
    public var date: String?
    /// When the date is unknown: the best bound read from the text (e.g. "not before 2022-12").
    public var dateNote: String?
    public var language: String?
    public var description: String?
    public var author: String?
    /// Ids or file names of documents this one replaces.
    public var supersedes: [String]

    public init(id: String? = nil, title: String? = nil, issuer: String? = nil, kind: DocumentKind? = nil,
                date: String? = nil, dateNote: String? = nil, language: String? = nil,
                description: String? = nil, author: String? = nil, supersedes: [String] = []) {
        self.id = id; self.title = title; self.issuer = issuer; self.kind = kind; self.date = date
        self.dateNote = dateNote; self.language = language; self.description = description
        self.author = author; self.supersedes = supersedes
    }

    /// Fills every field that is nil here from `other`; explicit values always win over inferred ones.
    public func filling(from other: DocumentMetadata) -> DocumentMetadata {
        var m = self
        m.id = m.id ?? other.id
        m.title = m.title ?? other.title
        m.issuer = m.issuer ?? other.issuer
        m.kind = m.kind ?? other.kind
        if m.date == nil {
            m.date = other.date
            m.dateNote = m.dateNote ?? other.dateNote
        }
        m.language = m.language ?? other.language
        m.description = m.description ?? other.description
        m.author = m.author ?? other.author
        if m.supersedes.isEmpty { m.supersedes = other.supersedes }
        return m
    }
}
