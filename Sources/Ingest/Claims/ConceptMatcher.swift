import Foundation

/// Recognises thesaurus concepts and cue phrases in a sentence, through inflections, compounds and
/// missing diacritics, so that claims are linked by meaning rather than by exact wording.
public final class ConceptMatcher: @unchecked Sendable {
    /// A phrase as stems ("kompletterande skyddsåtgärder" → ["komplet", "skyddsåtgärd"]), folded.
    typealias Phrase = [String]

    /// The number of every stem that occurs in a phrase: matching compares numbers, not strings.
    private var stemIDs: [String: Int32] = [:]
    /// A phrase as stem numbers, with the keys it stands for.
    struct Entry { var phrase: [Int32]; var keys: [Int] }
    /// Phrases by the number of their first stem.
    private var byFirst: [[Entry]] = []
    /// Single-word stems of at least `minPart` letters, for compounds ("tredjelandsöverföring" holds "överföring").
    private var partStems: [String: [Int]] = [:]
    /// The lengths of the part stems, so a long word is cut only where a part could end.
    private var partLengths: [Int] = []
    /// The part stems by their bytes (the index of their keys in `partKeyLists`): a word's openings and endings
    /// are looked up without a string made of each.
    private let partTable = ByteKeyTable()
    private var partKeyLists: [[Int]] = []
    static let minPart = 5
    private let lock = NSLock()
    private var stemmers: [String: Stemmer] = [:]
    /// Keys (concept ids and literal terms, lower-cased) by number, and their numbers by name.
    private(set) var keyNames: [String] = []
    private var keyNumbers: [String: Int] = [:]

    /// The number of a key, if any phrase stands for it.
    func key(_ name: String) -> Int? { keyNumbers[name] }
    func name(of key: Int) -> String { keyNames[key] }

    /// A word as the matcher needs it: the numbers of its stems (and folded form) that occur in phrases, and the
    /// keys of the known parts it opens or closes with.
    struct WordInfo { var stems: [Int32]; var partKeys: [Int] }

    /// Stems per worker: its own stemmers (Snowball's are not thread-safe) and what is known of each word seen.
    /// Kept from document to document (`stemsPool`): most words of a corpus recur, so most lookups are one hit.
    public final class Stems {
        private var sv = Stemmer(language: "sv"), en = Stemmer(language: "en")
        /// Words seen, by their bytes: the index of their `WordInfo`, or -1 for the many that match nothing.
        private let table = ByteKeyTable()
        private(set) var infos: [WordInfo] = []
        /// Enough for a large corpus's vocabulary; past it the cache starts again, but only between sentences
        /// (`startSentence`): a sentence's scan holds numbers into `infos` until it is matched.
        let capacity: Int
        public init(capacity: Int = 150_000) { self.capacity = max(1, capacity) }

        /// Called before a sentence is scanned: the one moment a full cache may start again safely.
        func startSentence() {
            if table.count >= capacity { table.removeAll(); infos.removeAll(keepingCapacity: true) }
        }
        var count: Int { table.count }

        /// The numbers of a sentence's words, in order. Their look-ups are memory-bound (a table of a corpus's
        /// vocabulary is megabytes), so all the words are hashed first and their slots, then their records,
        /// fetched together: the reads overlap instead of waiting one after another.
        func infos(ofWordsIn text: String, in matcher: ConceptMatcher) -> [Int32] {
            words.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            ConceptMatcher.scanWords(text) { w in
                let h = ByteKeyTable.hash(w)
                table.prefetchSlot(hash: h)
                spans.append((words.count, w.count, h))
                words.append(contentsOf: w)
            }
            for s in spans { table.prefetchRecord(hash: s.hash) }
            return words.withUnsafeBufferPointer { all in
                spans.map { s in info(UnsafeBufferPointer(rebasing: all[s.start..<(s.start + s.count)]), hash: s.hash, in: matcher) }
            }
        }
        /// The sentence's words back to back, and where each lies with its hash.
        private var words: [UInt8] = []
        private var spans: [(start: Int, count: Int, hash: UInt64)] = []

        func info(_ word: UnsafeBufferPointer<UInt8>, in matcher: ConceptMatcher) -> Int32 {
            info(word, hash: ByteKeyTable.hash(word), in: matcher)
        }

        func info(_ word: UnsafeBufferPointer<UInt8>, hash h: UInt64, in matcher: ConceptMatcher) -> Int32 {
            if let hit = table.value(for: word, hash: h) { return hit }
            let w = String(decoding: word, as: UTF8.self)
            let a = Folding.fold(sv?.stem(w) ?? w), b = Folding.fold(en?.stem(w) ?? w)
            let folded = Folding.fold(w)
            var firsts = a == b ? [a] : [a, b]
            if !firsts.contains(folded) { firsts.append(folded) }
            let info = WordInfo(stems: firsts.compactMap { matcher.stemIDs[$0] }, partKeys: matcher.partKeys(firsts, folded: folded))
            var n: Int32 = -1
            if !info.stems.isEmpty || !info.partKeys.isEmpty {
                n = Int32(infos.count)
                infos.append(info)
            }
            table.insert(word, hash: h, value: n)
            return n
        }
    }

    /// Word caches shared by the documents one worker reads in turn.
    public static let stemsPool = IdlePool<Stems>(limit: 16) { Stems() }

    public init(thesaurus: Thesaurus, extraTerms: [String]) {
        for concept in thesaurus.concepts {
            for term in concept.terms { add(term.text, key: concept.id) }
        }
        for term in extraTerms { add(term, key: term.lowercased()) }
        partLengths = Set(partStems.keys.map(\.utf8.count)).sorted()
        for (stem, keys) in partStems {
            var bytes = stem
            bytes.withUTF8 { partTable.insert($0, hash: ByteKeyTable.hash($0), value: Int32(partKeyLists.count)) }
            partKeyLists.append(keys)
        }
    }

    func stem(_ w: String, _ language: String) -> String {
        lock.lock(); defer { lock.unlock() }
        if stemmers[language] == nil { stemmers[language] = Stemmer(language: language) }
        return stemmers[language]?.stem(w) ?? w
    }

    /// Both Swedish and English stems of a word, folded.
    func stems(_ w: String) -> [String] {
        let a = Folding.fold(stem(w, "sv")), b = Folding.fold(stem(w, "en"))
        return a == b ? [a] : [a, b]
    }

    static func words(_ text: String) -> [String] {
        var out: [String] = []
        scanWords(text) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Each word of a text, lower-cased, as UTF-8 bytes (valid only during the call): letters and digits, a
    /// hyphen inside a word dropped ("e-post" → "epost").
    static func scanWords(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var current: [UInt8] = []
        current.reserveCapacity(64)
        func flush() {
            current.withUnsafeBufferPointer(body)
            current.removeAll(keepingCapacity: true)
        }
        var source = text
        source.withUTF8 { u in
            var i = 0
            while i < u.count {
                let b = u[i]
                if b < 0x80 {
                    i += 1
                    if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) { current.append(b); continue }
                    if b >= 0x41 && b <= 0x5A { current.append(b + 32); continue }
                    if b == 0x2D && !current.isEmpty { continue }
                    if !current.isEmpty { flush() }
                    continue
                }
                let (v, length) = WordScalars.decode(u, i)
                i += length
                if WordScalars.isWord(v) {
                    appendLowercased(Unicode.Scalar(v) ?? "\u{FFFD}", to: &current)
                } else if !current.isEmpty {
                    flush()
                }
            }
        }
        if !current.isEmpty { flush() }
    }

    private func add(_ term: String, key name: String) {
        let ws = Self.words(term)
        guard !ws.isEmpty else { return }
        let key: Int
        if let known = keyNumbers[name] { key = known } else {
            key = keyNames.count
            keyNames.append(name)
            keyNumbers[name] = key
        }
        for variant in Self.variants(ws.map(stems)) {
            let phrase = variant.map(number)
            byFirst[Int(phrase[0])].append(Entry(phrase: phrase, keys: [key]))
            if variant.count == 1, variant[0].count >= Self.minPart { partStems[variant[0], default: []].append(key) }
        }
    }

    private func number(_ stem: String) -> Int32 {
        if let n = stemIDs[stem] { return n }
        let n = Int32(byFirst.count)
        stemIDs[stem] = n
        byFirst.append([])
        return n
    }

    /// The keys of known stems a long word opens or closes with, tried on each of its stems and its folded form.
    func partKeys(_ firsts: [String], folded: String) -> [Int] {
        guard folded.count >= Self.minPart + 3 else { return [] }
        var found: [Int] = []
        var tried: [String] = []
        for w in firsts where !tried.contains(w) && w.count >= Self.minPart + 3 {
            tried.append(w)
            // Compared as UTF-8 bytes: a part matches exactly when its bytes open or close the word's; a cut
            // inside a multi-byte letter leaves bytes that no valid part opens or closes with.
            var word = w
            word.withUTF8 { bytes in
                for len in partLengths where len < bytes.count {
                    let head = UnsafeBufferPointer(rebasing: bytes[0..<len])
                    if let k = partTable.value(for: head, hash: ByteKeyTable.hash(head)) { found += partKeyLists[Int(k)] }
                    let tail = UnsafeBufferPointer(rebasing: bytes[(bytes.count - len)...])
                    if let k = partTable.value(for: tail, hash: ByteKeyTable.hash(tail)) { found += partKeyLists[Int(k)] }
                }
            }
        }
        return found
    }

    /// Every combination of the words' stem alternatives (capped, terms are short).
    static func variants(_ alternatives: [[String]]) -> [Phrase] {
        var out: [Phrase] = [[]]
        for alts in alternatives {
            out = out.flatMap { prefix in alts.map { prefix + [$0] } }
            if out.count > 16 { break }
        }
        return out
    }

    /// A sentence's matches: each key with the word range it was found at.
    public struct Match: Sendable { public var key: Int; public var words: Range<Int> }

    public func matches(_ text: String, stems given: Stems? = nil) -> [Match] {
        let cache = given ?? Self.stemsPool.take()
        defer { if given == nil { Self.stemsPool.giveBack(cache) } }
        cache.startSentence()
        let ids = cache.infos(ofWordsIn: text, in: self)
        var out: [Match] = []
        let infos = cache.infos
        for i in ids.indices where ids[i] >= 0 {
            let info = infos[Int(ids[i])]
            for first in info.stems {
                for entry in byFirst[Int(first)] where i + entry.phrase.count <= ids.count {
                    var ok = true
                    for k in 1..<max(entry.phrase.count, 1) where ids[i + k] < 0 || !infos[Int(ids[i + k])].stems.contains(entry.phrase[k]) {
                        ok = false; break
                    }
                    if ok { for key in entry.keys { out.append(Match(key: key, words: i..<(i + entry.phrase.count))) } }
                }
            }
            // Compound parts: a known stem at the start or end of a long word.
            for key in info.partKeys { out.append(Match(key: key, words: i..<(i + 1))) }
        }
        return out
    }

    /// The keys a text speaks of.
    func keys(_ text: String, stems: Stems? = nil) -> KeySet {
        var out = KeySet()
        for m in matches(text, stems: stems) { out.insert(m.key) }
        return out
    }
}
