import Foundation

/// Infers what a document's metadata entry would say, for files dropped in without one.
public enum MetadataInference {
    public static func infer(blocks: [Block], fileName: String) -> DocumentMetadata {
        var m = DocumentMetadata()
        m.title = title(blocks: blocks, fileName: fileName)
        var sample = ""
        for b in blocks.prefix(200) {
            sample += b.text + "\n"
            if sample.utf8.count > 6000 { break }
        }
        m.language = LanguageDetector.detect(sample)
        let dates = DateMentions.find(in: sample)
        if let latest = dates.max() { m.dateNote = "not stated; not before \(latest) (latest date in the text)" }
        // A title cut from a long opening paragraph ("1. In the absence of a decision pursuant to …") names no
        // genre: its words are the text's, so only the opening-text cues apply.
        let titleIsCut = blocks.prefix(10).first(where: { $0.kind == .heading }) == nil && (m.title?.hasSuffix("...") ?? false)
        m.kind = kind(title: titleIsCut ? "" : m.title ?? "", text: sample, fileName: fileName)
        applyKeyValueFields(blocks.prefix(60).flatMap(\.fields), to: &m)
        if m.date == nil, let d = labelledDate(in: blocks) {
            m.date = d
            m.dateNote = nil
        }
        // An article of the GDPR as published on its own is its body only: its file name says which article it
        // is, and the Regulation says who made it and when.
        if let article = gdprArticle(fileName) {
            let topic = article.topic.map { " – " + $0 } ?? ""
            m.title = (m.language == "sv" ? "Dataskyddsförordningen artikel " : "GDPR Article ") + article.number + topic
            m.issuer = m.issuer ?? (m.language == "sv" ? "Europaparlamentet och rådet" : "European Parliament and Council")
            if m.date == nil {
                m.date = "2016-04-27"
                m.dateNote = "the adoption of Regulation (EU) 2016/679 (the GDPR); the text as published may be later"
            }
        }
        return m
    }

    /// The article number and the words after it in a file named after a GDPR article ("gdpr-en-art-28-processor"
    /// → 28, "Processor"; "GDPR artikel 6.txt" → 6, nil).
    static func gdprArticle(_ fileName: String) -> (number: String, topic: String?)? {
        guard namesAnArticle(fileName) else { return nil }
        let stem = (fileName as NSString).deletingPathExtension
        let lower = stem.lowercased()
        guard let m = articleNumber.firstMatch(in: lower) else { return nil }
        let text = UTF16Text(lower)
        let number = text.substring(with: m.range(at: 1))
        let rest = text.substring(from: m.range.location + m.range.length)
        let words = rest.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }).map(String.init)
        guard let first = words.first else { return (number, nil) }
        return (number, ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " "))
    }
    static let articleNumber = try! Pattern(pattern: "(?:^|[^a-z])(?:art|article|artikel)[-_. ]?(\\d+[a-z]?)")

    /// Labels that state a document's own date in its running text ("Datum: 2023-06-30" in a decision's or a
    /// memo's header), as opposed to the many dates it mentions.
    static let dateLabels = ["beslutsdatum", "date of decision", "datum", "dated", "decided", "date"]

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b >= 0x80
    }

    /// The first date written right after a date label and a colon, in the document's first 200 blocks.
    static func labelledDate(in blocks: [Block]) -> String? {
        for block in blocks.prefix(200) {
            var text = block.text
            let found: String? = text.withUTF8 { u in
                var i = 0
                while i < u.count {
                    defer { i += 1 }
                    guard u[i] == UInt8(ascii: ":") else { continue }
                    var end = i
                    while end > 0, u[end - 1] == 0x20 { end -= 1 }
                    let before = String(decoding: u[max(0, end - 16)..<end], as: UTF8.self).lowercased()
                    guard let label = dateLabels.first(where: { before.hasSuffix($0) }) else { continue }
                    // The label is a word of its own, not the end of a longer one ("update:").
                    let labelStart = end - label.utf8.count
                    if labelStart > 0, isWordByte(u[labelStart - 1]) { continue }
                    var start = i + 1
                    while start < u.count, u[start] == 0x20 { start += 1 }
                    guard start < u.count else { continue }
                    let tail = String(decoding: u[start..<min(u.count, start + 24)], as: UTF8.self)
                    if let date = DateMentions.find(in: tail).first { return date }
                }
                return nil
            }
            if let found { return found }
        }
        return nil
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
            if t.count <= 120, t.unicodeScalars.count <= 240 { return t }
            // Also cut by scalars: a "character" may carry thousands of combining marks in a hostile file.
            return String(String.UnicodeScalarView(String(t.prefix(117)).unicodeScalars.prefix(234))) + "..."
        }
        return (fileName as NSString).deletingPathExtension
    }

    /// Kind from cue words in the title first, then the opening text.
    /// Words in a title that name its genre, by kind, in the order they are tried.
    static let titleCues: [(DocumentKind, NeedleSet)] = ([
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
    ] as [(DocumentKind, [String])]).map { ($0.0, NeedleSet($0.1)) }
    /// Whether a file is named after an article of a statute ("gdpr-en-art-46-transfers.md", "GDPR artikel 6.txt"):
    /// the text of an article has no title of its own to say so.
    static func namesAnArticle(_ fileName: String) -> Bool {
        let name = fileName.lowercased()
        guard ["gdpr", "dataskyddsförordning", "regulation-2016-679"].contains(where: name.contains) else { return false }
        return articleInName.firstMatch(in: name) != nil
    }
    static let articleInName = try! Pattern(pattern: "(?:^|[^a-z])(?:art|article|artikel)[-_. ]?\\d")

    /// Words with which an opening names its own genre outright.
    static let openingCues: [(DocumentKind, NeedleSet)] = ([
        (.faq, ["frågor och svar", "vanliga frågor", "frequently asked questions"]),
        (.minutes, ["minnesanteckningar", "protokoll fört", "sammanfattning av chatten", "minutes of the meeting"]),
        (.dpaOpinion, ["yttrande över", "förhandssamråd enligt"]),
        (.judgment, ["domslut", "judgment of the court"]),
    ] as [(DocumentKind, [String])]).map { ($0.0, NeedleSet($0.1)) }

    static func kind(title: String, text: String, fileName: String) -> DocumentKind? {
        let t = Haystack(" " + title.lowercased() + " ")
        for (kind, words) in titleCues where words.containsAny(in: t) { return kind }
        if namesAnArticle(fileName) { return .statute }
        // The opening text only counts when it names its own genre outright.
        let body = Haystack(" " + text.prefix(characters: 600).lowercased() + " ")
        for (kind, words) in openingCues where words.containsAny(in: body) { return kind }
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

    static let iso = try! Pattern(pattern: "\\b((?:19|20)\\d\\d)-(\\d\\d)-(\\d\\d)\\b")
    static let dayMonthYear = try! Pattern(pattern: "\\b(\\d{1,2})(?:st|nd|rd|th|:e|:a)?\\.?\\s+(\\p{L}{3,9})\\.?\\s+((?:19|20)\\d\\d)\\b", options: [.caseInsensitive])
    static let dotted = try! Pattern(pattern: "\\b(\\d{1,2})\\.(\\d{1,2})\\.((?:19|20)\\d\\d)\\b")
    static let monthDayYear = try! Pattern(pattern: "\\b(\\p{L}{3,9})\\.?\\s+(\\d{1,2}),\\s+((?:19|20)\\d\\d)\\b", options: [.caseInsensitive])

    /// Dates in the text as ISO strings (day precision), in the order the patterns find them.
    public static func find(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        let years = Haystack(bytes: bytes).yearOffsets
        guard !years.isEmpty else { return [] }
        // Every pattern ends in or just after a year: on a long text only the stretches around years are
        // searched, each from the word before it to the end of the word after it.
        let text = bytes.count <= 400 ? text : Self.aroundYears(bytes, years)
        let ns = UTF16Text(text)
        let range = NSRange(location: 0, length: ns.length)
        var found: [String] = []
        func add(_ y: Int?, _ m: Int?, _ d: Int?) {
            if let y, let m, let d, ISODate.valid(y, m, d) { found.append(String(format: "%04d-%02d-%02d", y, m, d)) }
        }
        func g(_ r: PatternMatch, _ i: Int) -> String { ns.substring(with: r.range(at: i)) }
        for r in iso.matches(in: text, range: range) { add(Int(g(r, 1)), Int(g(r, 2)), Int(g(r, 3))) }
        for r in dayMonthYear.matches(in: text, range: range) { add(Int(g(r, 3)), months[g(r, 2).lowercased()], Int(g(r, 1))) }
        for r in dotted.matches(in: text, range: range) { add(Int(g(r, 3)), Int(g(r, 2)), Int(g(r, 1))) }
        for r in monthDayYear.matches(in: text, range: range) { add(Int(g(r, 3)), months[g(r, 1).lowercased()], Int(g(r, 2))) }
        return found
    }

    /// The stretches of `bytes` around each year, joined by a separator no pattern can cross.
    static func aroundYears(_ bytes: [UInt8], _ years: [Int]) -> String {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        let windows = SearchWindows.merged(years.map { y in
            var start = max(0, y - 40)
            while start > 0 && !isSpace(bytes[start - 1]) { start -= 1 }
            var end = min(bytes.count, y + 12)
            while end < bytes.count && !isSpace(bytes[end]) { end += 1 }
            return start..<end
        })
        return windows.map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: "\n|\n")
    }
}
