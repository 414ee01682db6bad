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
    /// out without hashing them into the dictionary.
    private var firstWordBits = [UInt64](repeating: 0, count: PhraseMatcher.bitWords)
    static let bitWords = 256

    /// FNV-1a over a word's bytes, and over all but its last byte (the word without a genitive -s); whether
    /// any byte is outside ASCII (such words may be spelled in another normal form, so they skip the bits).
    @inline(__always)
    static func wordHashes(_ word: String) -> (whole: UInt64, butLast: UInt64, ascii: Bool) {
        var h: UInt64 = 0xcbf29ce484222325
        var butLast = h
        var high: UInt8 = 0
        for b in word.utf8 {
            butLast = h
            high |= b
            h = (h ^ UInt64(b)) &* 0x100000001b3
        }
        return (h, butLast, high < 0x80)
    }

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
            let (word, mask) = Self.bit(Self.wordHashes(k).whole)
            firstWordBits[word] |= mask
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

    /// Words lower-cased as they are scanned, with their UTF-16 ranges: no per-word case mapping afterwards.
    /// Each word is gathered as UTF-8 bytes and decoded once (short words need no allocation).
    static func lowerTokens(_ text: String) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(64)
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var start = 0
        var offset = 0
        func flush() {
            out.append(Token(text: String(decoding: word, as: UTF8.self), range: NSRange(location: start, length: offset - start)))
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let width = v > 0xFFFF ? 2 : 1
            if v < 0x80 {
                if (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) {
                    if word.isEmpty { start = offset }
                    word.append(UInt8(v))
                } else if v >= 0x41 && v <= 0x5A {
                    if word.isEmpty { start = offset }
                    word.append(UInt8(v + 32))
                } else if !word.isEmpty {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if word.isEmpty { start = offset }
                appendLowercased(scalar, to: &word)
            } else if !word.isEmpty {
                flush()
            }
            offset += width
        }
        if !word.isEmpty { flush() }
        return out
    }

    /// A text split into lower-cased words once, for several matchers to read.
    public struct Words: Sendable {
        let text: String
        let tokens: [Token]
        public init(_ text: String) { self.text = text; tokens = PhraseMatcher.lowerTokens(text) }
    }

    /// Non-overlapping matches, leftmost and longest first: the entry's value and the UTF-16 range it covers.
    public func matches(in text: String) -> [(value: Int, range: NSRange)] { matches(in: Words(text)) }

    /// As `matches(in:)`, on words already split.
    public func matches(in words: Words) -> [(value: Int, range: NSRange)] {
        let toks = words.tokens, text = words.text
        guard !toks.isEmpty else { return [] }
        var original: NSString? = nil
        func written(_ i: Int) -> String {
            if original == nil { original = text as NSString }
            return original?.substring(with: toks[i].range) ?? ""
        }
        var out: [(Int, NSRange)] = []
        var i = 0
        while i < toks.count {
            var matched: (Entry, Int)? = nil
            let w0 = toks[i].text
            let hashes = Self.wordHashes(w0)
            let genitive = w0.utf8.last == UInt8(ascii: "s")
            guard !hashes.ascii || mayStart(hashes.whole) || (genitive && mayStart(hashes.butLast)) else { i += 1; continue }
            let candidates = byFirst[w0] ?? (genitive ? byFirst[String(w0.dropLast())] : nil) ?? []
            for e in candidates where i + e.words.count <= toks.count {
                var ok = true
                for k in 0..<e.words.count {
                    let w = toks[i + k].text, want = e.words[k]
                    let last = k == e.words.count - 1
                    if w != want && !(last && e.genitive && w == want + "s") { ok = false; break }
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
