import Foundation
import Ingest

/// Turns text into the terms kb indexes and searches: Snowball stems chosen by language and the parts of
/// Swedish compounds; queries also try folded (diacritic-free) forms and the written forms they stand for.
final class Analyzer {
    private var stemmers: [String: Stemmer] = [:]
    private var cache: [String: [String: [String]]] = [:]
    private let decompound: Bool
    /// Whether terms are remembered by word; the document tokenizer keeps its own byte-keyed `TermCache`.
    private let caching: Bool
    /// Where indexed terms with diacritics are recorded (documents only).
    var spellings: FoldedSpellings?
    /// Looks up indexed spellings with diacritics by their folded form (queries only).
    var writtenForms: ((String) -> [String])?
    /// The same for the beginning of a word, for prefix queries.
    var writtenPrefixes: ((String) -> [String])?

    init(decompound: Bool, caching: Bool = true) {
        self.decompound = decompound
        self.caching = caching
    }

    func stemmer(_ language: String) -> Stemmer? {
        if let s = stemmers[language] { return s }
        let s = Stemmer(language: language)
        stemmers[language] = s
        return s
    }

    func stem(_ lowered: String, language: String) -> String {
        stemmer(language)?.stem(lowered) ?? lowered
    }

    /// Index terms for one lower-cased word: the first is its position's term, the rest colocated.
    func indexTerms(_ word: String, language: String) -> [String] {
        if caching, let hit = cache[language]?[word] { return hit }
        var terms: [String] = []
        func add(_ stem: String) {
            if !terms.contains(stem) { terms.append(stem) }
            if !Folding.isASCII(stem) { spellings?.note(stem) }
        }
        let stem = self.stem(word, language: language)
        add(stem)
        if decompound, language == "sv", let parts = compoundParts(word) {
            for p in parts { add(self.stem(p, language: "sv")) }
        }
        guard caching else { return terms }
        if cache[language, default: [:]].count > 150_000 { cache[language] = [:] }
        cache[language, default: [:]][word] = terms
        return terms
    }

    /// The parts of a compound and each run of adjacent parts ("personuppgiftsbiträde" of
    /// "personuppgiftsbiträdesavtal"), so a query on any of them finds the whole.
    func compoundParts(_ word: String) -> [String]? {
        guard word.count >= Decompounder.minWord, let dict = Decompounder.shared else { return nil }
        if dict.contains(Substring(word)) { return nil }
        guard let ranges = dict.split(word), ranges.count >= 2 else { return nil }
        var out: [String] = []
        let bytes = Array(word.utf8)
        for i in 0..<ranges.count {
            for j in i..<ranges.count where !(i == 0 && j == ranges.count - 1) {
                out.append(String(decoding: bytes[ranges[i].lowerBound..<ranges[j].upperBound], as: UTF8.self))
            }
        }
        return out
    }

    /// Terms a query word may match, as alternatives: stems in each candidate language, their folded
    /// form, and the indexed spellings with diacritics that fold to the same.
    func queryAlternatives(_ word: String, languages: [String]) -> [String] {
        var stems: [String] = []
        for lang in languages {
            let s = stem(word, language: lang)
            if !stems.contains(s) { stems.append(s) }
        }
        var out = stems
        for s in stems {
            let folded = Folding.fold(s)
            if folded != s, !out.contains(folded) { out.append(folded) }
            for t in writtenForms?(folded) ?? [] where !out.contains(t) { out.append(t) }
        }
        return out
    }
}

/// Splits text into words for indexing: letters and digits, with hyphen-joined and letter–digit parts
/// kept as parts of the whole ("e-postadress" → "epostadress" with parts "e", "postadress").
enum WordScanner {
    struct Word {
        /// Lower-cased word, hyphens removed ("epostadress").
        var text: String
        /// The hyphen- or letter/digit-separated parts when there were several.
        var parts: [String]
        /// Byte offsets into the UTF-8 input.
        var start: Int
        var end: Int
    }

    @inline(__always)
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool { WordScalars.isWord(s.value) }

    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool { WordScalars.isDigit(s.value) }

    /// Lower-cases collected UTF-8: ASCII in place, anything else through String when it may have capitals.
    static func lowered(_ bytes: ArraySlice<UInt8>, hasUpperNonASCII: Bool) -> String {
        if !hasUpperNonASCII { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self).fastLowercased
    }

    /// A word as collected, before any string is made: ASCII lower-cased, other letters as written.
    struct RawWord {
        /// Valid only while the scanner's callback runs.
        var bytes: UnsafeBufferPointer<UInt8>
        var nonASCII: Bool
        /// Offsets into `bytes` where parts begin; one entry when the word has no parts.
        var partStarts: [Int]
        var start: Int
        var end: Int
        var hasParts: Bool { partStarts.count > 1 }

        func word() -> Word {
            let text = lowered(bytes[...], hasUpperNonASCII: nonASCII)
            var parts: [String] = []
            if partStarts.count > 1 {
                for (k, p) in partStarts.enumerated() {
                    let q = k + 1 < partStarts.count ? partStarts[k + 1] : bytes.count
                    if q > p { parts.append(lowered(bytes[p..<q], hasUpperNonASCII: nonASCII)) }
                }
            }
            return Word(text: text, parts: parts, start: start, end: end)
        }
    }

    static func lowered(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, hasUpperNonASCII: Bool) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        return hasUpperNonASCII ? s.fastLowercased : s
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Word) -> Void) {
        scanRaw(bytes) { body($0.word()) }
    }

    static func scanRaw(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (RawWord) -> Void) {
        var i = 0
        let n = bytes.count
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var partStarts: [Int] = []      // offsets into `word` where parts begin
        var nonASCII = false
        var start = -1
        var end = 0
        var lastWasDigit = false
        func flush() {
            defer { word.removeAll(keepingCapacity: true); partStarts.removeAll(keepingCapacity: true); start = -1; nonASCII = false }
            guard !word.isEmpty else { return }
            word.withUnsafeBufferPointer { b in
                body(RawWord(bytes: b, nonASCII: nonASCII, partStarts: partStarts, start: start, end: end))
            }
        }
        while i < n {
            let (scalar, width) = decode(bytes, i)
            if isWordScalar(scalar) {
                let digit = isDigit(scalar)
                if start < 0 { start = i; partStarts.append(0) }   // emptied by flush, capacity kept: no allocation a word
                else if digit != lastWasDigit { partStarts.append(word.count) }   // "FISA702"
                lastWasDigit = digit
                if width == 1 {
                    let b = bytes[i]
                    word.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                } else {
                    for k in 0..<width { word.append(bytes[i + k]) }
                    nonASCII = true
                }
                end = i + width
            } else if (scalar == "-" || scalar == "\u{2011}"), !word.isEmpty, i + width < n, isWordScalar(decode(bytes, i + width).0) {
                partStarts.append(word.count)
                lastWasDigit = isDigit(decode(bytes, i + width).0)
                // The next scalar continues the word without starting a second part for the digit switch.
                let (next, w2) = decode(bytes, i + width)
                i += width
                if w2 == 1 { let b = bytes[i]; word.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
                else { for k in 0..<w2 { word.append(bytes[i + k]) }; nonASCII = true }
                _ = next
                end = i + w2
                i += w2
                continue
            } else {
                flush()
            }
            i += width
        }
        flush()
    }

    /// Decodes one scalar from UTF-8; invalid bytes decode as U+FFFD of width 1.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let c0 = b[i]
        if c0 < 0x80 { return (Unicode.Scalar(c0), 1) }
        let n = b.count
        if c0 & 0xE0 == 0xC0, i + 1 < n {
            let v = (UInt32(c0 & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 2)
        }
        if c0 & 0xF0 == 0xE0, i + 2 < n {
            let v = (UInt32(c0 & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 3)
        }
        if c0 & 0xF8 == 0xF0, i + 3 < n {
            let v = (UInt32(c0 & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 4)
        }
        return ("\u{FFFD}", 1)
    }
}
