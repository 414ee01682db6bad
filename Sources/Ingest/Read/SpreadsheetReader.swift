import Foundation

/// Spreadsheets (XLSX) and delimited text (CSV, TSV): one record per row, the header row's cells naming
/// the fields. A row's anchor is its sheet and spreadsheet row number ("Sheet1/r5").
public struct XLSXReader: DocumentReader {
    public init() {}
    public var format: String { "xlsx" }

    public func read(_ data: Data, name: String) throws -> ReadResult {
        if data.isEmpty { throw IngestError.empty }
        var archive = try OfficeArchive(data, name: name)
        guard let workbook = try archive.xml("xl/workbook.xml") else { throw IngestError.malformed("no xl/workbook.xml: not an Excel workbook") }
        var targets: [String: String] = [:]
        if let rels = try archive.xml("xl/_rels/workbook.xml.rels") {
            for r in rels.all("Relationship") { if let id = r.attr("Id"), let t = r.attr("Target") { targets[id] = t } }
        }
        var shared: [String] = []
        if let sst = try archive.xml("xl/sharedStrings.xml") {
            shared = sst.all("si").map { si in si.descendants("t").map(\.text).joined() }
        }
        var blocks: [Block] = []
        var line = 0
        for sheet in workbook.descendants("sheet") {
            let sheetName = sheet.attr("name") ?? "Sheet"
            guard let rid = sheet.attr("id"), var target = targets[rid] else { continue }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard OfficeArchive.isSafe(target), let xml = try archive.xml(target) else { continue }
            var rows: [(Int, [String])] = []
            for row in xml.descendants("row") {
                let number = Int(row.attr("r") ?? "") ?? (rows.last?.0 ?? 0) + 1
                var cells: [String] = []
                for c in row.all("c") {
                    let column = Self.columnIndex(c.attr("r")) ?? cells.count
                    while cells.count < column { cells.append("") }
                    let type = c.attr("t") ?? "n"
                    var value = c.child("v")?.text ?? ""
                    if type == "s", let i = Int(value), i >= 0, i < shared.count { value = shared[i] }
                    else if type == "inlineStr" { value = c.descendants("t").map(\.text).joined() }
                    cells.append(TextLayout.collapse(value))
                }
                if cells.contains(where: { !$0.isEmpty }) { rows.append((number, cells)) }
            }
            blocks += Self.records(rows, sheet: sheetName, line: &line)
        }
        if blocks.isEmpty { throw IngestError.noText("the workbook has no cells with text") }
        return ReadResult(blocks: blocks)
    }

    /// "C12" → 2.
    static func columnIndex(_ ref: String?) -> Int? {
        guard let ref else { return nil }
        var n = 0
        var any = false
        for ch in ref.uppercased() {
            guard let a = ch.asciiValue, a >= 65, a <= 90 else { break }
            n = n * 26 + Int(a - 64)
            any = true
        }
        return any ? n - 1 : nil
    }

    /// A heading for the sheet, then one table-row block per row; the first row names the fields.
    static func records(_ rows: [(Int, [String])], sheet: String, line: inout Int) -> [Block] {
        guard let header = rows.first else { return [] }
        var blocks: [Block] = []
        line += 1
        blocks.append(Block(kind: .heading, text: sheet, level: 2, lineStart: line, lineEnd: line))
        let sheetKey = Segmenter.slug(sheet)
        for (number, cells) in rows {
            line += 1
            var fields: [Field] = []
            if number != header.0 {
                for (i, c) in cells.enumerated() where !c.isEmpty {
                    let n = i < header.1.count && !header.1[i].isEmpty ? header.1[i] : "Column \(i + 1)"
                    fields.append(Field(name: n, value: c))
                }
            }
            blocks.append(Block(kind: .tableRow, text: cells.filter { !$0.isEmpty }.joined(separator: " "), lineStart: number,
                                lineEnd: number, fields: fields, anchorHint: "\(sheetKey)/r\(number)"))
        }
        return blocks
    }
}

/// CSV (comma or semicolon) and TSV, with quoted fields that may hold separators and line breaks.
public struct DelimitedReader: DocumentReader {
    let separator: Character?
    public init(separator: Character? = nil) { self.separator = separator }
    public var format: String { separator == "\t" ? "tsv" : "csv" }

    public func read(_ data: Data, name: String) throws -> ReadResult {
        let decoded = try TextDecoding.decode(data)
        let text = decoded.text
        let sep = separator ?? Self.guessSeparator(text)
        var rows: [(Int, [String])] = []
        var field = ""
        var row: [String] = []
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            row.append(field); field = ""
            if row.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                rows.append((rowStart, row.map { TextLayout.collapse($0) }))
            }
            row = []
        }
        while let ch = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    field.append(ch)
                }
            } else if ch == "\"" && field.isEmpty {
                inQuotes = true
            } else if ch == sep {
                row.append(field); field = ""
            } else if ch == "\n" || ch == "\r\n" || ch == "\r" {
                endRow()
                line += 1
                rowStart = line
            } else {
                field.append(ch)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        var counter = 0
        let stem = (name as NSString).deletingPathExtension
        var blocks = XLSXReader.records(rows, sheet: stem, line: &counter)
        // One sheet: anchors are plain row numbers ("r5"); line numbers are the file's lines.
        for i in blocks.indices where blocks[i].kind == .tableRow {
            blocks[i].anchorHint = "r\(blocks[i].lineStart)"
        }
        if blocks.count <= 1 { throw IngestError.noText("the file has no rows") }
        return ReadResult(blocks: blocks, notes: decoded.note.map { [$0] } ?? [])
    }

    static func guessSeparator(_ text: String) -> Character {
        let head = text.prefix(4096)
        let counts: [(Character, Int)] = [",", ";", "\t"].map { c in (c, head.filter { $0 == c }.count) }
        return counts.max { $0.1 < $1.1 }?.0 ?? ","
    }
}
