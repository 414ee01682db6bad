import Foundation

/// PDF through poppler's pdftotext, page by page: running headers, footers and page numbers removed,
/// hyphenated line breaks joined, paragraphs rebuilt; columns come out in reading order.
public struct PDFReader: DocumentReader {
    public init() {}
    public var format: String { "pdf" }

    public func read(_ data: Data, name: String) throws -> ReadResult {
        if data.isEmpty { throw IngestError.empty }
        guard data.starts(with: Array("%PDF".utf8)) || data.prefix(1024).range(of: Data("%PDF".utf8)) != nil else {
            throw IngestError.malformed("not a PDF (no %PDF header): the file is corrupt or misnamed")
        }
        guard let pdftotext = Tool.find("pdftotext") else {
            throw IngestError.unreadable("pdftotext is not installed (Debian package poppler-utils; run 'make deps')")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("kb-\(UUID().uuidString).pdf")
        try data.write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let result = try Tool.run(pdftotext, ["-enc", "UTF-8", "-eol", "unix", tmp.path, "-"])
        guard result.status == 0 else {
            let why = result.errors.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
            if why.lowercased().contains("password") || why.lowercased().contains("encrypt") {
                throw IngestError.unreadable("encrypted PDF: needs a password; decrypt it (e.g. qpdf --decrypt) and ingest again")
            }
            throw IngestError.malformed("corrupt PDF: pdftotext says \(why)")
        }
        var pages = result.output.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        if pages.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            throw IngestError.noText("no text layer: needs OCR (a scanned PDF?)")
        }
        let cleaned = PageCleaner.clean(pages)
        var blocks: [Block] = []
        for (i, page) in cleaned.enumerated() {
            for var block in TextLayout(markdown: false).blocks(from: page) {
                block.page = i + 1
                blocks.append(block)
            }
        }
        var metadata = DocumentMetadata()
        if let pdfinfo = Tool.find("pdfinfo"), let info = try? Tool.run(pdfinfo, ["-enc", "UTF-8", tmp.path]), info.status == 0 {
            for line in info.output.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[1].isEmpty else { continue }
                switch parts[0] {
                case "Title": metadata.title = parts[1]
                case "Author": metadata.author = parts[1]
                default: break
                }
            }
        }
        return ReadResult(blocks: blocks, metadata: metadata)
    }
}

/// Removes what repeats on every page and rejoins words split at line ends.
enum PageCleaner {
    static let pageNumber = try! NSRegularExpression(pattern: #"^\s*(?:(?:page|sida|s\.|seite)\s*)?[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:of|av|/|von)\s*\d{1,4}|\(\d{1,4}\))?\s*$"#, options: [.caseInsensitive])

    /// Compiled once (see `MarkdownReader.htmlTag`).
    static let digits = try! NSRegularExpression(pattern: #"\d+"#)

    static func clean(_ pages: [String]) -> [String] {
        let split = pages.map { $0.components(separatedBy: "\n") }
        // A line that opens or closes most pages (numbers aside) is a running header or footer.
        func key(_ s: String) -> String {
            let t = s.trimmingCharacters(in: .whitespaces)
            return digits.stringByReplacingMatches(in: t, range: NSRange(location: 0, length: (t as NSString).length), withTemplate: "#").lowercased()
        }
        var counts: [String: Int] = [:]
        for lines in split {
            let content = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            var edge = Set<String>()
            for l in content.prefix(2) + content.suffix(2) { edge.insert(key(l)) }
            for k in edge where !k.isEmpty { counts[k, default: 0] += 1 }
        }
        let threshold = max(2, (pages.count + 1) / 2)
        let running = pages.count >= 2 ? Set(counts.filter { $0.value >= threshold }.keys) : []
        return split.map { lines in
            var content = lines
            func isChrome(_ l: String) -> Bool {
                let t = l.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return false }
                if running.contains(key(t)) { return true }
                return pageNumber.firstMatch(in: t, range: NSRange(location: 0, length: (t as NSString).length)) != nil
            }
            // Only at the top and bottom of the page.
            var top = 0
            while top < content.count, content[top].trimmingCharacters(in: .whitespaces).isEmpty || (top < 4 && isChrome(content[top])) {
                if isChrome(content[top]) { content[top] = "" }
                top += 1
                if top >= 6 { break }
            }
            var bottom = content.count - 1
            var seen = 0
            while bottom >= 0, seen < 6 {
                if content[bottom].trimmingCharacters(in: .whitespaces).isEmpty { bottom -= 1; continue }
                if isChrome(content[bottom]) { content[bottom] = ""; bottom -= 1; seen += 1 } else { break }
            }
            return dehyphenate(content).joined(separator: "\n")
        }
    }

    /// "över-\nföring" → "överföring\n": a word split at a line end is joined on the first line.
    static func dehyphenate(_ lines: [String]) -> [String] {
        var out = lines
        var i = 0
        while i + 1 < out.count {
            let line = out[i]
            if line.hasSuffix("-"), line.count >= 2, let before = line.dropLast().last, before.isLetter {
                let next = out[i + 1].drop(while: { $0 == " " })
                if let first = next.first, first.isLowercase {
                    let word = next.prefix(while: { !$0.isWhitespace })
                    out[i] = String(line.dropLast()) + word
                    out[i + 1] = String(next.dropFirst(word.count).drop(while: { $0 == " " }))
                }
            }
            i += 1
        }
        return out
    }
}

/// Runs a Debian tool with a time limit and captures its output.
enum Tool {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct Result { var status: Int32; var output: String; var errors: String }

    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler { if p.isRunning { p.terminate() } }
        timer.resume()
        let errData = ErrorCollector(err.fileHandleForReading)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        timer.cancel()
        return Result(status: p.terminationStatus, output: String(decoding: o, as: UTF8.self), errors: errData.text)
    }

    /// Reads stderr on another thread so a chatty tool cannot block on a full pipe.
    final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let group = DispatchGroup()
        init(_ handle: FileHandle) {
            group.enter()
            DispatchQueue.global().async { self.data = handle.readDataToEndOfFile(); self.group.leave() }
        }
        var text: String { group.wait(); return String(decoding: data, as: UTF8.self) }
    }
}
