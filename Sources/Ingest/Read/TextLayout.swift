import Foundation

/// Recovers structure (headings, list items, table rows, paragraphs) from the line layout of plain
/// text and Markdown, where blank lines, bullets and tabs are the only structure left.
struct TextLayout {
    /// Markdown marks headings explicitly; plain text needs the heading-like-line heuristic.
    var markdown: Bool

    struct Line {
        var number: Int
        var text: String
        var trimmed: String
        /// Whether the line holds a tab (a table cell separator), noted while it was split off.
        var hasTab = false
    }

    func blocks(from text: String, firstLine: Int = 1) -> [Block] {
        let lines = Self.withoutRunningHeads(Self.splitLines(text, firstLine: firstLine))
        var groups: [[Line]] = []
        var current: [Line] = []
        var inFence = false
        for line in lines {
            if markdown && line.trimmed.hasPrefix("```") { inFence.toggle() }
            if line.trimmed.isEmpty && !inFence {
                if !current.isEmpty { groups.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { groups.append(current) }

        var blocks: [Block] = []
        var tableHeader: [String]? = nil
        var tables = TableCounter()
        for group in groups {
            let produced = structure(group, tableHeader: &tableHeader, tables: &tables)
            for block in produced {
                if let last = blocks.last, Self.continues(last, with: block) {
                    blocks[blocks.count - 1].text += " " + block.text
                    blocks[blocks.count - 1].lineEnd = block.lineEnd
                } else {
                    blocks.append(block)
                }
            }
        }
        return blocks
    }

    /// A paragraph cut in two by a stray blank line: the first part ends without closing
    /// punctuation and the second starts in lower case.
    static func continues(_ previous: Block, with next: Block) -> Bool {
        guard previous.kind == .paragraph || previous.kind == .listItem, next.kind == .paragraph,
              let lastChar = previous.text.last, let firstChar = next.text.first else { return false }
        if ".!?:;\"”»)]".contains(lastChar) { return false }
        return firstChar.isLowercase && previous.text.count > 20
    }

    /// Page furniture repeated down a document — a decision's running header "Page 14 of 23 … Diary number:
    /// DI-2020-11373 15(23)", "Date: 2023-06-30", a PDF's "Sida 2 av 12" — would otherwise be read into the
    /// passages around every page break and quoted in claims. A line with letters and a number in it is furniture
    /// when it recurs, numbers aside, at least three times and numbers a page, or recurs word for word at least
    /// three times within three lines of such a page line. The first of each is kept (it may carry the document's
    /// date); table rows, numbered headings ("22.5 Tillämpliga bestämmelser") and repeated sentences are left alone.
    static func withoutRunningHeads(_ lines: [Line]) -> [Line] {
        guard lines.count >= 20 else { return lines }
        // Every text passes here: the lines that could number a page are found on the bytes first, and most
        // documents have none, so nothing else is made.
        let candidates = lines.indices.filter { mayNumberPage(lines[$0]) }
        guard candidates.count >= 3 else { return lines }
        var shapes: [Int: String] = [:]
        var byShape: [String: Int] = [:]
        for i in candidates {
            guard let shape = runningShape(lines[i]) else { continue }
            shapes[i] = shape
            byShape[shape, default: 0] += 1
        }
        var furniture = Set(shapes.filter { byShape[$0.value, default: 0] >= 3 }.map(\.key))
        guard !furniture.isEmpty else { return lines }
        // A line that comes back word for word beside those page lines ("Date: 2023-06-30") belongs to them.
        var near: [String: [Int]] = [:]
        for f in furniture {
            for i in max(0, f - 3)...min(lines.count - 1, f + 3) where !furniture.contains(i) && shapes[i] == nil {
                guard runningShape(lines[i]) != nil else { continue }
                near[lines[i].trimmed, default: []].append(i)
            }
        }
        for (text, at) in near where Set(at).count >= 3 {
            for i in Set(at) { shapes[i] = text; furniture.insert(i) }
        }
        var kept: [Line] = []
        var seen = Set<String>()
        for (i, line) in lines.enumerated() {
            if furniture.contains(i), let shape = shapes[i] {
                guard seen.insert(shape).inserted else { continue }
            }
            kept.append(line)
        }
        return kept
    }

    /// Whether a line could number a page: "page 3", "sida 2", "sid. 2", "2 av 12", "3 of 9" or "15(23)", read
    /// on the bytes without a string made.
    static func mayNumberPage(_ line: Line) -> Bool {
        guard !line.hasTab else { return false }
        var text = line.trimmed
        return text.withUTF8 { u -> Bool in
            guard u.count >= 10, u.count <= 200 else { return false }
            func digit(_ i: Int) -> Bool { i >= 0 && i < u.count && u[i] >= 0x30 && u[i] <= 0x39 }
            func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            func word(_ at: Int, _ w: StaticString) -> Bool {
                let n = w.utf8CodeUnitCount
                guard at >= 0, at + n <= u.count else { return false }
                for k in 0..<n where lower(u[at + k]) != w.utf8Start[k] { return false }
                return true
            }
            for i in 0..<u.count {
                let b = u[i]
                if b == UInt8(ascii: "|") { return false }
                if b == UInt8(ascii: "("), digit(i - 1), digit(i + 1) { return true }
                guard digit(i) else { continue }
                if word(i + 1, " av "), digit(i + 5) { return true }
                if word(i + 1, " of "), digit(i + 5) { return true }
                if word(i - 5, "page ") || word(i - 5, "sida ") || word(i - 5, "sid. ") { return true }
            }
            return false
        }
    }

    /// The line with each run of digits as "#", when it has a letter and a digit, is 10–200 bytes and is no
    /// table row; else nil.
    static func runningShape(_ line: Line) -> String? {
        let t = line.trimmed
        guard !line.hasTab, t.utf8.count >= 10, t.utf8.count <= 200, !t.utf8.contains(UInt8(ascii: "|")) else { return nil }
        var out: [UInt8] = []
        var digit = false, letter = false, inDigits = false
        for b in t.utf8 {
            if b >= 0x30 && b <= 0x39 {
                digit = true
                if !inDigits { out.append(UInt8(ascii: "#")) }
                inDigits = true
            } else {
                if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 { letter = true }
                out.append(b)
                inDigits = false
            }
        }
        return digit && letter ? String(decoding: out, as: UTF8.self) : nil
    }

    /// Splits on \n, \r\n and \r, keeping 1-based line numbers; byte-level because it runs on every file.
    static func splitLines(_ text: String, firstLine: Int) -> [Line] {
        var result: [Line] = []
        var number = firstLine
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return [] }
        bytes.append(0x0A)
        var start = 0
        var i = 0
        // A byte-order mark can only be where its first byte is: most files have none.
        let mayHoldMark = bytes.contains(0xEF)
        var tab = false
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x09 { tab = true }
            if b == 0x0A || b == 0x0D {
                var raw = String(decoding: bytes[start..<i], as: UTF8.self)
                if mayHoldMark, bytes[start..<i].contains(0xEF), raw.contains("\u{FEFF}") { raw = raw.replacingOccurrences(of: "\u{FEFF}", with: "") }
                result.append(Line(number: number, text: raw, trimmed: trim(raw), hasTab: tab))
                tab = false
                number += 1
                if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if let last = result.last, last.text.isEmpty, text.utf8.last == 0x0A || text.utf8.last == 0x0D { result.removeLast() }
        return result
    }

    /// Trims spaces, tabs and no-break spaces from both ends.
    static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return s }
        return String(scalars[first...last])
    }

    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" }
        return c.properties.isWhitespace
    }

    /// Numbers the tables of a document and the rows of the current one, spreadsheet style (header = row 1).
    struct TableCounter {
        var table = 0
        var row = 0
        mutating func newTable() { table += 1; row = 0 }
        mutating func nextRow() -> String { row += 1; return "t\(table)/r\(row)" }
    }

    private func structure(_ group: [Line], tableHeader: inout [String]?, tables: inout TableCounter) -> [Block] {
        let tabbed = group.filter(\.hasTab)
        if tabbed.count >= 2 || (tabbed.count == 1 && tableHeader != nil && group.count == 1) {
            if tableHeader == nil { tables.newTable() }
            return tableRows(group, header: &tableHeader, tables: &tables)
        }
        if markdown, group.count >= 2, group.allSatisfy({ $0.trimmed.hasPrefix("|") }) {
            tables.newTable()
            return markdownTable(group, tables: &tables)
        }
        tableHeader = nil
        var blocks: [Block] = []
        var paragraph: [Line] = []
        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            blocks.append(Block(kind: .paragraph, text: Self.join(paragraph.map(\.trimmed)),
                                lineStart: paragraph[0].number, lineEnd: paragraph[paragraph.count - 1].number))
            paragraph = []
        }
        let dashLines = group.filter { Self.dashItem($0.trimmed) != nil }.count
        var index = 0
        while index < group.count {
            let line = group[index]
            if let (level, heading) = explicitHeading(line, next: index + 1 < group.count ? group[index + 1] : nil) {
                flushParagraph()
                blocks.append(Block(kind: .heading, text: heading, level: level,
                                    lineStart: line.number, lineEnd: line.number))
                if markdown, index + 1 < group.count, Self.isSetextUnderline(group[index + 1].trimmed) { index += 1 }
                index += 1
                continue
            }
            if let item = Self.bulletItem(line.trimmed) ?? (dashLines >= 2 ? Self.dashItem(line.trimmed) : nil) {
                flushParagraph()
                var text = item
                var end = line.number
                var next = index + 1
                while next < group.count {
                    let candidate = group[next]
                    if Self.bulletItem(candidate.trimmed) != nil || (dashLines >= 2 && Self.dashItem(candidate.trimmed) != nil) { break }
                    if explicitHeading(candidate, next: nil) != nil { break }
                    let indented = candidate.text.first == " " || candidate.text.first == "\t"
                    guard indented || candidate.trimmed.first?.isLowercase == true else { break }
                    text += " " + candidate.trimmed
                    end = candidate.number
                    next += 1
                }
                blocks.append(Block(kind: .listItem, text: Self.collapse(text), lineStart: line.number, lineEnd: end))
                index = next
                continue
            }
            paragraph.append(line)
            index += 1
        }
        flushParagraph()
        if !markdown, blocks.count >= 1, blocks[0].kind == .paragraph,
           blocks[0].lineStart == blocks[0].lineEnd, Self.looksLikeHeading(blocks[0].text),
           blocks.count > 1 || group.count == 1 {
            let colon = blocks[0].text.hasSuffix(":")
            blocks[0].kind = .heading
            blocks[0].level = colon ? 3 : 2
        }
        return blocks
    }

    /// Markdown `#` headings and setext underlines; plain text also honours `#` headings.
    private func explicitHeading(_ line: Line, next: Line?) -> (Int, String)? {
        let t = line.trimmed
        if t.hasPrefix("#") {
            let hashes = t.prefix(while: { $0 == "#" }).count
            let rest = t.dropFirst(hashes)
            if hashes <= 6, rest.first == " " {
                let text = rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#"))
                    .trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { return (hashes, text) }
            }
        }
        if markdown, let next, Self.isSetextUnderline(next.trimmed), !t.isEmpty, Self.bulletItem(t) == nil {
            return (next.trimmed.hasPrefix("=") ? 1 : 2, t)
        }
        return nil
    }

    static func isSetextUnderline(_ t: String) -> Bool {
        t.count >= 3 && (t.allSatisfy { $0 == "=" } || t.allSatisfy { $0 == "-" })
    }

    /// Short, unpunctuated, capitalised single lines read as headings in plain text.
    static func looksLikeHeading(_ text: String) -> Bool {
        // Characters counted by scalars when each is one (most text): the grapheme rules cost more than the rest.
        let count = text.isOneScalarPerCharacter ? text.unicodeScalars.count : text.count
        guard count >= 2, count <= 90, let first = text.first, let last = text.last else { return false }
        if ".,;!”\"»".contains(last) { return false }
        if !(first.isUppercase || first.isNumber) { return false }
        let words = text.split(whereSeparator: { $0 == " " })
        if words.count > 12 { return false }
        if text.allSatisfy({ $0.isNumber || $0 == " " || $0 == "." }) { return false }
        return true
    }

    private static let bulletMarkers: Set<Character> = ["-", "•", "*", "·", "▪", "◦", "‣", "●", "○", "■", "□", "➢", "→"]

    /// Text of a bulleted or numbered line without its marker, or nil.
    static func bulletItem(_ t: String) -> String? {
        guard let first = t.first else { return nil }
        if bulletMarkers.contains(first) {
            let rest = t.dropFirst()
            guard rest.first == " " || rest.first == "\t" else { return nil }
            let body = rest.trimmingBlanks
            return body.isEmpty ? nil : body
        }
        if first.isNumber {
            let digits = t.prefix(while: { $0.isNumber })
            guard digits.count <= 3 else { return nil }
            let rest = t.dropFirst(digits.count)
            guard let marker = rest.first, marker == "." || marker == ")" else { return nil }
            let after = rest.dropFirst()
            guard after.first == " " else { return nil }
            let body = after.trimmingBlanks
            return body.isEmpty ? nil : String(t)   // keep the number: it is part of what the reader sees
        }
        return nil
    }

    /// En and em dashes open direct speech in Swedish prose; only a run of them is a list.
    static func dashItem(_ t: String) -> String? {
        guard let first = t.first, first == "–" || first == "—" else { return nil }
        let rest = t.dropFirst()
        guard rest.first == " " else { return nil }
        let body = rest.trimmingBlanks
        return body.isEmpty ? nil : body
    }

    private func tableRows(_ group: [Line], header: inout [String]?, tables: inout TableCounter) -> [Block] {
        var blocks: [Block] = []
        var rows: [(Line, [String])] = []
        for line in group {
            if line.hasTab || rows.isEmpty {
                rows.append((line, Self.cells(of: line.text[...], separatedBy: "\t")))
            } else {
                // A line without tabs inside a table continues the previous row's last cell.
                rows[rows.count - 1].1[rows[rows.count - 1].1.count - 1] += " " + line.trimmed
            }
        }
        var start = 0
        if header == nil, let first = rows.first {
            header = first.1
            blocks.append(Block(kind: .tableRow, text: Self.collapse(first.0.trimmed), lineStart: first.0.number,
                                lineEnd: first.0.number, fields: [], anchorHint: tables.nextRow()))
            start = 1
        }
        let names = header ?? []
        for (line, cells) in rows[start...] {
            var fields: [Field] = []
            for (i, cell) in cells.enumerated() where !cell.isEmpty {
                let name = i < names.count && !names[i].isEmpty ? names[i] : "Column \(i + 1)"
                fields.append(Field(name: name, value: Self.collapse(cell)))
            }
            blocks.append(Block(kind: .tableRow, text: Self.collapse(cells.filter { !$0.isEmpty }.joined(separator: " ")),
                                lineStart: line.number, lineEnd: line.number, fields: fields, anchorHint: tables.nextRow()))
        }
        return blocks
    }

    private func markdownTable(_ group: [Line], tables: inout TableCounter) -> [Block] {
        func cells(_ t: String) -> [String] {
            var s = Substring(t)
            if s.hasPrefix("|") { s = s.dropFirst() }
            if s.hasSuffix("|") { s = s.dropLast() }
            return Self.cells(of: s, separatedBy: "|")
        }
        let header = cells(group[0].trimmed)
        var blocks = [Block(kind: .tableRow, text: Self.collapse(header.joined(separator: " ")),
                            lineStart: group[0].number, lineEnd: group[0].number, anchorHint: tables.nextRow())]
        for line in group.dropFirst() {
            let row = cells(line.trimmed)
            if row.allSatisfy({ $0.allSatisfy { "-:| ".contains($0) } }) { continue }
            var fields: [Field] = []
            for (i, cell) in row.enumerated() where !cell.isEmpty {
                fields.append(Field(name: i < header.count ? header[i] : "Column \(i + 1)", value: cell))
            }
            blocks.append(Block(kind: .tableRow, text: Self.collapse(row.filter { !$0.isEmpty }.joined(separator: " ")),
                                lineStart: line.number, lineEnd: line.number, fields: fields, anchorHint: tables.nextRow()))
        }
        return blocks
    }

    static func join(_ parts: [String]) -> String { collapse(parts.joined(separator: " ")) }

    /// The text between each `separator`, blanks trimmed: split by scalars, as `components(separatedBy:)` does by
    /// UTF-16 units, without bridging every cell through `NSString`.
    static func cells(of text: Substring, separatedBy separator: Unicode.Scalar) -> [String] {
        text.unicodeScalars.split(separator: separator, omittingEmptySubsequences: false).map { Substring($0).trimmingBlanks }
    }

    /// Collapses runs of white space (including no-break spaces and tabs) to one space.
    static func collapse(_ s: String) -> String {
        // On the UTF-8 bytes: most texts need no change and are returned as they are after one read; the rest are
        // written once into a string of at most their length.
        var source = s
        return source.withUTF8 { u -> String? in
            var i = 0, previousSpace = true
            var clean = true
            while i < u.count {
                let n = whiteSpaceLength(u, i)
                if n > 0 {
                    if n > 1 || u[i] != 0x20 || previousSpace { clean = false; break }
                    previousSpace = true
                    i += 1
                } else {
                    previousSpace = false
                    i += 1
                }
            }
            if clean && !(previousSpace && u.count > 0) { return nil }
            return String(unsafeUninitializedCapacity: u.count) { out in
                var k = 0, i = 0, pending = false
                while i < u.count {
                    let n = whiteSpaceLength(u, i)
                    if n > 0 { pending = k > 0; i += n; continue }
                    if pending { out[k] = 0x20; k += 1; pending = false }
                    out[k] = u[i]; k += 1; i += 1
                }
                return k
            }
        } ?? s
    }

    /// The length in bytes of the white-space scalar (Unicode's White_Space, as `isWhitespace`) at byte `i`, or 0.
    @inline(__always)
    static func whiteSpaceLength(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = u[i]
        if b < 0x80 { return b == 0x20 || (b >= 0x09 && b <= 0x0D) ? 1 : 0 }
        guard i + 1 < u.count else { return 0 }
        let c = u[i + 1]
        switch b {
        case 0xC2: return c == 0x85 || c == 0xA0 ? 2 : 0
        case 0xE1: return c == 0x9A && i + 2 < u.count && u[i + 2] == 0x80 ? 3 : 0
        case 0xE2:
            guard i + 2 < u.count else { return 0 }
            let d = u[i + 2]
            if c == 0x80 { return d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF ? 3 : 0 }
            return c == 0x81 && d == 0x9F ? 3 : 0
        case 0xE3: return c == 0x80 && i + 2 < u.count && u[i + 2] == 0x80 ? 3 : 0
        default: return 0
        }
    }
}
