/// Guesses a text's language from its most common function words; cheap enough to run per passage.
public enum LanguageDetector {
    static let profiles: [(String, Set<String>)] = [
        ("sv", ["och", "att", "det", "som", "en", "är", "på", "för", "av", "med", "till", "den", "inte", "har", "om", "de",
                "ett", "vi", "kan", "men", "eller", "från", "så", "ska", "också", "när", "detta", "även", "vid", "sig", "hur", "där"]),
        ("en", ["the", "of", "and", "to", "in", "is", "that", "for", "be", "are", "on", "with", "as", "by", "this", "it",
                "not", "or", "which", "an", "from", "at", "shall", "was", "has", "have", "such", "were", "their", "its"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "zu", "den", "von", "mit", "sich", "des", "auf", "für", "im",
                "dem", "ein", "eine", "auch", "werden", "wird", "bei", "nach", "oder", "durch", "sind"]),
        ("da", ["og", "at", "det", "er", "til", "på", "af", "med", "for", "ikke", "der", "som", "den", "de", "har",
                "en", "et", "kan", "skal", "eller", "fra", "også", "vil", "blev", "efter", "hvis", "være", "jeg", "dette"]),
        ("no", ["og", "i", "det", "er", "til", "på", "av", "med", "for", "ikke", "som", "den", "de", "har", "en", "et",
                "kan", "skal", "eller", "fra", "også", "vil", "ble", "etter", "hvis", "være", "jeg", "dette", "ikkje"]),
    ]
    /// Word → bit mask of the profiles that list it; words keyed by their (at most 8) bytes packed in a number,
    /// in a small open-addressing table (every short word of every passage is looked up).
    static let table = FunctionWords(profiles)
    static let maxWordBytes = 8

    /// The function words as packed numbers with their profile masks.
    struct FunctionWords: Sendable {
        private var keys = [UInt64](repeating: 0, count: 1024)
        private var masks = [UInt8](repeating: 0, count: 1024)
        init(_ profiles: [(String, Set<String>)]) {
            for (i, p) in profiles.enumerated() {
                for w in p.1 where w.utf8.count <= LanguageDetector.maxWordBytes {
                    let key = LanguageDetector.pack(Array(w.utf8))
                    var s = Self.slot(key)
                    while keys[s] != 0 && keys[s] != key { s = (s + 1) & 1023 }
                    keys[s] = key
                    masks[s] |= UInt8(1 << i)
                }
            }
        }
        @inline(__always) static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54) }
        subscript(key: UInt64) -> UInt8? {
            var s = Self.slot(key)
            while keys[s] != 0 {
                if keys[s] == key { return masks[s] }
                s = (s + 1) & 1023
            }
            return nil
        }
    }

    /// Up to 8 bytes as one number; words hold no zero byte, so different words give different numbers.
    @inline(__always)
    static func pack(_ bytes: [UInt8]) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in bytes.enumerated() { v |= UInt64(b) << UInt64(8 * i) }
        return v
    }

    /// The best-scoring language code, or nil when the text has too few known words to tell.
    /// Works on UTF-8 bytes: function words are short, so only short words are looked up.
    public static func detect(_ text: String) -> String? {
        var scores = [Int](repeating: 0, count: profiles.count)
        var swedishLetters = 0, danishLetters = 0, germanLetters = 0
        var source = text
        source.withUTF8 { u in
            // The current word's first eight bytes packed as `pack` packs them, and its length.
            var key: UInt64 = 0, length = 0
            var seen = 0
            var previous: UInt8 = 0
            @inline(__always) func add(_ b: UInt8) {
                if length < maxWordBytes { key |= UInt64(b) << UInt64(8 * length) }
                length += 1
            }
            @inline(__always) func score() {
                defer { key = 0; length = 0 }
                guard length > 0, length <= maxWordBytes else { return }
                seen += 1
                if let mask = table[key] {
                    for i in 0..<profiles.count where mask & UInt8(1 << i) != 0 { scores[i] += 1 }
                }
            }
            for b in u {
                if b >= 0x41 && b <= 0x5A { add(b | 0x20) }
                else if b >= 0x61 && b <= 0x7A { add(b) }
                else if b >= 0x80 {
                    // Lower-case the Latin-1 supplement (Å Ä Ö Æ Ø Ü → å ä ö æ ø ü: second byte + 0x20).
                    if previous == 0xC3 && b >= 0x80 && b <= 0x9E { add(b + 0x20) } else { add(b) }
                    if previous == 0xC3 {
                        switch b | 0x20 {
                        case 0xA4, 0xB6: swedishLetters += 1      // ä ö
                        case 0xA6, 0xB8: danishLetters += 1       // æ ø
                        case 0xBC, 0x9F: germanLetters += 1       // ü ß
                        default: break
                        }
                    }
                } else {
                    score()
                    if seen > 3000 { return }
                }
                previous = b
            }
            score()
        }
        // The Scandinavian function words overlap; the letters tell them apart.
        scores[0] += swedishLetters / 4
        scores[3] += danishLetters / 4
        scores[4] += danishLetters / 4
        scores[2] += germanLetters / 3
        if swedishLetters > danishLetters { scores[3] -= swedishLetters / 4; scores[4] -= swedishLetters / 4 }
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] >= 2 else { return nil }
        return profiles[best].0
    }
}

/// Function words of the languages kb detects: they carry no meaning of their own in a search.
public enum Stopwords {
    public static let all: Set<String> = LanguageDetector.profiles.reduce(into: Set<String>()) { $0.formUnion($1.1) }.union(["a", "i", "the"])
    public static func contains(_ word: String) -> Bool { all.contains(word) }

    /// The words of a question put to the search ("vad säger IMY om Teams", "who says remote access is a
    /// transfer"): they ask, they are not what is sought.
    public static let questionWords: Set<String> = ["vad", "vem", "vilka", "vilken", "vilket", "varför", "säger", "sagt", "sägs",
                                                    "who", "whom", "whose", "what", "where", "when", "why", "how", "does", "do",
                                                    "did", "can", "could", "says", "say", "said"]
    /// Function words beyond the commonest thirty that the language guess counts: prepositions, pronouns,
    /// auxiliaries and conjunctions. In a search they are as empty as "och" ("chattar lagras hos AWS"), and a
    /// rare one would otherwise be the last word a partial match keeps.
    public static let moreFunctionWords: Set<String> = [
        "hos", "mot", "över", "under", "efter", "utan", "genom", "mellan", "inom", "ur", "åt", "bland", "samt",
        "än", "dock", "då", "både", "vara", "var", "varit", "blir", "bli", "blev", "blivit", "skulle", "måste",
        "får", "fick", "kunde", "hade", "han", "hon", "man", "dem", "sin", "sina", "sitt", "deras", "dess",
        "denna", "denne", "dessa", "jag", "du", "ni", "mig", "dig", "oss", "er", "vår", "våra", "vårt",
        "into", "about", "over", "between", "through", "within", "without", "after", "before", "during",
        "against", "among", "upon", "than", "then", "there", "these", "those", "they", "them", "he", "she",
        "we", "you", "our", "your", "his", "her", "been", "being", "will", "would", "should", "must", "may",
        "might", "if", "but", "so", "also", "any", "each", "onto",
    ]
    /// Function words and question words: a search does not require them unless quoted.
    public static func isQueryNoise(_ word: String) -> Bool {
        all.contains(word) || questionWords.contains(word) || moreFunctionWords.contains(word)
    }
}
