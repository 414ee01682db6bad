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
    static let minPart = 5
    private let lock = NSLock()
    private var stemmers: [String: Stemmer] = [:]

    public init(thesaurus: Thesaurus, extraTerms: [String]) {
        for concept in thesaurus.concepts {
            for term in concept.terms { add(term.text, key: concept.id) }
        }
        for term in extraTerms { add(term, key: term.lowercased()) }
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
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) }
            else if ch == "-" && !current.isEmpty { continue }
            else if !current.isEmpty { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
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

    public func matches(_ text: String) -> [Match] {
        let ws = Self.words(text)
        let st = ws.map(stems)
        let folded = ws.map(Folding.fold)
        var out: [Match] = []
        for i in ws.indices {
            for first in Set(st[i] + [folded[i]]) {
                for (phrase, keys) in byFirst[first] ?? [] where i + phrase.count <= ws.count {
                    var ok = true
                    for k in 1..<max(phrase.count, 1) where !(st[i + k].contains(phrase[k]) || folded[i + k] == phrase[k]) { ok = false; break }
                    if ok { for key in keys { out.append(Match(key: key, words: i..<(i + phrase.count))) } }
                }
            }
            // Compound parts: a known stem at the start or end of a long word.
            for w in Set([folded[i]] + st[i]) where w.count >= Self.minPart + 3 {
                let chars = Array(w)
                for len in Self.minPart..<chars.count {
                    for piece in [String(chars[0..<len]), String(chars[(chars.count - len)...])] {
                        if let keys = partStems[piece] { for key in keys { out.append(Match(key: key, words: i..<(i + 1))) } }
                    }
                }
            }
        }
        return out
    }
}
