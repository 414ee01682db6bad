import Foundation
import Ingest

/// Splits Swedish compounds into dictionary words, with the linking -s-, using Debian's hunspell-sv word list.
/// "tredjelandsöverföring" → tredjeland | överföring; "personuppgiftsbiträdesavtal" → personuppgift | biträde | avtal.
final class Decompounder: Sendable {
    private let words: Set<String>
    static let minPart = 3
    static let minWord = 7

    /// The dictionary is read on first use only (ingest), never by a search.
    static let shared: Decompounder? = Decompounder.load()

    init(words: Set<String>) { self.words = words }

    static let dictionaryPaths = ["/usr/share/hunspell/sv_SE.dic", "/usr/share/hunspell/sv_FI.dic", "/usr/share/myspell/sv_SE.dic"]

    /// The word list, parsed once from the hunspell dictionary and kept as a plain list in the user's cache:
    /// reading it back is several times faster than parsing the affix-flagged dictionary on every ingest.
    static func cacheURL(for path: String) -> URL? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attrs[.size] as? NSNumber)?.intValue, let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 else { return nil }
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.cache")
        return URL(fileURLWithPath: base).appendingPathComponent("kb/sv-words-\(size)-\(Int(mtime)).txt")
    }

    static func load() -> Decompounder? {
        for path in dictionaryPaths {
            let cache = cacheURL(for: path)
            if let cache, let data = FileManager.default.contents(atPath: cache.path) {
                var words = Set<String>()
                words.reserveCapacity(160_000)
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") { words.insert(String(line)) }
                return Decompounder(words: words)
            }
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            var words = Set<String>()
            words.reserveCapacity(160_000)
            let text = String(decoding: data, as: UTF8.self)
            var first = true
            for line in text.split(separator: "\n") {
                if first { first = false; continue }   // the entry count
                let word = line.split(separator: "/", maxSplits: 1).first.map(String.init) ?? String(line)
                guard let c = word.first, c.isLowercase, word.count >= minPart, !word.contains("-") else { continue }
                words.insert(word)
            }
            if let cache {
                try? FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? Data(words.sorted().joined(separator: "\n").utf8).write(to: cache, options: .atomic)
            }
            return Decompounder(words: words)
        }
        return nil
    }

    func contains(_ w: Substring) -> Bool { words.contains(String(w)) }

    /// Parts of a lower-cased word as ranges of it (linking s excluded), or nil when it is not a compound.
    func split(_ word: String) -> [Range<String.Index>]? {
        guard word.count >= Self.minWord, word.count <= 60 else { return nil }
        return split(word, from: word.startIndex, depth: 0)
    }

    private func split(_ word: String, from start: String.Index, depth: Int) -> [Range<String.Index>]? {
        guard depth < 5 else { return nil }
        let rest = word[start...]
        let count = rest.count
        guard count >= 2 * Self.minPart else { return nil }
        // Longest head first: prefer "molntjänst|leverantör" over "moln|tjänst|leverantör".
        var headLength = count - Self.minPart
        while headLength >= Self.minPart {
            let headEnd = word.index(start, offsetBy: headLength)
            let head = word[start..<headEnd]
            var headRange: Range<String.Index>? = nil
            if contains(head) { headRange = start..<headEnd }
            else if head.last == "s", head.count > Self.minPart, contains(head.dropLast()) {
                headRange = start..<word.index(before: headEnd)
            }
            if let headRange {
                let tail = word[headEnd...]
                if tailIsWord(tail) { return [headRange, headEnd..<word.endIndex] }
                if let more = split(word, from: headEnd, depth: depth + 1) { return [headRange] + more }
            }
            headLength -= 1
        }
        return nil
    }

    /// A tail may be inflected: "överföringar", "avtalen", "leverantörens".
    private func tailIsWord(_ tail: Substring) -> Bool {
        if tail.count < Self.minPart { return false }
        if contains(tail) { return true }
        for ending in ["arnas", "ernas", "ornas", "ens", "ets", "arna", "erna", "orna", "ar", "er", "or", "en", "et", "na", "ns", "s", "n", "a", "e"] {
            if tail.hasSuffix(ending), tail.count - ending.count >= Self.minPart, contains(tail.dropLast(ending.count)) { return true }
        }
        return false
    }
}
