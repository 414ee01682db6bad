import Foundation

/// Turns a reader's blocks into sections and passages with stable, readable anchors.
public enum Segmenter {
    public static func segment(_ blocks: [Block], documentID: String, defaultLanguage: String?) -> ([Section], [Passage]) {
        var sections: [Section] = []
        var passages: [Passage] = []
        var current: Int? = nil
        var used = Set<String>()
        var onPage: [Int: Int] = [:]
        for block in blocks {
            if block.kind == .heading {
                let ordinal = sections.count + 1
                sections.append(Section(ordinal: ordinal, heading: block.text, level: block.level,
                                        anchor: "\(documentID)#s\(ordinal)", lineStart: block.lineStart, lineEnd: block.lineEnd))
                current = sections.count - 1
            } else if let c = current {
                sections[c].lineEnd = max(sections[c].lineEnd, block.lineEnd)
            }
            let ordinal = passages.count + 1
            let language = Self.hasCharacters(block.text, atLeast: 40) ? (LanguageDetector.detect(block.text) ?? defaultLanguage) : defaultLanguage
            // Anchors say where to look: a sheet or table row, a page and paragraph, or the paragraph number.
            var suffix: String
            if let hint = block.anchorHint {
                suffix = hint
            } else if let page = block.page {
                onPage[page, default: 0] += 1
                suffix = "p\(page).\(onPage[page]!)"
            } else {
                suffix = "p\(ordinal)"
            }
            if used.contains(suffix) {
                var n = 2
                while used.contains("\(suffix)-\(n)") { n += 1 }
                suffix = "\(suffix)-\(n)"
            }
            used.insert(suffix)
            passages.append(Passage(ordinal: ordinal, anchor: "\(documentID)#\(suffix)", kind: block.kind, text: block.text,
                                    sectionIndex: current, lineStart: block.lineStart, lineEnd: block.lineEnd,
                                    page: block.page, fields: block.fields, language: language ?? "und"))
        }
        return (sections, passages)
    }

    /// `text.count >= n` without counting every Character of a long text.
    static func hasCharacters(_ text: String, atLeast n: Int) -> Bool {
        text.hasCharacters(atLeast: n)
    }

    /// A readable id from a file name: lower case, ASCII letters and digits, dashes.
    public static func slug(_ name: String) -> String {
        let stem = (name as NSString).deletingPathExtension
        var out = ""
        var dash = false
        for ch in stem.lowercased() {
            let mapped: String
            switch ch {
            case "å", "ä", "á", "à", "â", "ã": mapped = "a"
            case "ö", "ø", "ó", "ò", "ô", "õ": mapped = "o"
            case "é", "è", "ê", "ë": mapped = "e"
            case "ü", "ú", "ù", "û": mapped = "u"
            case "í", "ì", "î", "ï": mapped = "i"
            case "æ": mapped = "ae"
            case "ß": mapped = "ss"
            case "ç": mapped = "c"
            case "ñ": mapped = "n"
            default: mapped = ch.isASCII && (ch.isLetter || ch.isNumber) ? String(ch) : "-"
            }
            if mapped == "-" { dash = !out.isEmpty } else { if dash { out += "-"; dash = false }; out += mapped }
        }
        if out.isEmpty { out = "doc" }
        return String(out.prefix(60))
    }
}
