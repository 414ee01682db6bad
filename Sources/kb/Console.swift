import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Terminal output: colour only when writing to a terminal, errors as one line on stderr.
enum Console {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    static func error(_ message: String) {
        let line = message.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("kb: \(line)\n".utf8))
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("kb: \(message.replacingOccurrences(of: "\n", with: " "))\n".utf8))
    }

    static func out(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

    enum Style: String { case bold = "1", dim = "2", highlight = "1;33", heading = "1;36", anchor = "32", red = "31" }

    static func style(_ s: String, _ st: Style) -> String {
        stdoutIsTerminal ? "\u{1B}[\(st.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// Wraps the given character ranges: colour on a terminal, `**` markers elsewhere.
    static func highlight(_ text: String, _ ranges: [Range<Int>]) -> String {
        guard !ranges.isEmpty else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where r.lowerBound >= i && r.upperBound <= chars.count {
            out += String(chars[i..<r.lowerBound])
            let word = String(chars[r])
            out += stdoutIsTerminal ? "\u{1B}[1;33m\(word)\u{1B}[0m" : "**\(word)**"
            i = r.upperBound
        }
        out += String(chars[i...])
        return out
    }

    /// Prints a JSON object; stable key order so output diffs well.
    static func json(_ value: JSONValue) throws {
        FileHandle.standardOutput.write(Data((JSONWriter.write(value, pretty: stdoutIsTerminal) + "\n").utf8))
    }

    static func json(_ object: Any) throws {
        FileHandle.standardOutput.write(Data((JSONWriter.write(object, pretty: stdoutIsTerminal) + "\n").utf8))
    }
}

extension String {
    /// Padded with spaces, or cut, to `n` UTF-16 units, as Foundation's `padding(toLength:withPad:startingAt:)`
    /// counts them, without its trip through NSString: that was a quarter of `kb docs` at 100,000 documents.
    func padded(to n: Int) -> String {
        let length = utf16.count
        if length == n { return self }
        if length < n { return self + String(repeating: " ", count: n - length) }
        let end = utf16.index(utf16.startIndex, offsetBy: max(0, n))
        return String(utf16[..<end]) ?? String(decoding: Array(utf16[..<end]), as: UTF16.self)
    }
}
