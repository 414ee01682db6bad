import Foundation

/// A document read, segmented and described, ready to be written to the index.
public struct IngestedDocument: Sendable {
    /// Absolute path of the file it was read from.
    public var source: String
    public var format: String
    public var metadata: DocumentMetadata
    public var sections: [Section]
    public var passages: [Passage]
    /// Hash of the file's bytes: tells a changed file from a touched one, and a renamed file from a new one.
    public var contentHash: String
    /// Hash of what the records were derived with: kb's extraction rules, the data files and the metadata entry.
    /// When it moves, the document is derived again though its bytes did not change.
    public var derivation: String = ""
    public var size: Int
    public var modified: Date?
    /// Things the reader wants the user to know (e.g. a fallback encoding).
    public var notes: [String]
    /// Legal references per passage, aligned with `passages`.
    public var references: [[LegalReference]] = []
    /// What the document itself is, as reference targets (its case or diary number, read from its title),
    /// so that documents citing it link to it.
    public var identity: [String] = []
    /// Claims found in the passages (`Claim.passageIndex` points into `passages`).
    public var claims: [Claim] = []

    /// The anchor prefix shared by every passage of the document.
    public var id: String { metadata.id ?? "" }
}
