import Foundation

/// Infers what a document's metadata entry would say, for files dropped in without one.
public enum MetadataInference {
    public static func infer(blocks: [Block], fileName: String) -> DocumentMetadata {
        var m = DocumentMetadata()
        m.title = title(blocks: blocks, fileName: fileName)
        let sample = blocks.prefix(200).map(\.text).joined(separator: "\n")
        m.language = LanguageDetector.detect(sample)
        let dates = DateMentions.find(in: sample)
        if let latest = dates.max() { m.dateNote = "not stated; not before \(latest) (latest date in the text)" }
        m.kind = kind(title: m.title ?? "", text: String(sample.prefix(4000)), fileName: fileName)
        applyKeyValueFields(blocks.prefix(60).flatMap(\.fields), to: &m)
        return m
    }

    static let dateFieldNames: Set<String> = ["decided", "date", "datum", "date of decision", "beslutsdatum", "published", "publicerad", "adopted", "dated"]
    static let issuerFieldNames: Set<String> = ["authority", "court", "issuer", "dpa", "myndighet", "domstol", "utfärdare", "avsändare"]

    /// Key–value rows (infoboxes, data-sheet headers) often state the date and the issuer outright.
    static func applyKeyValueFields(_ fields: [Field], to m: inout DocumentMetadata) {
        for f in fields {
            let key = f.name.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            if m.date == nil, dateFieldNames.contains(key), let d = DateMentions.find(in: f.value).first {
                m.date = d
                m.dateNote = nil
            }
            if m.issuer == nil, issuerFieldNames.contains(key), !f.value.isEmpty, f.value.count < 80 {
                m.issuer = f.value
                // The infobox says what kind of body decided: a court gives judgments, an authority decisions.
                m.kind = ["court", "domstol"].contains(key) ? .judgment : .decision
            }
        }
    }

    static func title(blocks: [Block], fileName: String) -> String {
        if let h = blocks.prefix(10).first(where: { $0.kind == .heading }) { return h.text }
        if let first = blocks.first(where: { $0.text.count >= 3 }) {
            let t = first.text
            return t.count <= 120 ? t : String(t.prefix(117)) + "..."
        }
        return (fileName as NSString).deletingPathExtension
    }

    /// Kind from cue words in the title first, then the opening text.
    static func kind(title: String, text: String, fileName: String) -> DocumentKind? {
        let cues: [(DocumentKind, [String])] = [
            (.judgment, ["judgment", "urteil", "kammarrättens dom", "förvaltningsrättens dom", "domslut"]),
            (.decision, ["beslut ", "decision", "sanktionsavgift", "fine imposed"]),
            (.dpaOpinion, ["yttrande", "förhandssamråd", "opinion of", "prior consultation"]),
            (.guidance, ["vägledning", "guidelines", "recommendations", "rekommendation", "riktlinje", "guidance"]),
            (.memo, ["promemoria", " pm ", "memo", "rapport"]),
            (.dataSheet, ["data sheet", "datablad", "transfer impact assessment data sheet", "faktablad", "fact sheet"]),
            (.faq, ["frågor och svar", "faq", "vanliga frågor", "frequently asked"]),
            (.minutes, ["minnesanteckning", "protokoll", "minutes", "webbinar", "webinar"]),
            (.statute, ["förordning (eu)", "regulation (eu)", "sfs ", "lag (", "article 1"]),
            (.news, ["nyhet", "news", "pressmeddelande", "press release"]),
        ]
        let t = " " + title.lowercased() + " "
        for (kind, words) in cues where words.contains(where: { t.contains($0) }) { return kind }
        let body = " " + text.prefix(600).lowercased() + " "
        for (kind, words) in cues where words.contains(where: { body.contains($0) }) { return kind }
        return nil
    }
}

/// Finds dates written in Swedish and English forms and returns them as ISO strings.
public enum DateMentions {
    static let months: [String: Int] = [
        "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "mars": 3, "march": 3, "mar": 3,
        "april": 4, "apr": 4, "maj": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
        "augusti": 8, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "october": 10, "okt": 10,
        "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    public static func find(in text: String) -> [String] {
        var found: [String] = []
        let iso = /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/
        for m in text.matches(of: iso) {
            if let y = Int(m.1), let mo = Int(m.2), let d = Int(m.3), ISODate.valid(y, mo, d) {
                found.append(String(format: "%04d-%02d-%02d", y, mo, d))
            }
        }
        let dayMonthYear = /(?i)\b(\d{1,2})(?:st|nd|rd|th|:e|:a)?\.?\s+([a-zåäö]{3,9})\.?\s+((?:19|20)\d\d)\b/
        for m in text.matches(of: dayMonthYear) {
            if let d = Int(m.1), let mo = months[m.2.lowercased()], let y = Int(m.3), ISODate.valid(y, mo, d) {
                found.append(String(format: "%04d-%02d-%02d", y, mo, d))
            }
        }
        let dotted = /\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b/
        for m in text.matches(of: dotted) {
            if let d = Int(m.1), let mo = Int(m.2), let y = Int(m.3), ISODate.valid(y, mo, d) {
                found.append(String(format: "%04d-%02d-%02d", y, mo, d))
            }
        }
        let monthDayYear = /(?i)\b([a-z]{3,9})\.?\s+(\d{1,2}),\s+((?:19|20)\d\d)\b/
        for m in text.matches(of: monthDayYear) {
            if let mo = months[m.1.lowercased()], let d = Int(m.2), let y = Int(m.3), ISODate.valid(y, mo, d) {
                found.append(String(format: "%04d-%02d-%02d", y, mo, d))
            }
        }
        return found
    }
}
