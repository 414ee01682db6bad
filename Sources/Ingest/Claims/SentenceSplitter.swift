import Foundation

/// Splits passage text into sentences, without breaking at abbreviations ("t.ex.", "art. 46", "bl.a.").
public enum SentenceSplitter {
    static let abbreviations: Set<String> = ["t.ex", "bl.a", "m.m", "d.v.s", "dvs", "s.k", "t.o.m", "fr.o.m", "o.s.v", "osv", "jfr", "resp",
        "ang", "art", "kap", "nr", "no", "s", "st", "p", "prop", "dnr", "ca", "e.g", "i.e", "etc", "vs", "cf", "mr", "dr", "inc", "ltd",
        "co", "jur", "fil", "kand", "doc", "prof", "f", "ff", "sek", "kl", "tel", "vol", "ed", "eds", "op", "cit", "mfl", "m.fl", "bet", "rskr", "dir"]

    /// Sentence ranges as character offsets into `text`.
    public static func split(_ text: String) -> [Range<Int>] {
        // Most text has one scalar per Character: then scalars are split directly, with ASCII answered by value;
        // building Characters cost more than the splitting itself.
        text.isOneScalarPerCharacter ? split(text.scalarArray) : split(Array(text))
    }

    static func split<Unit: SentenceUnit>(_ chars: [Unit]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isSentenceEnd {
                var end = i + 1
                while end < chars.count, chars[end].isClosing { end += 1 }
                guard end < chars.count else { break }
                guard chars[end].isBlank else { i += 1; continue }
                var next = end
                while next < chars.count, chars[next].isBlank { next += 1 }
                guard next < chars.count else { break }
                let n = chars[next]
                let startsSentence = n.isCapital || n.isNumeral || n.isOpening
                if c.isPeriod, startsSentence {
                    // The word before the period: an abbreviation or a lone initial does not end a sentence.
                    var w = i - 1
                    while w >= 0, chars[w].isLetterOrPeriod { w -= 1 }
                    let word = chars[(w + 1)..<i].map(\.character).reduce(into: "") { $0.append($1) }.lowercased()
                    if abbreviations.contains(word) || (word.count == 1 && chars[w + 1].isCapital)
                        || (n.isNumeral && word.allSatisfy(\.isLetter) && word.count <= 4) {
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
            while end > start, chars[end - 1].isBlank { end -= 1 }
            if end > start { out.append(start..<end) }
        }
        return out
    }
}

/// A Character, or a scalar standing for one, as the sentence splitter asks about it.
protocol SentenceUnit {
    var character: Character { get }
    var ascii: UInt8? { get }
}

extension Character: SentenceUnit {
    var character: Character { self }
    var ascii: UInt8? { asciiValue }
}

extension Unicode.Scalar: SentenceUnit {
    var character: Character { Character(self) }
    var ascii: UInt8? { isASCII ? UInt8(value) : nil }
}

extension SentenceUnit {
    /// ". ! ? …"
    var isSentenceEnd: Bool {
        if let a = ascii { return a == 0x2E || a == 0x21 || a == 0x3F }
        return character == "…"
    }
    var isPeriod: Bool { ascii == 0x2E }
    /// What may follow a sentence's end before the space: more ends, quotes, a bracket.
    var isClosing: Bool {
        if let a = ascii { return a == 0x2E || a == 0x21 || a == 0x3F || a == 0x22 || a == 0x29 }
        let c = character
        return c == "”" || c == "’" || c == "»"
    }
    /// What may open a sentence besides a capital or a numeral: dashes, quotes, a bracket.
    var isOpening: Bool {
        if let a = ascii { return a == 0x2D || a == 0x22 || a == 0x28 }
        let c = character
        return c == "–" || c == "—" || c == "”" || c == "“" || c == "»"
    }
    var isBlank: Bool {
        if let a = ascii { return a == 0x20 || (a >= 0x09 && a <= 0x0D) }
        return character.isWhitespace
    }
    var isCapital: Bool {
        if let a = ascii { return a >= 0x41 && a <= 0x5A }
        return character.isUppercase
    }
    var isNumeral: Bool {
        if let a = ascii { return a >= 0x30 && a <= 0x39 }
        return character.isNumber
    }
    var isLetterOrPeriod: Bool {
        if let a = ascii { return (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || a == 0x2E }
        return character.isLetter
    }
}
