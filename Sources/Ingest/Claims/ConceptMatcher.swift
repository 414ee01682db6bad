import Foundation

/// Recognises thesaurus concepts and cue phrases in a sentence, through inflections, compounds and
/// missing diacritics, so that claims are linked by meaning rather than by exact wording.
public final class ConceptMatcher: @unchecked Sendable {
    /// A phrase as stems ("kompletterande skyddsåtgärder" → ["komplet", "skyddsåtgärd"]), folded.
    typealias Phrase = [String]

    /// Phrases by their first stem, each with the keys (concept ids or literal terms) it stands for.
    private var byFirst: [String: [(Phrase, [String])]] = [:]
    /// Single-word stems of at least `minPart` letters, for compounds ("tredjelandsöverföring" holds "överföring").
    private var partStems: [String: [String]] = [:]
    /// The lengths of the part stems, so a long word is cut only where a part could end.
    private var partLengths: [Int] = []
    static let minPart = 5
    private let lock = NSLock()
    private var stemmers: [String: Stemmer] = [:]

    /// Stems per worker: its own stemmers (Snowball's are not thread-safe) and what is known of each word seen.
    /// Kept from document to document (`StemsPool`): most words of a corpus recur, so most lookups are one hit.
    public final class Stems {
        private var sv = Stemmer(language: "sv"), en = Stemmer(language: "en")
        /// A word's folded stems, its folded form, and the stems and folded form together without repeats.
        struct Word { var stems: [String]; var folded: String; var firsts: [String] }
        private var words: [String: Word] = [:]
        /// Compound-part keys per word.
        var parts: [String: [String]] = [:]
        public init() {}

        func word(_ w: String) -> Word {
            if let hit = words[w] { return hit }
            if words.count > 60_000 { words.removeAll(keepingCapacity: true); parts.removeAll(keepingCapacity: true) }
            let a = Folding.fold(sv?.stem(w) ?? w), b = Folding.fold(en?.stem(w) ?? w)
            let stems = a == b ? [a] : [a, b]
            let folded = Folding.fold(w)
            var firsts = stems
            if !firsts.contains(folded) { firsts.append(folded) }
            let r = Word(stems: stems, folded: folded, firsts: firsts)
            words[w] = r
            return r
        }

        func of(_ w: String) -> [String] { word(w).stems }
    }

    /// Word caches shared by the documents one worker reads in turn.
    public static let stemsPool = StemsPool()

    /// Idle `Stems`, one per worker at most: a document takes one and gives it back when done.
    public final class StemsPool: @unchecked Sendable {
        private var idle: [Stems] = []
        private let lock = NSLock()
        public init() {}
        public func take() -> Stems {
            lock.lock(); defer { lock.unlock() }
            return idle.popLast() ?? Stems()
        }
        public func giveBack(_ s: Stems) {
            lock.lock(); defer { lock.unlock() }
            if idle.count < 16 { idle.append(s) }
        }
    }

    public init(thesaurus: Thesaurus, extraTerms: [String]) {
        for concept in thesaurus.concepts {
            for term in concept.terms { add(term.text, key: concept.id) }
        }
        for term in extraTerms { add(term, key: term.lowercased()) }
        partLengths = Set(partStems.keys.map(\.utf8.count)).sorted()
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
        // Gathered as UTF-8 bytes and decoded once per word: appending scalars to a string is several times slower.
        var current: [UInt8] = []
        current.reserveCapacity(64)
        for sc in text.unicodeScalars {
            let v = sc.value
            if v < 0x80 {
                if (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) { current.append(UInt8(v)); continue }
                if v >= 0x41 && v <= 0x5A { current.append(UInt8(v + 32)); continue }
                if sc == "-" && !current.isEmpty { continue }
            } else if sc.properties.isAlphabetic || sc.properties.numericType != nil {
                appendLowercased(sc, to: &current)
                continue
            }
            if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    private func add(_ term: String, key: String) {
        let ws = Self.words(term)
        guard !ws.isEmpty else { return }
        for variant in Self.variants(ws.map(stems)) {
            byFirst[variant[0], default: []].append((variant, [key]))
            if variant.count == 1, variant[0].count >= Self.minPart { partStems[variant[0], default: []].append(key) }
        }
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
    public struct Match: Sendable { public var key: String; public var words: Range<Int> }

    public func matches(_ text: String, stems given: Stems? = nil) -> [Match] {
        let cache = given ?? Self.stemsPool.take()
        defer { if given == nil { Self.stemsPool.giveBack(cache) } }
        let ws = Self.words(text)
        let info = ws.map(cache.word)
        var out: [Match] = []
        for i in ws.indices {
            for first in info[i].firsts {
                guard let entries = byFirst[first] else { continue }
                for (phrase, keys) in entries where i + phrase.count <= ws.count {
                    var ok = true
                    for k in 1..<max(phrase.count, 1) where !(info[i + k].stems.contains(phrase[k]) || info[i + k].folded == phrase[k]) { ok = false; break }
                    if ok { for key in keys { out.append(Match(key: key, words: i..<(i + phrase.count))) } }
                }
            }
            // Compound parts: a known stem at the start or end of a long word.
            guard info[i].folded.count >= Self.minPart + 3 else { continue }
            let keys: [String]
            if let hit = cache.parts[ws[i]] { keys = hit } else {
                var found: [String] = []
                for w in Set(info[i].firsts) where w.count >= Self.minPart + 3 {
                    // Compared as UTF-8 bytes: a part matches exactly when its bytes open or close the word's, and
                    // a cut inside a multi-byte letter decodes to a replacement character that matches no part.
                    let bytes = Array(w.utf8)
                    for len in partLengths where len < bytes.count {
                        if let k = partStems[String(decoding: bytes[0..<len], as: UTF8.self)] { found += k }
                        if let k = partStems[String(decoding: bytes[(bytes.count - len)...], as: UTF8.self)] { found += k }
                    }
                }
                keys = found
                cache.parts[ws[i]] = found
            }
            for key in keys { out.append(Match(key: key, words: i..<(i + 1))) }
        }
        return out
    }
}
