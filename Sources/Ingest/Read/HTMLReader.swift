internal import CLibXML2
import Foundation

/// HTML through libxml2's forgiving parser, keeping the page's text and dropping its machinery
/// (scripts, styles, navigation, menus, footers, edit links, tables of contents).
public struct HTMLReader: DocumentReader {
    public init() {}
    public var format: String { "html" }

    public func read(_ data: Data, name: String) throws -> ReadResult {
        if data.isEmpty { throw IngestError.empty }
        if TextDecoding.looksBinary([UInt8](data.prefix(8192))) { throw IngestError.binary }
        var notes: [String] = []
        let bytes = [UInt8](data)
        // Without a declared charset libxml2 assumes Latin-1 for non-UTF-8 input; Windows-1252 is what such pages really are.
        var encoding: String? = nil
        if String(validating: bytes, as: UTF8.self) == nil && !Self.declaresCharset(bytes) {
            encoding = "windows-1252"
            notes.append("not valid UTF-8; decoded as Windows-1252")
        }
        // XML_PARSE_HUGE: without it libxml2 stops at the 256th nested element and silently drops the rest of
        // the page; the walk below bounds its own depth instead.
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOIMPLIED.rawValue) | Int32(XML_PARSE_BIG_LINES.rawValue)
            | Int32(XML_PARSE_HUGE.rawValue)
        try XMLLibrary.load()
        let doc: htmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { ptr in
                kb_htmlReadMemory(ptr, Int32(buf.count), name, encoding, options)
            }
        }
        guard let doc else { throw IngestError.malformed("libxml2 could not parse the HTML") }
        defer { kb_xmlFreeDoc(doc) }
        guard let rootElement = kb_xmlDocGetRootElement(doc) else { throw IngestError.noText("the page has no elements") }

        var walker = Walker()
        let root = walker.contentRoot(rootElement) ?? Walker.find(rootElement, tag: "body") ?? rootElement
        walker.pageTitle(rootElement)
        walker.walk(root)
        walker.flush()
        var metadata = walker.metadata
        if metadata.title == nil, let h1 = walker.blocks.first(where: { $0.kind == .heading }) { metadata.title = h1.text }
        if walker.blocks.isEmpty { throw IngestError.noText("the page has no visible text") }
        if walker.flattened {
            notes.append("elements nested more than \(Walker.maxDepth) deep were read as plain text, without their structure")
        }
        return ReadResult(blocks: walker.blocks, metadata: metadata, notes: notes)
    }

    static func declaresCharset(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("charset=") || head.contains("charset =")
    }
}

/// Walks the DOM and emits blocks; a struct so each read has its own state.
private struct Walker {
    var blocks: [Block] = []
    var metadata = DocumentMetadata()
    private var run = ""
    private var runStart = Int.max
    private var runEnd = 0
    private var runKind: Block.Kind = .paragraph
    /// How deep the walk is: past `maxDepth` an element's text is taken whole, so a hostile page of
    /// 200,000 nested elements cannot exhaust the thread's stack.
    private var depth = 0
    static let maxDepth = 256
    /// Whether some element lay deeper than `maxDepth`.
    private(set) var flattened = false

    static let skippedTags: Set<String> = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
        "button", "select", "option", "iframe", "svg", "template", "input", "label", "menu", "head", "object", "canvas", "map"]
    static let blockTags: Set<String> = ["p", "div", "section", "article", "main", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "figure", "figcaption", "caption", "center", "address", "hr", "body", "html", "details", "summary", "fieldset"]
    static let chromePatterns = ["nav", "menu", "footer", "header", "sidebar", "cookie", "consent", "breadcrumb", "toc",
        "catlinks", "printfooter", "editsection", "jump", "sitesub", "contentsub", "sitenotice", "localnotice",
        "indicators", "noprint", "share", "social", "banner", "skip", "search", "login", "navbar", "dropdown",
        "mw-hidden", "hidden", "visually-hidden", "sr-only", "related", "advert", "newsletter", "tool"]
    static let chromeRoles: Set<String> = ["navigation", "banner", "contentinfo", "search", "menu", "menubar", "complementary"]

    static func name(_ node: xmlNodePtr) -> String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: UnsafeRawPointer(n).assumingMemoryBound(to: CChar.self)).lowercased()
    }

    static func attribute(_ node: xmlNodePtr, _ attr: String) -> String? {
        guard let value = kb_xmlGetProp(node, attr) else { return nil }
        defer { kb_xmlFree(value) }
        return String(cString: UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
    }

    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child { result.append(c); child = c.pointee.next }
        return result
    }

    static func find(_ node: xmlNodePtr, tag: String) -> xmlNodePtr? {
        find(node) { name($0) == tag }
    }

    /// The first element in document order that `predicate` accepts. A loop with its own stack, not recursion:
    /// the tree may be any depth.
    static func find(_ node: xmlNodePtr, where predicate: (xmlNodePtr) -> Bool) -> xmlNodePtr? {
        var pending: [xmlNodePtr] = [node]
        while let n = pending.popLast() {
            if n.pointee.type == XML_ELEMENT_NODE && predicate(n) { return n }
            let elements = children(n).filter { $0.pointee.type == XML_ELEMENT_NODE }
            pending.append(contentsOf: elements.reversed())
        }
        return nil
    }

    /// The element holding the page's own content, when the page marks one.
    func contentRoot(_ root: xmlNodePtr) -> xmlNodePtr? {
        if let n = Self.find(root, where: { Self.attribute($0, "id") == "mw-content-text" }) { return n }
        if let n = Self.find(root, tag: "main") { return n }
        if let n = Self.find(root, where: { Self.attribute($0, "role") == "main" }) { return n }
        if let n = Self.find(root, tag: "article") { return n }
        if let n = Self.find(root, where: { ["content", "main-content", "maincontent", "main"].contains(Self.attribute($0, "id") ?? "") }) { return n }
        return nil
    }

    /// Title, language and description from the head, and the visible page title (h1) outside the content root.
    mutating func pageTitle(_ root: xmlNodePtr) {
        if let lang = Self.attribute(root, "lang") { metadata.language = LanguageCode.normalise(lang) }
        if let h1 = Self.find(root, where: { Self.name($0) == "h1" }) {
            let t = TextLayout.collapse(Self.text(h1))
            if !t.isEmpty { metadata.title = t }
        }
        if metadata.title == nil, let title = Self.find(root, tag: "title") {
            let t = TextLayout.collapse(Self.text(title))
            if !t.isEmpty { metadata.title = t }
        }
        if let head = Self.find(root, tag: "head") {
            for meta in Self.children(head) where Self.name(meta) == "meta" {
                let key = (Self.attribute(meta, "name") ?? Self.attribute(meta, "property") ?? "").lowercased()
                guard let content = Self.attribute(meta, "content")?.trimmingCharacters(in: .whitespaces), !content.isEmpty else { continue }
                switch key {
                case "description", "og:description": metadata.description = metadata.description ?? content
                case "author": metadata.author = content
                case "date", "article:published_time", "dc.date", "dcterms.date": metadata.date = ISODate.normalise(content)
                default: break
                }
            }
        }
    }

    static func text(_ node: xmlNodePtr) -> String {
        guard let c = kb_xmlNodeGetContent(node) else { return "" }
        defer { kb_xmlFree(c) }
        return String(cString: UnsafeRawPointer(c).assumingMemoryBound(to: CChar.self))
    }

    static func isChrome(_ node: xmlNodePtr, tag: String) -> Bool {
        if skippedTags.contains(tag) { return true }
        if let role = attribute(node, "role")?.lowercased(), chromeRoles.contains(role) { return true }
        if attribute(node, "hidden") != nil || attribute(node, "aria-hidden") == "true" { return true }
        if let style = attribute(node, "style")?.lowercased().replacingOccurrences(of: " ", with: ""),
           style.contains("display:none") { return true }
        let marks = ((attribute(node, "id") ?? "") + " " + (attribute(node, "class") ?? "")).lowercased()
        if marks.trimmingCharacters(in: .whitespaces).isEmpty { return false }
        let words = marks.split(whereSeparator: { " _".contains($0) })
        for word in words {
            let w = word.hasPrefix("mw-") ? String(word.dropFirst(3)) : String(word)
            for p in chromePatterns where w == p || w.hasPrefix(p + "-") || w.hasSuffix("-" + p) || w.hasPrefix(p) && p.count >= 6 {
                return true
            }
        }
        return false
    }

    mutating func walk(_ node: xmlNodePtr) {
        for child in Self.children(node) {
            switch child.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = child.pointee.content {
                    let s = String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                    append(s, line: Int(kb_xmlGetLineNo(child)))
                }
            case XML_ELEMENT_NODE:
                element(child)
            default:
                break
            }
        }
    }

    private mutating func append(_ s: String, line: Int) {
        if s.allSatisfy(\.isWhitespace) {
            if !run.isEmpty { run += " " }
            return
        }
        run += s
        if line > 0 { runStart = min(runStart, line); runEnd = max(runEnd, line) }
    }

    mutating func flush(kind: Block.Kind? = nil, level: Int = 0, fields: [Field] = [], fallbackLine: Int = 0) {
        let text = TextLayout.collapse(run)
        if !text.isEmpty && text.contains(where: { $0.isLetter || $0.isNumber }) {
            let start = runStart == Int.max ? max(fallbackLine, 1) : runStart
            blocks.append(Block(kind: kind ?? runKind, text: text, level: level, lineStart: start,
                                lineEnd: max(runEnd, start), fields: fields))
        }
        run = ""; runStart = Int.max; runEnd = 0; runKind = .paragraph
    }

    private mutating func element(_ node: xmlNodePtr) {
        let tag = Self.name(node)
        if Self.isChrome(node, tag: tag) { return }
        if tag == "br" { run += " "; return }
        guard depth < Self.maxDepth else {
            flattened = true
            append(Self.text(node), line: Int(kb_xmlGetLineNo(node)))
            return
        }
        depth += 1
        defer { depth -= 1 }
        guard Self.blockTags.contains(tag) else { walk(node); return }
        let line = Int(kb_xmlGetLineNo(node))
        switch tag {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            flush()
            walk(node)
            flush(kind: .heading, level: Int(String(tag.dropFirst())) ?? 2, fallbackLine: line)
        case "li", "dt", "dd":
            flush()
            runKind = .listItem
            walk(node)
            flush(kind: .listItem, fallbackLine: line)
        case "table":
            flush()
            table(node)
        case "pre":
            // Preformatted text (often a whole pasted decision) keeps its layout: segment it as plain text.
            flush()
            let inner = Self.text(node)
            let laid = TextLayout(markdown: false).blocks(from: inner, firstLine: max(line, 1))
            blocks += laid
        default:
            flush()
            walk(node)
            flush(fallbackLine: line)
        }
    }

    /// Rows become table-row blocks; a header row (or a leading `th` cell) names the fields.
    private var tableCount = 0

    private mutating func table(_ node: xmlNodePtr) {
        tableCount += 1
        var rowNumber = 0
        var rows: [xmlNodePtr] = []
        func collect(_ n: xmlNodePtr, _ level: Int) {
            for c in Self.children(n) where c.pointee.type == XML_ELEMENT_NODE {
                let t = Self.name(c)
                if t == "tr" { rows.append(c) } else if ["thead", "tbody", "tfoot"].contains(t), level < 8 { collect(c, level + 1) }
                else if t == "caption" { walk(c); flush(fallbackLine: Int(kb_xmlGetLineNo(c))) }
            }
        }
        collect(node, 0)
        var header: [String]? = nil
        for row in rows {
            var cells: [(isHeader: Bool, text: String)] = []
            var first = Int.max, last = 0
            for cell in Self.children(row) where cell.pointee.type == XML_ELEMENT_NODE {
                let t = Self.name(cell)
                guard t == "td" || t == "th", !Self.isChrome(cell, tag: t) else { continue }
                var inner = Walker()
                inner.depth = depth
                inner.walk(cell)
                inner.flush()
                if inner.flattened { flattened = true }
                let text = inner.blocks.map(\.text).joined(separator: " ")
                for b in inner.blocks { first = min(first, b.lineStart); last = max(last, b.lineEnd) }
                cells.append((t == "th", text))
            }
            let nonEmpty = cells.filter { !$0.text.isEmpty }
            guard !nonEmpty.isEmpty else { continue }
            let line = first == Int.max ? Int(kb_xmlGetLineNo(row)) : first
            let text = nonEmpty.map(\.text).joined(separator: " ")
            var fields: [Field] = []
            if cells.allSatisfy(\.isHeader) && cells.count > 1 {
                header = cells.map(\.text)
            } else if cells.count == 2 && (cells[0].isHeader || cells[0].text.hasSuffix(":")) && !cells[1].text.isEmpty {
                // A key–value row (an infobox): the first cell names the second.
                let name = cells[0].text.hasSuffix(":") ? String(cells[0].text.dropLast()) : cells[0].text
                fields = [Field(name: name.trimmingCharacters(in: .whitespaces), value: cells[1].text)]
            } else {
                for (i, cell) in cells.enumerated() where !cell.text.isEmpty {
                    let name = header.flatMap { i < $0.count && !$0[i].isEmpty ? $0[i] : nil } ?? "Column \(i + 1)"
                    fields.append(Field(name: name, value: cell.text))
                }
            }
            rowNumber += 1
            blocks.append(Block(kind: .tableRow, text: text, lineStart: max(line, 1), lineEnd: max(last, line, 1), fields: fields,
                                anchorHint: "t\(tableCount)/r\(rowNumber)"))
        }
    }
}
