import Foundation
import Ingest

/// Splits Swedish compounds into dictionary words, with the linking -s-, using Debian's hunspell-sv word list.
/// "tredjelandsöverföring" → tredjeland | överföring; "personuppgiftsbiträdesavtal" → personuppgift | biträde | avtal.
final class Decompounder: Sendable {
    /// The words, sorted bytewise, each followed by a newline: the cache file as it is on disk.
    private let bytes: [UInt8]
    /// Where each word starts in `bytes`, plus one final entry past the end.
    private let starts: [Int32]
    static let minPart = 3
    static let minWord = 7
    /// The dictionary is read on first use only (ingest), never by a search.
    static let shared: Decompounder? = Decompounder.load()

    convenience init(words: Set<String>) {
        let sorted = words.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        var bytes: [UInt8] = []
        for w in sorted { bytes += w; bytes.append(10) }
        self.init(sortedList: bytes)
    }

    /// A list already sorted bytewise and newline-terminated: only the line starts are found, nothing is parsed.
    init(sortedList bytes: [UInt8]) {
        var starts: [Int32] = [0]
        starts.reserveCapacity(bytes.count / 8)
        // memchr finds the line ends: this runs whenever a process first splits a compound.
        bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var at = 0
            while at < all.count, let hit = memchr(base + at, 10, all.count - at) {
                let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                starts.append(Int32(i + 1))
                at = i + 1
            }
        }
        if let last = bytes.last, last != 10 { starts.append(Int32(bytes.count + 1)) }
        self.bytes = bytes
        self.starts = starts
    }

    static let dictionaryPaths = ["/usr/share/hunspell/sv_SE.dic", "/usr/share/hunspell/sv_FI.dic", "/usr/share/myspell/sv_SE.dic"]

    /// The word list, parsed once from the hunspell dictionary and kept sorted in the user's cache: reading it
    /// back is one read and a scan for line ends, instead of parsing the affix-flagged dictionary every time.
    static func cacheURL(for path: String) -> URL? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attrs[.size] as? NSNumber)?.intValue, let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 else { return nil }
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.cache")
        return URL(fileURLWithPath: base).appendingPathComponent("kb/sv-words-\(size)-\(Int(mtime))-sorted.txt")
    }

    static func load() -> Decompounder? {
        for path in dictionaryPaths {
            let cache = cacheURL(for: path)
            if let cache, let data = FileManager.default.contents(atPath: cache.path), !data.isEmpty {
                return Decompounder(sortedList: [UInt8](data))
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
            let decompounder = Decompounder(words: words)
            if let cache {
                try? FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? Data(decompounder.bytes).write(to: cache, options: .atomic)
            }
            return decompounder
        }
        return nil
    }

    /// Binary search over the sorted list, comparing UTF-8 bytes.
    func contains(_ w: Substring) -> Bool {
        var word = w
        return word.withUTF8 { key in
            bytes.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress, let keyBase = key.baseAddress else { return false }
                var low = 0, high = starts.count - 2
                while low <= high {
                    let mid = (low + high) / 2
                    let start = Int(starts[mid]), length = Int(starts[mid + 1]) - 1 - start
                    let c = memcmp(base + start, keyBase, min(length, key.count))
                    let order = c != 0 ? Int(c) : length - key.count
                    if order == 0 { return true }
                    if order < 0 { low = mid + 1 } else { high = mid - 1 }
                }
                return false
            }
        }
    }

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
