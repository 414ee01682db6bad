import Foundation
import Ingest

/// Splits Swedish compounds into dictionary words, with the linking -s-, using Debian's hunspell-sv word list.
/// "tredjelandsöverföring" → tredjeland | överföring; "personuppgiftsbiträdesavtal" → personuppgift | biträde | avtal.
final class Decompounder: Sendable {
    /// The words, sorted bytewise, each followed by a newline: the cache file as it is on disk.
    private let bytes: [UInt8]
    /// Where each word starts in `bytes`, plus one final entry past the end.
    private let starts: [Int32]
    /// Open addressing over the words: each slot holds the top half of a word's hash and its number plus one
    /// (0 when empty), so a look-up is one slot read and, when the halves agree, one comparison.
    private let slots: [UInt64]
    private let mask: Int
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
        var size = 1024
        while size < 2 * starts.count { size *= 2 }
        var slots = [UInt64](repeating: 0, count: size)
        bytes.withUnsafeBufferPointer { all in
            for w in 0..<(starts.count - 1) {
                let word = UnsafeBufferPointer(rebasing: all[Int(starts[w])..<(Int(starts[w + 1]) - 1)])
                let h = ByteKeyTable.hash(word)
                var i = Int(truncatingIfNeeded: h) & (size - 1)
                while slots[i] != 0 { i = (i + 1) & (size - 1) }
                slots[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(w + 1)
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        mask = size - 1
    }

    /// The list and its table as kept in the cache: a header (the magic bytes, then the numbers of line starts,
    /// slots and bytes), the line starts, the slots, the words. Read back with one copy per part, so a process
    /// that splits one document's compounds does not hash the 150,000 words again.
    var table: Data {
        var out = Data(Self.magic.utf8)
        func append<T>(_ values: [T]) { values.withUnsafeBytes { out.append(contentsOf: $0) } }
        append([UInt64(starts.count), UInt64(slots.count), UInt64(bytes.count)].map(\.littleEndian))
        append(starts)
        append(slots)
        append(bytes)
        return out
    }
    static let magic = "KBWORDS1"

    /// Reads `table` back; nil when the data is not such a table (then the list is built again).
    init?(table data: Data) {
        let header = Self.magic.utf8.count + 24
        guard data.count >= header, data.prefix(Self.magic.utf8.count) == Data(Self.magic.utf8) else { return nil }
        let parsed: ([Int32], [UInt64], [UInt8])? = data.withUnsafeBytes { raw in
            let m = Self.magic.utf8.count
            let counts = (0..<3).map { Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: m + 8 * $0, as: UInt64.self))) }
            let (nStarts, nSlots, nBytes) = (counts[0], counts[1], counts[2])
            guard nStarts >= 1, nSlots >= 1024, nSlots & (nSlots - 1) == 0, nStarts < nSlots,
                  raw.count == header + 4 * nStarts + 8 * nSlots + nBytes else { return nil }
            var at = header
            func read<T>(_ n: Int, _ type: T.Type) -> [T] {
                let size = MemoryLayout<T>.stride * n
                defer { at += size }
                return [T](unsafeUninitializedCapacity: n) { buffer, count in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + size)]))
                    count = n
                }
            }
            let starts = read(nStarts, Int32.self), slots = read(nSlots, UInt64.self), bytes = read(nBytes, UInt8.self)
            // Every slot must name a word and every word lie inside the bytes: a damaged file is rebuilt, never trusted.
            guard starts.first == 0, zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 }), Int(starts[nStarts - 1]) <= nBytes + 1,
                  slots.allSatisfy({ $0 & 0xFFFF_FFFF <= UInt64(nStarts - 1) }) else { return nil }
            return (starts, slots, bytes)
        }
        guard let (starts, slots, bytes) = parsed else { return nil }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        mask = slots.count - 1
    }

    static let dictionaryPaths = ["/usr/share/hunspell/sv_SE.dic", "/usr/share/hunspell/sv_FI.dic", "/usr/share/myspell/sv_SE.dic"]

    /// The word list, parsed once from the hunspell dictionary and kept with its hash table in the user's cache:
    /// reading it back is one read, instead of parsing the affix-flagged dictionary and hashing every word.
    static func cacheURL(for path: String) -> URL? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attrs[.size] as? NSNumber)?.intValue, let mtime = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 else { return nil }
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.cache")
        return URL(fileURLWithPath: base).appendingPathComponent("kb/sv-words-\(size)-\(Int(mtime))-table.bin")
    }

    static func load() -> Decompounder? {
        for path in dictionaryPaths {
            let cache = cacheURL(for: path)
            if let cache, let data = FileManager.default.contents(atPath: cache.path), let table = Decompounder(table: data) {
                return table
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
                try? decompounder.table.write(to: cache, options: .atomic)
            }
            return decompounder
        }
        return nil
    }

    /// Whether the list holds exactly these bytes.
    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let h = ByteKeyTable.hash(key)
        let tag = h & 0xFFFF_FFFF_0000_0000
        return bytes.withUnsafeBufferPointer { all in
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let slot = slots[i]
                if slot == 0 { return false }
                if slot & 0xFFFF_FFFF_0000_0000 == tag {
                    let w = Int(slot & 0xFFFF_FFFF) - 1
                    let start = Int(starts[w]), length = Int(starts[w + 1]) - 1 - start
                    if length == key.count && (length == 0 || memcmp(all.baseAddress! + start, key.baseAddress!, length) == 0) { return true }
                }
                i = (i + 1) & mask
            }
        }
    }

    func contains(_ w: Substring) -> Bool {
        var word = w
        return word.withUTF8 { contains($0) }
    }

    /// Parts of a lower-cased word as ranges of its UTF-8 bytes (linking s excluded), or nil when it is not a
    /// compound. Lengths count Unicode scalars.
    func split(_ word: String) -> [Range<Int>]? {
        var word = word
        return word.withUTF8 { bytes -> [Range<Int>]? in
            // Where each scalar starts, and the end.
            var at: [Int] = []
            at.reserveCapacity(bytes.count + 1)
            for (i, b) in bytes.enumerated() where b & 0xC0 != 0x80 { at.append(i) }
            at.append(bytes.count)
            let count = at.count - 1
            guard count >= Self.minWord, count <= 60 else { return nil }
            return Splitter(bytes: bytes, at: at, list: self).split(from: 0, depth: 0)
        }
    }

    /// One word being split: its bytes and where its scalars start.
    private struct Splitter {
        let bytes: UnsafeBufferPointer<UInt8>
        let at: [Int]
        let list: Decompounder
        var end: Int { at.count - 1 }

        func word(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[at[from]..<at[to]]) }

        func split(from start: Int, depth: Int) -> [Range<Int>]? {
            guard depth < 5 else { return nil }
            let count = end - start
            guard count >= 2 * Decompounder.minPart else { return nil }
            // Longest head first: prefer "molntjänst|leverantör" over "moln|tjänst|leverantör".
            var headLength = count - Decompounder.minPart
            while headLength >= Decompounder.minPart {
                let headEnd = start + headLength
                var headRange: Range<Int>? = nil
                if list.contains(word(start, headEnd)) { headRange = at[start]..<at[headEnd] }
                else if bytes[at[headEnd] - 1] == UInt8(ascii: "s"), headLength > Decompounder.minPart, list.contains(word(start, headEnd - 1)) {
                    headRange = at[start]..<at[headEnd - 1]
                }
                if let headRange {
                    if tailIsWord(from: headEnd) { return [headRange, at[headEnd]..<at[end]] }
                    if let more = split(from: headEnd, depth: depth + 1) { return [headRange] + more }
                }
                headLength -= 1
            }
            return nil
        }

        /// A tail may be inflected: "överföringar", "avtalen", "leverantörens".
        func tailIsWord(from start: Int) -> Bool {
            let count = end - start
            if count < Decompounder.minPart { return false }
            let tail = word(start, end)
            if list.contains(tail) { return true }
            for ending in Decompounder.endings where count - ending.count >= Decompounder.minPart && tail.count > ending.count {
                let cut = tail.count - ending.count
                guard zip(tail[cut...], ending).allSatisfy({ $0 == $1 }) else { continue }
                if list.contains(UnsafeBufferPointer(rebasing: tail[..<cut])) { return true }
            }
            return false
        }
    }

    static let endings: [[UInt8]] = ["arnas", "ernas", "ornas", "ens", "ets", "arna", "erna", "orna", "ar", "er", "or", "en", "et", "na", "ns", "s", "n", "a", "e"].map { Array($0.utf8) }

}
