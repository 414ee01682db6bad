import Foundation

/// The index terms of words already seen, keyed and stored as UTF-8 bytes: most words of a corpus recur,
/// and a hit then costs one hash of the word's bytes, with no string made and none hashed by Unicode rules.
final class TermCache {
    /// Past this many words the cache starts again, which bounds its memory (a few MB).
    static let capacity = 200_000

    private struct Entry { var hash: UInt64; var key: Int32; var keyCount: Int32; var value: Int32; var valueCount: Int32 }
    private var slots: [Int32]
    private var entries: [Entry] = []
    /// Keys and values, back to back; a value is its terms, each a length byte and the term's bytes.
    private var arena: [UInt8] = []
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 1 << 12)
        mask = (1 << 12) - 1
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// The cached terms of `word`, handed to `body` as (bytes of one term, index) pairs; false if not cached.
    func withTerms(of word: UnsafeBufferPointer<UInt8>, hash h: UInt64, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool? {
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[i])
            if e < 0 { return nil }
            let entry = entries[e]
            if entry.hash == h, Int(entry.keyCount) == word.count {
                let same = arena.withUnsafeBufferPointer { a in
                    word.count == 0 || memcmp(a.baseAddress! + Int(entry.key), word.baseAddress!, word.count) == 0
                }
                if same {
                    return arena.withUnsafeBufferPointer { a in
                        var p = Int(entry.value), index = 0
                        let end = p + Int(entry.valueCount)
                        while p < end {
                            let n = Int(a[p])
                            guard body(UnsafeBufferPointer(rebasing: a[(p + 1)..<(p + 1 + n)]), index) else { return false }
                            p += 1 + n
                            index += 1
                        }
                        return true
                    }
                }
            }
            i = (i + 1) & mask
        }
    }

    /// Remembers a word's terms; terms longer than 255 bytes are not kept (the word is then analysed each time).
    func store(_ word: UnsafeBufferPointer<UInt8>, hash h: UInt64, terms: [String]) {
        guard terms.allSatisfy({ $0.utf8.count <= 255 }) else { return }
        if entries.count >= Self.capacity {
            entries.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
            for k in slots.indices { slots[k] = -1 }
        }
        if (entries.count + 1) * 2 > slots.count { grow() }
        let key = Int32(arena.count)
        arena.append(contentsOf: word)
        let value = Int32(arena.count)
        for t in terms {
            arena.append(UInt8(t.utf8.count))
            arena.append(contentsOf: t.utf8)
        }
        entries.append(Entry(hash: h, key: key, keyCount: Int32(word.count), value: value, valueCount: Int32(arena.count) - value))
        insertSlot(Int32(entries.count - 1), hash: h)
    }

    private func insertSlot(_ e: Int32, hash h: UInt64) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = e
    }

    private func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (k, e) in entries.enumerated() { insertSlot(Int32(k), hash: e.hash) }
    }
}
