/// The kinds of document a lawyer tells apart when weighing a source.
public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case guidance, dpaOpinion = "dpa-opinion", memo, dataSheet = "data-sheet", news, faq, presentation,
         minutes, statute, judgment, decision, whitePaper = "white-paper", opinion, other

    /// Parses a kind as written in metadata, accepting a few common spellings.
    public init?(label: String) {
        let key = label.lowercased().trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if let kind = DocumentKind(rawValue: key) { self = kind; return }
        switch key {
        case "datasheet": self = .dataSheet
        case "dpa-decision", "decision-dpa": self = .decision
        case "whitepaper": self = .whitePaper
        case "meeting-notes", "notes": self = .minutes
        case "law", "regulation": self = .statute
        case "court-decision", "ruling": self = .judgment
        case "article", "news-article": self = .news
        default: return nil
        }
    }
}
