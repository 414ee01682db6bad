import Foundation

/// Splits passage text into sentences, without breaking at abbreviations ("t.ex.", "art. 46", "bl.a.").
public enum SentenceSplitter {
    static let abbreviations: Set<String> = ["t.ex", "bl.a", "m.m", "d.v.s", "dvs", "s.k", "t.o.m", "fr.o.m", "o.s.v", "osv", "jfr", "resp",
        "ang", "art", "kap", "nr", "no", "s", "st", "p", "prop", "dnr", "ca", "e.g", "i.e", "etc", "vs", "cf", "mr", "dr", "inc", "ltd",
        "co", "jur", "fil", "kand", "doc", "prof", "f", "ff", "sek", "kl", "tel", "vol", "ed", "eds", "op", "cit", "mfl", "m.fl", "bet", "rskr", "dir"]

    /// Sentence ranges as character offsets into `text`.
    public static func split(_ text: String) -> [Range<Int>] {
        let chars: [Character] = text.isOneScalarPerCharacter ? text.unicodeScalars.map(Character.init) : Array(text)
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "." || c == "!" || c == "?" || c == "…" {
                var end = i + 1
                while end < chars.count, ".!?”\"’)»".contains(chars[end]) { end += 1 }
                guard end < chars.count else { break }
                guard chars[end].isWhitespace else { i += 1; continue }
                var next = end
                while next < chars.count, chars[next].isWhitespace { next += 1 }
                guard next < chars.count else { break }
                let n = chars[next]
                let startsSentence = n.isUppercase || n.isNumber || "–—-”\"“»(".contains(n)
                if c == ".", startsSentence {
                    // The word before the period: an abbreviation or a lone initial does not end a sentence.
                    var w = i - 1
                    while w >= 0, chars[w].isLetter || chars[w] == "." { w -= 1 }
                    let word = String(chars[(w + 1)..<i]).lowercased()
                    if abbreviations.contains(word) || (word.count == 1 && chars[w + 1].isUppercase) || (n.isNumber && word.allSatisfy(\.isLetter) && word.count <= 4) {
                        i += 1; continue
                    }
                }
                if startsSentence {
                    out.append(start..<end)
                    start = next
                    i = next
                    continue
                }
            }
            i += 1
        }
        if start < chars.count {
            var end = chars.count
            while end > start, chars[end - 1].isWhitespace { end -= 1 }
            if end > start { out.append(start..<end) }
        }
        return out
    }
}
