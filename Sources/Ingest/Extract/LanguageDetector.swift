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

    /// The best-scoring language code, or nil when the text has too few known words to tell.
    public static func detect(_ text: String) -> String? {
        var scores = [Int](repeating: 0, count: profiles.count)
        var seen = 0
        var word = ""
        var swedishLetters = 0, danishLetters = 0, germanLetters = 0
        func score() {
            guard !word.isEmpty else { return }
            seen += 1
            for (i, p) in profiles.enumerated() where p.1.contains(word) { scores[i] += 1 }
            word = ""
        }
        for ch in text.lowercased() {
            if ch.isLetter {
                word.append(ch)
                switch ch {
                case "ä", "ö": swedishLetters += 1
                case "æ", "ø": danishLetters += 1
                case "ü", "ß": germanLetters += 1
                default: break
                }
            } else {
                score()
                if seen > 3000 { break }
            }
        }
        score()
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
    public static let all: Set<String> = LanguageDetector.profiles.reduce(into: Set<String>()) { $0.formUnion($1.1) }
        .union(["a", "i", "the", "ii"]).subtracting(["ii"])
    public static func contains(_ word: String) -> Bool { all.contains(word) }
}
