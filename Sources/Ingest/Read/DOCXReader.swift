import Foundation

/// Word documents: paragraphs, heading styles as sections, list paragraphs, tables (header row names the
/// fields) and footnotes. "Lines" are paragraph numbers in document order.
public struct DOCXReader: DocumentReader {
    public init() {}
    public var format: String { "docx" }

    public func read(_ data: Data, name: String) throws -> ReadResult {
        if data.isEmpty { throw IngestError.empty }
        var archive = try OfficeArchive(data, name: name)
        guard let document = try archive.xml("word/document.xml") else {
            throw IngestError.malformed("no word/document.xml: not a Word document")
        }
        var styles: [String: String] = [:]   // style id -> style name ("Heading1" -> "heading 1")
        if let s = try? archive.xml("word/styles.xml") {
            for style in s.descendants("w:style") {
                if let id = style.attr("styleId"), let n = style.child("w:name")?.attr("val") { styles[id] = n }
            }
        }
        var metadata = DocumentMetadata()
        if let core = try? archive.xml("docProps/core.xml") {
            metadata.title = core.child("dc:title")?.allText.trimmedNonEmpty
            metadata.author = core.child("dc:creator")?.allText.trimmedNonEmpty
            metadata.date = (core.child("dcterms:created")?.allText).flatMap(ISODate.normalise)
            metadata.language = (core.child("dc:language")?.allText).flatMap(LanguageCode.normalise)
        }
        var blocks: [Block] = []
        var paragraph = 0
        var tables = 0
        guard let body = document.child("w:body") else { throw IngestError.noText("the document has no body") }
        func walk(_ element: XMLElement) {
            for node in element.children {
                switch node.name {
                case "w:p":
                    paragraph += 1
                    let text = TextLayout.collapse(Self.text(of: node))
                    guard !text.isEmpty else { continue }
                    let styleID = node.child("w:pPr")?.child("w:pStyle")?.attr("val") ?? ""
                    let styleName = (styles[styleID] ?? styleID).lowercased()
                    if let level = Self.headingLevel(styleName) {
                        blocks.append(Block(kind: .heading, text: text, level: level, lineStart: paragraph, lineEnd: paragraph))
                    } else if node.child("w:pPr")?.child("w:numPr") != nil || styleName.contains("list") || styleName.contains("liststycke") {
                        blocks.append(Block(kind: .listItem, text: text, lineStart: paragraph, lineEnd: paragraph))
                    } else {
                        blocks.append(Block(kind: .paragraph, text: text, lineStart: paragraph, lineEnd: paragraph))
                    }
                case "w:tbl":
                    tables += 1
                    var header: [String]? = nil
                    for (r, row) in node.all("w:tr").enumerated() {
                        paragraph += 1
                        let cells = row.all("w:tc").map { TextLayout.collapse($0.descendants("w:p").map(Self.text(of:)).joined(separator: " ")) }
                        guard cells.contains(where: { !$0.isEmpty }) else { continue }
                        var fields: [Field] = []
                        if header == nil { header = cells } else {
                            for (i, c) in cells.enumerated() where !c.isEmpty {
                                let n = header.flatMap { i < $0.count && !$0[i].isEmpty ? $0[i] : nil } ?? "Column \(i + 1)"
                                fields.append(Field(name: n, value: c))
                            }
                        }
                        blocks.append(Block(kind: .tableRow, text: cells.filter { !$0.isEmpty }.joined(separator: " "),
                                            lineStart: paragraph, lineEnd: paragraph, fields: fields, anchorHint: "t\(tables)/r\(r + 1)"))
                    }
                case "w:sdt":
                    if let content = node.child("w:sdtContent") { walk(content) }
                default:
                    break
                }
            }
        }
        walk(body)
        if let notes = try? archive.xml("word/footnotes.xml") {
            let real = notes.all("w:footnote").filter { ($0.attr("type") ?? "normal") == "normal" }
            if !real.isEmpty {
                blocks.append(Block(kind: .heading, text: "Footnotes", level: 2, lineStart: paragraph + 1, lineEnd: paragraph + 1))
                for note in real {
                    paragraph += 1
                    let text = TextLayout.collapse(note.descendants("w:p").map(Self.text(of:)).joined(separator: " "))
                    guard !text.isEmpty else { continue }
                    let id = note.attr("id") ?? "?"
                    blocks.append(Block(kind: .paragraph, text: text, lineStart: paragraph, lineEnd: paragraph, anchorHint: "fn\(id)"))
                }
            }
        }
        if blocks.isEmpty { throw IngestError.noText("the Word document has no text") }
        return ReadResult(blocks: blocks, metadata: metadata)
    }

    static func headingLevel(_ style: String) -> Int? {
        if style == "title" || style == "titel" { return 1 }
        for prefix in ["heading", "rubrik", "überschrift"] where style.hasPrefix(prefix) {
            return Int(style.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) ?? 1
        }
        return nil
    }

    /// A paragraph's text: runs, tabs and breaks, skipping deleted revisions and field instructions.
    static func text(of p: XMLElement) -> String {
        var out = ""
        func visit(_ e: XMLElement) {
            for c in e.children {
                switch c.name {
                case "w:t": out += c.text
                case "w:tab": out += "\t"
                case "w:br", "w:cr": out += " "
                case "w:del", "w:instrText", "w:delText", "w:pPr", "w:rPr": continue
                default: visit(c)
                }
            }
        }
        visit(p)
        return out
    }
}

extension String {
    var trimmedNonEmpty: String? {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}
