import Foundation
import SearchIndex

/// How documents look on a terminal and in JSON.
enum DocumentPresenter {
    static func json(_ d: DocumentSummary) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(d.slug), "source": .string(d.source), "title": .string(d.title), "format": .string(d.format),
            "passages": .int(d.passages), "issuer": .optional(d.issuer), "kind": .optional(d.kind), "date": .optional(d.date),
            "language": .optional(d.language),
        ]
        if let n = d.dateNote { o["date_note"] = .string(n) }
        if let desc = d.description { o["description"] = .string(desc) }
        if let a = d.author { o["author"] = .string(a) }
        return .object(o)
    }

    static func table(_ docs: [DocumentSummary]) {
        if docs.isEmpty { Console.out("no documents indexed yet: run 'kb ingest PATH'"); return }
        let rows = docs.map { d -> [String] in
            [d.slug, d.issuer ?? "?", d.kind ?? "?", d.date ?? "undated", d.language ?? "?", String(d.passages), d.title]
        }
        let header = ["ID", "ISSUER", "KIND", "DATE", "LANG", "PASSAGES", "TITLE"]
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < 6 { widths[i] = min(max(widths[i], c.count), 28) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in
                if i == r.count - 1 { return c }
                let cut = c.count > widths[i] ? String(c.prefix(widths[i] - 1)) + "…" : c
                return cut.padded(to: widths[i])
            }.joined(separator: "  ")
        }
        Console.out(Console.style(line(header), .bold))
        for r in rows { Console.out(line(r)) }
        Console.out("\(docs.count) document(s), \(docs.reduce(0) { $0 + $1.passages }) passages")
    }

    /// Metadata block used by `kb show`.
    static func describe(_ d: DocumentSummary) -> [String] {
        var lines = ["Document: \(d.title)", "Issuer:   \(d.issuer ?? "unknown")", "Kind:     \(d.kind ?? "unknown")"]
        lines.append("Date:     \(d.date ?? "unknown")" + (d.date == nil ? (d.dateNote.map { " (\($0))" } ?? "") : ""))
        lines.append("Language: \(d.language ?? "unknown")")
        if let desc = d.description { lines.append("About:    \(desc)") }
        lines.append("Source:   \(d.source)")
        return lines
    }
}

/// How search results look on a terminal and in JSON.
enum SearchPresenter {
    static func passageJSON(_ p: PassageRecord) -> JSONValue {
        var o: [String: JSONValue] = [
            "anchor": .string(p.anchor), "text": .string(p.text), "kind": .string(p.kind), "line_start": .int(p.lineStart),
            "line_end": .int(p.lineEnd), "section": .optional(p.sectionHeading), "page": .optional(p.page),
            "language": .optional(p.language),
        ]
        if !p.fields.isEmpty { o["fields"] = .array(p.fields.map { ["name": .string($0.name), "value": .string($0.value)] }) }
        return .object(o)
    }

    static func json(_ r: SearchResults, explain: Bool) -> JSONValue {
        var o: [String: JSONValue] = [
            "query": .string(r.query), "total": .int(min(r.total, SearchEngine.countCap)), "total_capped": .bool(r.total > SearchEngine.countCap),
            "relaxed": .bool(r.relaxed),
            "results": .array(r.hits.enumerated().map { i, h -> JSONValue in
                [
                    "rank": .int(i + 1), "score": .double((h.score * 1000).rounded() / 1000), "match": h.matchedAll ? "all" : "some",
                    "document": DocumentPresenter.json(h.passage.document), "passage": passageJSON(h.passage),
                    "citation": .string(h.passage.citation), "snippet": .string(Snippet.make(h.passage.text, h.highlights, marker: ("[", "]"))),
                    "highlights": .array(h.highlights.map { [.int($0.lowerBound), .int($0.upperBound)] }),
                ]
            }),
        ]
        if explain { o["explain"] = ["fts5": .string(r.expression), "terms": .array(r.explanation.map { .string($0) })] }
        if !r.suggestions.isEmpty { o["did_you_mean"] = .array(r.suggestions.map { .string($0) }) }
        return .object(o)
    }

    static func print(_ r: SearchResults, explain: Bool, offset: Int, grouped: Bool) {
        if explain {
            Console.out(Console.style("How the query was understood:", .bold))
            for line in r.explanation { Console.out("  " + line) }
            Console.out("  fts5: " + r.expression)
            Console.out("")
        }
        if r.hits.isEmpty {
            var line = "no passages match \"\(r.query)\""
            if !r.suggestions.isEmpty { line += "; did you mean: " + r.suggestions.joined(separator: ", ") + "?" }
            Console.out(line)
            return
        }
        let from = offset + 1, to = offset + r.hits.count
        var head = "\(r.total > SearchEngine.countCap ? "over \(SearchEngine.countCap)" : "\(r.total)") passage(s) match all terms; showing \(from)–\(to)"
        if r.relaxed && r.hits.contains(where: { !$0.matchedAll }) { head += " (then passages matching some terms)" }
        Console.out(Console.style(head, .dim))
        var order = Array(r.hits.enumerated())
        if grouped {
            // Documents in order of their best hit, each document's hits together.
            let firstRank = Dictionary(order.map { ($0.element.passage.document.id, $0.offset) }, uniquingKeysWith: min)
            order.sort { (firstRank[$0.element.passage.document.id]!, $0.offset) < (firstRank[$1.element.passage.document.id]!, $1.offset) }
        }
        var lastDocument: Int? = nil
        for (i, h) in order {
            if grouped && lastDocument != h.passage.document.id {
                Console.out("")
                Console.out(Console.style("== \(h.passage.document.issuer ?? "Unknown issuer"): \(h.passage.document.title) (\(h.passage.document.date ?? "undated"))", .heading))
                lastDocument = h.passage.document.id
            }
            Console.out("")
            let mark = h.matchedAll ? "" : Console.style(" (partial match)", .dim)
            Console.out(Console.style("\(offset + i + 1). \(h.passage.anchor)", .anchor) + mark)
            Console.out("   " + Console.style(h.passage.citation, .dim))
            let snippet = Snippet.window(h.passage.text, h.highlights, width: 320)
            Console.out("   " + Console.highlight(snippet.text, snippet.ranges))
        }
    }
}

/// Excerpts that centre on the best match.
enum Snippet {
    /// The part of `text` around the densest cluster of matches, at most `width` characters.
    static func window(_ text: String, _ ranges: [Range<Int>], width: Int) -> (text: String, ranges: [Range<Int>]) {
        let chars = Array(text)
        guard chars.count > width else { return (text, ranges) }
        var bestStart = 0, bestCount = -1
        for r in ranges {
            let start = max(0, r.lowerBound - width / 4)
            let count = ranges.filter { $0.lowerBound >= start && $0.upperBound <= start + width }.count
            if count > bestCount { bestCount = count; bestStart = start }
        }
        var start = min(bestStart, max(0, chars.count - width))
        while start > 0 && !chars[start - 1].isWhitespace && bestStart - start < 20 { start -= 1 }
        let end = min(chars.count, start + width)
        let prefix = start > 0 ? "…" : ""
        let suffix = end < chars.count ? "…" : ""
        let shift = prefix.count - start
        let inside = ranges.filter { $0.lowerBound >= start && $0.upperBound <= end }.map { ($0.lowerBound + shift)..<($0.upperBound + shift) }
        return (prefix + String(chars[start..<end]) + suffix, inside)
    }

    static func make(_ text: String, _ ranges: [Range<Int>], marker: (String, String), width: Int = 240) -> String {
        let w = window(text, ranges, width: width)
        let chars = Array(w.text)
        var out = ""
        var i = 0
        for r in w.ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where r.lowerBound >= i {
            out += String(chars[i..<r.lowerBound]) + marker.0 + String(chars[r]) + marker.1
            i = r.upperBound
        }
        return out + String(chars[i...])
    }
}

/// How `kb show` prints a passage in its section.
enum ShowPresenter {
    static func json(_ p: PassageRecord, section: [PassageRecord]) -> [String: Any] {
        [
            "document": DocumentPresenter.json(p.document), "passage": SearchPresenter.passageJSON(p), "citation": p.citation,
            "section": ["heading": p.sectionHeading as Any? ?? NSNull(), "anchor": p.sectionAnchor as Any? ?? NSNull(),
                        "passages": section.map(SearchPresenter.passageJSON)],
        ]
    }

    static func print(_ p: PassageRecord, section: [PassageRecord]) {
        Console.out(Console.style(p.anchor, .anchor) + "  " + Console.style(p.citation, .dim))
        Console.out("")
        for line in DocumentPresenter.describe(p.document) { Console.out(line) }
        Console.out("Location: \(p.page.map { "page \($0), " } ?? "")\(p.location) of \(p.document.source)")
        Console.out("")
        if let h = p.sectionHeading { Console.out(Console.style("§ \(h)", .heading)) }
        for s in section {
            if s.id == p.id {
                Console.out(Console.style("▶ \(s.anchor)", .anchor))
                if !s.fields.isEmpty {
                    let width = min(s.fields.map(\.name.count).max() ?? 0, 36)
                    for f in s.fields {
                        Console.out("    " + Console.style(f.name.padded(to: max(width, f.name.count)), .bold) + "  " + f.value)
                    }
                } else {
                    Console.out("    " + Console.style(s.text, .bold))
                }
            } else if s.kind != "heading" {
                let text = s.text.count > 200 ? String(s.text.prefix(200)) + "…" : s.text
                Console.out(Console.style("  \(s.anchor)  ", .dim) + text)
            }
        }
    }
}
