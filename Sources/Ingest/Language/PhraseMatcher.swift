import Foundation

/// Finds known names (organisations, statutes, cases) in text by their words, longest first.
/// A word index instead of one huge regular expression: names are looked up by their first word.
public struct PhraseMatcher: Sendable {
    struct Entry: Sendable {
        var words: [String]          // lower-cased
        var exact: [String]?         // original case, when the name must match case (acronyms)
        var genitive: Bool
        var value: Int
    }

    private var byFirst: [String: [Entry]] = [:]
    /// A bit per hash of each name's first word: most words of a text start no name, and this rules them
    /// out without making a string of them or hashing one into the dictionary.
    private var firstWordBits = [UInt64](repeating: 0, count: PhraseMatcher.bitWords)
    static let bitWords = 256
    /// Whether every name's first word is written with scalars below U+0300 only (then in NFC, so equal
    /// words have equal bytes and the bits can rule words out); otherwise only ASCII words are ruled out.
    private var simpleFirstWords = true

    static let fnvBasis: UInt64 = 0xcbf29ce484222325
    @inline(__always)
    static func fnv(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100000001b3 }

    /// FNV-1a over a word's bytes.
    static func wordHash(_ word: String) -> UInt64 { word.utf8.reduce(fnvBasis, fnv) }

    /// The word and bit of `firstWordBits` a hash falls on.
    @inline(__always)
    static func bit(_ hash: UInt64) -> (word: Int, mask: UInt64) {
        let bit = Int(truncatingIfNeeded: hash % UInt64(bitWords * 64))
        return (bit >> 6, 1 << UInt64(bit & 63))
    }

    @inline(__always)
    private func mayStart(_ hash: UInt64) -> Bool {
        let (word, mask) = Self.bit(hash)
        return firstWordBits[word] & mask != 0
    }

    /// `caseSensitive` names (acronyms) match only as written; `genitive` lets the last word take an -s.
    public init(_ phrases: [(text: String, caseSensitive: Bool, genitive: Bool, value: Int)]) {
        for p in phrases {
            let words = Self.tokens(p.text).map(\.text)
            guard !words.isEmpty else { continue }
            byFirst[words[0].lowercased(), default: []].append(Entry(words: words.map { $0.lowercased() }, exact: p.caseSensitive ? words : nil,
                                                                    genitive: p.genitive, value: p.value))
        }
        for k in byFirst.keys {
            byFirst[k]!.sort { $0.words.count > $1.words.count }
            let (word, mask) = Self.bit(Self.wordHash(k))
            firstWordBits[word] |= mask
            if k.utf8.contains(where: { $0 >= 0xCC }) { simpleFirstWords = false }
        }
    }

    struct Token: Sendable { var text: String; var range: NSRange }

    /// Words (letters and digits) with their UTF-16 ranges.
    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        var start = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            let width = scalar.value > 0xFFFF ? 2 : 1
            let v = scalar.value
            let isWord = v < 0x80 ? ((v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A))
                : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            if isWord {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                out.append(Token(text: current, range: NSRange(location: start, length: offset - start)))
                current = ""
            }
            offset += width
        }
        if !current.isEmpty { out.append(Token(text: current, range: NSRange(location: start, length: offset - start))) }
        return out
    }

    /// A word of a text being matched: where its lower-cased bytes lie in `Words.bytes`, its UTF-16 range,
    /// and its hashes (whole, and without its last byte for a genitive -s), computed as it was scanned.
    struct Scanned: Sendable {
        var start: Int
        var count: Int
        var range: NSRange
        var hash: UInt64
        var butLast: UInt64
        /// No scalar from U+0300 on: then it is in NFC and its bytes compare as its text.
        var simple: Bool
        var ascii: Bool
    }

    /// A text split into lower-cased words once, for several matchers to read: their bytes back to back, with
    /// a string made only for a word that may start a name.
    public struct Words: Sendable {
        let text: String
        let bytes: [UInt8]
        let tokens: [Scanned]

        public init(_ text: String) {
            self.text = text
            // One pass over the UTF-8 bytes with the state in locals: the words' lower-cased bytes (written into
            // a buffer sized for the longest lower-casing, three bytes for each of the text's), their hashes and
            // their UTF-16 ranges (`offset` counts UTF-16 units).
            var found: [Scanned] = []
            var source = text
            bytes = source.withUTF8 { u in
                [UInt8](unsafeUninitializedCapacity: u.count * 3 + 16) { out, written in
                    // State in the closure's own locals: variables captured from outside live in boxes.
                    var tokens: [Scanned] = []
                    tokens.reserveCapacity(64)
                    var scratch: [UInt8] = []
                    var k = 0
                    var start = 0, offset = 0, wordStart = 0
                    var h = PhraseMatcher.fnvBasis, butLast = h
                    var high: UInt8 = 0
                    var inWord = false
                    var i = 0
                    while i < u.count {
                        let (v, length) = WordScalars.decode(u, i)
                        i += length
                        guard WordScalars.isWord(v) else {
                            if inWord {
                                tokens.append(Scanned(start: wordStart, count: k - wordStart, range: NSRange(location: start, length: offset - start),
                                                      hash: h, butLast: butLast, simple: high < 0xCC, ascii: high < 0x80))
                                inWord = false
                            }
                            offset += v > 0xFFFF ? 2 : 1
                            continue
                        }
                        if !inWord {
                            start = offset; wordStart = k
                            h = PhraseMatcher.fnvBasis; butLast = h; high = 0
                            inWord = true
                        }
                        if v < 0x80 {
                            let b = v >= 0x41 && v <= 0x5A ? UInt8(v + 32) : UInt8(v)
                            out[k] = b; k += 1
                            butLast = h
                            h = PhraseMatcher.fnv(h, b)
                            if b > high { high = b }
                        } else {
                            scratch.removeAll(keepingCapacity: true)
                            appendLowercased(Unicode.Scalar(v) ?? "\u{FFFD}", to: &scratch)
                            for b in scratch {
                                out[k] = b; k += 1
                                butLast = h
                                h = PhraseMatcher.fnv(h, b)
                                if b > high { high = b }
                            }
                        }
                        offset += v > 0xFFFF ? 2 : 1
                    }
                    if inWord {
                        tokens.append(Scanned(start: wordStart, count: k - wordStart, range: NSRange(location: start, length: offset - start),
                                              hash: h, butLast: butLast, simple: high < 0xCC, ascii: high < 0x80))
                    }
                    written = k
                    found = tokens
                }
            }
            tokens = found
        }

        func word(_ i: Int) -> String {
            let t = tokens[i]
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[t.start..<(t.start + t.count)]), as: UTF8.self) }
        }

        /// Whether word `i` is `want`, or `want` and an -s when `genitive`.
        func word(_ i: Int, is want: String, genitive: Bool) -> Bool {
            let t = tokens[i]
            guard t.simple else {
                let w = word(i)
                return w == want || (genitive && w == want + "s")
            }
            return bytes.withUnsafeBufferPointer { b in
                let w = UnsafeBufferPointer(rebasing: b[t.start..<(t.start + t.count)])
                var want = want
                return want.withUTF8 { wb in
                    if w.count == wb.count { return w.elementsEqual(wb) }
                    return genitive && w.count == wb.count + 1 && w[wb.count] == UInt8(ascii: "s") && w.prefix(wb.count).elementsEqual(wb)
                }
            }
        }
    }

    /// Non-overlapping matches, leftmost and longest first: the entry's value and the UTF-16 range it covers.
    public func matches(in text: String) -> [(value: Int, range: NSRange)] { matches(in: Words(text)) }

    /// As `matches(in:)`, on words already split.
    public func matches(in words: Words) -> [(value: Int, range: NSRange)] {
        let toks = words.tokens, text = words.text
        guard !toks.isEmpty else { return [] }
        var original: UTF16Text? = nil
        func written(_ i: Int) -> String {
            if original == nil { original = UTF16Text(text) }
            return original?.substring(with: toks[i].range) ?? ""
        }
        var out: [(Int, NSRange)] = []
        var i = 0
        while i < toks.count {
            var matched: (Entry, Int)? = nil
            let t = toks[i]
            let genitive = t.count > 0 && words.bytes[t.start + t.count - 1] == UInt8(ascii: "s")
            let filtered = t.ascii || (t.simple && simpleFirstWords)
            guard !filtered || mayStart(t.hash) || (genitive && mayStart(t.butLast)) else { i += 1; continue }
            let w0 = words.word(i)
            let candidates = byFirst[w0] ?? (genitive ? byFirst[String(w0.dropLast())] : nil) ?? []
            for e in candidates where i + e.words.count <= toks.count {
                var ok = true
                for k in 0..<e.words.count {
                    let want = e.words[k]
                    let last = k == e.words.count - 1
                    if !words.word(i + k, is: want, genitive: last && e.genitive) { ok = false; break }
                    if let exact = e.exact {
                        let asWritten = written(i + k)
                        if asWritten != exact[k] && !(last && e.genitive && asWritten == exact[k] + "s") { ok = false; break }
                    }
                }
                if ok { matched = (e, e.words.count); break }
            }
            if let (e, n) = matched {
                let first = toks[i].range, last = toks[i + n - 1].range
                out.append((e.value, NSRange(location: first.location, length: last.location + last.length - first.location)))
                i += n
            } else {
                i += 1
            }
        }
        return out
    }
}
