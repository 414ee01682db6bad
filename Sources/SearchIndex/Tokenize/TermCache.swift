import Ingest

/// The index terms of words already seen, keyed and stored as UTF-8 bytes: most words of a corpus recur,
/// and a hit then costs one hash of the word's bytes, with no string made and none hashed by Unicode rules.
final class TermCache {
    /// Past this many words the cache starts again, which bounds its memory (a few MB).
    static let capacity = 200_000

    private let words = ByteKeyTable()
    /// Where each word's terms lie in `arena`.
    private var values: [(start: Int32, count: Int32)] = []
    /// Terms, word after word; each term is a length byte and the term's bytes.
    private var arena: [UInt8] = []

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteKeyTable.hash(bytes) }

    /// Starts reading where a word of hash `h` is looked up (see `ByteKeyTable.prefetchSlot`).
    func prefetchSlot(hash h: UInt64) { words.prefetchSlot(hash: h) }
    func prefetchRecord(hash h: UInt64) { words.prefetchRecord(hash: h) }

    /// Hands the cached terms of `word` to `body` as (bytes of one term, index) until it returns false;
    /// nil if the word is not cached, else whether every term was handed over.
    func withTerms(of word: UnsafeBufferPointer<UInt8>, hash h: UInt64, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool? {
        guard let v = words.value(for: word, hash: h) else { return nil }
        let (start, count) = values[Int(v)]
        return arena.withUnsafeBufferPointer { a in
            var p = Int(start), index = 0
            let end = p + Int(count)
            while p < end {
                let n = Int(a[p])
                guard body(UnsafeBufferPointer(rebasing: a[(p + 1)..<(p + 1 + n)]), index) else { return false }
                p += 1 + n
                index += 1
            }
            return true
        }
    }

    /// Remembers a word's terms; terms longer than 255 bytes are not kept (the word is then analysed each time).
    func store(_ word: UnsafeBufferPointer<UInt8>, hash h: UInt64, terms: [String]) {
        guard terms.allSatisfy({ $0.utf8.count <= 255 }) else { return }
        if words.count >= Self.capacity {
            words.removeAll()
            values.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
        }
        let start = Int32(arena.count)
        for t in terms {
            arena.append(UInt8(t.utf8.count))
            arena.append(contentsOf: t.utf8)
        }
        words.insert(word, hash: h, value: Int32(values.count))
        values.append((start, Int32(arena.count) - start))
    }
}
