import Foundation
import SearchIndex
import ZIPFoundation

/// Renders a brief for people (Markdown, HTML, Word) and for tools (JSON); the same brief gives the same bytes.
enum BriefRenderer {
    static func stanceLabel(_ s: String) -> String {
        switch s {
        case "affirms": return "affirms"
        case "denies": return "denies"
        case "qualifies": return "qualifies"
        case "not stated": return "has not spoken"
        default: return "unclear"
        }
    }

    static func sourceLine(_ s: Brief.Source) -> String {
        var parts = [s.issuer, "“\(s.title)”", s.date]
        if let sec = s.section, !sec.isEmpty { parts.append("§ \(sec)") }
        if let page = s.page { parts.append("p. \(page)") }
        parts.append(s.anchor)
        parts.append(s.location)
        parts.append((s.file as NSString).lastPathComponent)
        return parts.joined(separator: ", ")
    }

    static func holder(_ p: Brief.PartyPoint) -> String {
        p.reportedBy.isEmpty ? "" : " (as reported by " + p.reportedBy.joined(separator: ", reported by ") + ")"
    }

    // MARK: JSON

    static func json(_ b: Brief, generated: String?) -> [String: Any] {
        [
            "topic": b.topic, "question": b.question, "parties": b.parties, "generated": generated ?? NSNull(), "as_of": b.asOf ?? NSNull(),
            "matching": b.matching,
            "summary": ["agree": b.agreeCount, "disagree": b.disagreeCount, "one-sided": b.oneSidedCount, "qualified": b.qualifiedCount],
            "corpus": b.corpus.map { ["source": $0.source, "id": $0.slug, "title": $0.title, "issuer": $0.issuer ?? NSNull(), "date": $0.date ?? NSNull()] as [String: Any] },
            "points": b.points.map { p -> [String: Any] in
                ["position": ["id": p.positionID, "title": p.title, "title_sv": p.titleSV], "agreement": p.agreement,
                 "parties": p.parties.map { pp -> [String: Any] in
                    var o: [String: Any] = ["party": pp.party, "stance": pp.stance, "quote": pp.quote ?? NSNull(),
                                            "citation": pp.citation ?? NSNull(), "reported_by": pp.reportedBy,
                                            "document": ["source": pp.source as Any? ?? NSNull()], "passage": ["anchor": pp.anchor as Any? ?? NSNull()],
                                            "more_citations": pp.more]
                    if let s = pp.supersededBy { o["superseded_by"] = s }
                    return o
                 }]
            },
            "authorities": b.parties.map { ["party": $0, "relies_on": b.authorities[$0] ?? []] as [String: Any] },
            "sources": b.sources.map { s -> [String: Any] in
                ["number": s.number, "issuer": s.issuer, "title": s.title, "date": s.date, "section": s.section ?? NSNull(), "anchor": s.anchor,
                 "location": s.location, "page": s.page ?? NSNull(), "file": s.file, "citation": sourceLine(s)]
            },
        ]
    }

    // MARK: Markdown

    static func markdown(_ b: Brief, generated: String?) -> String {
        var out = "# Brief: \(b.parties.joined(separator: " vs ")) on \(b.topic)\n\n"
        out += "**Question.** \(b.question)\n\n"
        if let generated { out += "**Generated:** \(generated)  \n" }
        if let asOf = b.asOf { out += "**As of:** \(asOf) (documents dated by then)  \n" }
        out += "**How the topic was matched:** \(b.matching)\n\n"
        out += "## Summary\n\n"
        out += "On \(b.points.count) position(s): the parties **disagree on \(b.disagreeCount)**, agree on \(b.agreeCount), "
            + "are qualified or unclear on \(b.qualifiedCount), and only one party has spoken on \(b.oneSidedCount).\n\n"
        for (i, p) in b.points.enumerated() {
            out += "## \(i + 1). \(p.title)\n\n*\(p.titleSV)* — **\(p.agreement)**\n\n"
            out += "| Party | Stance | Strongest claim |\n|---|---|---|\n"
            for pp in p.parties {
                let quote = pp.quote.map { "“\(mdCell($0))” [\(pp.citation ?? 0)]" + mdCell(holder(pp)) } ?? "—"
                out += "| \(mdCell(pp.party)) | \(stanceLabel(pp.stance)) | \(quote) |\n"
            }
            out += "\n"
            for pp in p.parties where pp.supersededBy != nil { out += "> Note: \(pp.party)'s claim comes from a document superseded by “\(pp.supersededBy!)”.\n\n" }
        }
        out += "## Authorities relied on\n\n| " + b.parties.map(mdCell).joined(separator: " | ") + " |\n|" + b.parties.map { _ in "---" }.joined(separator: "|") + "|\n"
        let rows = b.parties.map { b.authorities[$0] ?? [] }.map(\.count).max() ?? 0
        for r in 0..<rows { out += "| " + b.parties.map { p in (b.authorities[p] ?? []).count > r ? mdCell(b.authorities[p]![r]) : "" }.joined(separator: " | ") + " |\n" }
        out += "\n## Sources\n\n"
        for s in b.sources { out += "\(s.number). \(sourceLine(s))\n" }
        out += "\n## Corpus\n\n"
        if let summary = corpusSummary(b) { out += summary + "\n" }
        else { for d in b.corpus { out += "- \(d.issuer ?? "Unknown issuer"), “\(d.title)”, \(d.date ?? "undated") (\((d.source as NSString).lastPathComponent))\n" } }
        return out
    }

    /// Corpora larger than this are summed up in one line instead of listed: a brief over 100,000 documents
    /// listed every title (100,000 lines) after its few sources. `--format json` keeps the full list.
    static let listedCorpus = 200

    static func corpusSummary(_ b: Brief) -> String? {
        guard b.corpus.count > listedCorpus else { return nil }
        let issuers = Set(b.corpus.compactMap(\.issuer)).count
        return "\(b.corpus.count) documents from \(issuers) issuer(s)\(b.asOf.map { " dated up to \($0)" } ?? ""); the \(b.sources.count) cited are listed under Sources, and `kb docs` lists them all."
    }

    static func mdCell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }

    // MARK: HTML

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let css = """
        body{font-family:"DejaVu Serif",Georgia,serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}
        h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
        .meta{color:#444;font-size:.92em}.agreement{font-variant:small-caps;font-weight:bold}
        .disagree{color:#a40000}.agree{color:#1a5e1a}.qualified,.one-sided{color:#6b5500}
        table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.6em 0}
        th,td{border:1px solid #bbb;padding:.4em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere;word-wrap:break-word}
        th{background:#f2f2f2}td.stance{width:7.5em;font-weight:bold}blockquote{margin:0}
        .cite{font-size:.85em;vertical-align:super}ol.sources li{margin-bottom:.3em;font-size:.92em}
        @page{size:A4;margin:18mm 16mm}
        @media print{body{margin:0;max-width:none;font-size:10.5pt}tr,td,th{page-break-inside:avoid;break-inside:avoid}
        h2{page-break-after:avoid;break-after:avoid}a{color:inherit;text-decoration:none}}
        """

    static func html(_ b: Brief, generated: String?) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        h += "<title>\(esc("Brief: \(b.parties.joined(separator: " vs ")) on \(b.topic)"))</title><style>\(css)</style></head><body>\n"
        h += "<h1>\(esc("Brief: \(b.parties.joined(separator: " vs ")) on \(b.topic)"))</h1>\n"
        h += "<p><strong>Question.</strong> \(esc(b.question))</p>\n<p class=\"meta\">"
        if let generated { h += "Generated \(esc(generated)). " }
        if let asOf = b.asOf { h += "As of \(esc(asOf)). " }
        h += "How the topic was matched: \(esc(b.matching))</p>\n"
        h += "<h2>Summary</h2>\n<p>On \(b.points.count) position(s) the parties <strong>disagree on \(b.disagreeCount)</strong>, agree on \(b.agreeCount), are qualified or unclear on \(b.qualifiedCount), and only one party has spoken on \(b.oneSidedCount).</p>\n"
        let partyWidth = 55 / max(b.parties.count, 1)
        h += "<table><colgroup><col style=\"width:33%\">" + b.parties.map { _ in "<col style=\"width:\(partyWidth)%\">" }.joined() + "<col style=\"width:12%\"></colgroup>"
        h += "<thead><tr><th>Position</th>" + b.parties.map { "<th>\(esc($0))</th>" }.joined() + "<th>Agreement</th></tr></thead><tbody>\n"
        for p in b.points {
            h += "<tr><td>\(esc(p.title))</td>" + p.parties.map { "<td>\(esc(stanceLabel($0.stance)))\($0.citation.map { " <span class=\"cite\">[\($0)]</span>" } ?? "")</td>" }.joined()
                + "<td class=\"agreement \(p.agreement)\">\(esc(p.agreement))</td></tr>\n"
        }
        h += "</tbody></table>\n"
        for (i, p) in b.points.enumerated() {
            _ = i
            h += "<h2>\(i + 1). \(esc(p.title))</h2>\n<p><em>\(esc(p.titleSV))</em> — <span class=\"agreement \(p.agreement)\">\(esc(p.agreement))</span></p>\n"
            h += "<table><thead><tr><th style=\"width:10em\">Party</th><th style=\"width:7.5em\">Stance</th><th>Strongest claim</th></tr></thead><tbody>\n"
            for pp in p.parties {
                let quote = pp.quote.map { "<blockquote>“\(esc($0))”</blockquote> <span class=\"cite\"><a href=\"#src\(pp.citation ?? 0)\">[\(pp.citation ?? 0)]</a></span>\(esc(holder(pp)))" } ?? "—"
                let superseded = pp.supersededBy.map { "<br><em>From a document superseded by “\(esc($0))”.</em>" } ?? ""
                h += "<tr><td>\(esc(pp.party))</td><td class=\"stance\">\(esc(stanceLabel(pp.stance)))</td><td>\(quote)\(superseded)</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<h2>Authorities relied on</h2>\n<table><thead><tr>" + b.parties.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody><tr>"
        h += b.parties.map { p in "<td>" + (b.authorities[p] ?? []).map(esc).joined(separator: "<br>") + "</td>" }.joined() + "</tr></tbody></table>\n"
        h += "<h2>Sources</h2>\n<ol class=\"sources\">\n"
        for s in b.sources { h += "<li id=\"src\(s.number)\">\(esc(sourceLine(s)))</li>\n" }
        h += "</ol>\n<h2>Corpus</h2>\n<ul>\n"
        if let summary = corpusSummary(b) { h += "<li>\(esc(summary))</li>\n" }
        else { for d in b.corpus { h += "<li>\(esc(d.issuer ?? "Unknown issuer")), “\(esc(d.title))”, \(esc(d.date ?? "undated"))</li>\n" } }
        h += "</ul>\n</body></html>\n"
        return h
    }

    // MARK: Word

    static func xml(_ s: String) -> String {
        esc(s).unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" }.map(String.init).joined()
    }

    static func run(_ text: String, bold: Bool = false, italic: Bool = false) -> String {
        let props = (bold ? "<w:b/>" : "") + (italic ? "<w:i/>" : "")
        return "<w:r>\(props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>")<w:t xml:space=\"preserve\">\(xml(text))</w:t></w:r>"
    }

    static func para(_ runs: String, style: String? = nil) -> String {
        "<w:p>\(style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? "")\(runs)</w:p>"
    }

    static func footnoteRef(_ id: Int) -> String {
        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"\(id)\"/></w:r>"
    }

    /// A Word document: heading styles, a real comparison table, and the citations as footnotes.
    static func docx(_ b: Brief, generated: String?) throws -> Data {
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        var body = para(run("Brief: \(b.parties.joined(separator: " vs ")) on \(b.topic)"), style: "Title")
        body += para(run("Question. ", bold: true) + run(b.question))
        if let generated { body += para(run("Generated \(generated)", italic: true)) }
        if let asOf = b.asOf { body += para(run("As of \(asOf) (documents dated by then)", italic: true)) }
        body += para(run("How the topic was matched: \(b.matching)", italic: true))
        body += para(run("Summary"), style: "Heading1")
        body += para(run("On \(b.points.count) position(s) the parties disagree on \(b.disagreeCount), agree on \(b.agreeCount), are qualified or unclear on \(b.qualifiedCount), and only one party has spoken on \(b.oneSidedCount)."))
        var footnotes: [Int: String] = [:]
        func cell(_ content: String, width: Int, header: Bool = false) -> String {
            "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(header ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEEEEE\"/>" : "")</w:tcPr>\(content.isEmpty ? "<w:p/>" : content)</w:tc>"
        }
        let borders = "<w:tblBorders>" + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>" }.joined() + "</w:tblBorders>"
        for (i, p) in b.points.enumerated() {
            body += para(run("\(i + 1). \(p.title)"), style: "Heading2")
            body += para(run(p.titleSV, italic: true) + run(" — \(p.agreement)", bold: true))
            var table = "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/>\(borders)<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1800\"/><w:gridCol w:w=\"1300\"/><w:gridCol w:w=\"6000\"/></w:tblGrid>"
            table += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" + cell(para(run("Party", bold: true)), width: 1800, header: true)
                + cell(para(run("Stance", bold: true)), width: 1300, header: true) + cell(para(run("Strongest claim", bold: true)), width: 6000, header: true) + "</w:tr>"
            for pp in p.parties {
                var claim = "—"
                var claimRuns = run(claim)
                if let q = pp.quote, let n = pp.citation {
                    claim = "“\(q)”"
                    footnotes[n] = footnotes[n] ?? sourceLine(b.sources[n - 1])
                    claimRuns = run(claim) + footnoteRef(n) + run(holder(pp), italic: true)
                    if let s = pp.supersededBy { claimRuns += run(" (from a document superseded by “\(s)”)", italic: true) }
                }
                table += "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + cell(para(run(pp.party)), width: 1800) + cell(para(run(stanceLabel(pp.stance), bold: true)), width: 1300)
                    + cell(para(claimRuns), width: 6000) + "</w:tr>"
            }
            body += table + "</w:tbl>"
        }
        body += para(run("Authorities relied on"), style: "Heading1")
        for party in b.parties {
            body += para(run("\(party): ", bold: true) + run((b.authorities[party] ?? ["—"]).joined(separator: "; ")))
        }
        body += para(run("Sources"), style: "Heading1")
        for s in b.sources { body += para(run("[\(s.number)] " + sourceLine(s))) }
        body += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>"
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document \(w)><w:body>\(body)</w:body></w:document>"
        var notes = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:footnotes \(w)>"
        notes += "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        for n in footnotes.keys.sorted() {
            notes += "<w:footnote w:id=\"\(n)\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>\(run(" " + footnotes[n]!))</w:p></w:footnote>"
        }
        notes += "</w:footnotes>"
        func style(_ id: String, _ name: String, size: Int, bold: Bool) -> String {
            "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"\(id == "Title" ? 0 : (id == "Heading1" ? 0 : 1))\"/></w:pPr><w:rPr>\(bold ? "<w:b/>" : "")<w:sz w:val=\"\(size)\"/></w:rPr></w:style>"
        }
        let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:styles \(w)><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"DejaVu Serif\" w:hAnsi=\"DejaVu Serif\"/><w:sz w:val=\"21\"/><w:lang w:val=\"sv-SE\"/></w:rPr></w:rPrDefault></w:docDefaults>"
            + "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"100\"/></w:pPr></w:style>"
            + style("Title", "Title", size: 36, bold: true) + style("Heading1", "heading 1", size: 28, bold: true) + style("Heading2", "heading 2", size: 24, bold: true)
            + "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz w:val=\"18\"/></w:rPr></w:style>"
            + "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style></w:styles>"
        let files: [(String, String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/></Types>"),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/_rels/document.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/></Relationships>"),
            ("word/document.xml", document),
            ("word/styles.xml", styles),
            ("word/footnotes.xml", notes),
        ]
        let archive: Archive
        do { archive = try Archive(data: Data(), accessMode: .create) } catch { throw Failure(message: "cannot create the Word file: \(error)") }
        for (path, content) in files {
            let data = Data(content.utf8)
            // A fixed date keeps the bytes identical across runs.
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 946_684_800),
                                 compressionMethod: .deflate, bufferSize: 16_384) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let out = archive.data else { throw Failure(message: "cannot write the Word file") }
        return out
    }
}
