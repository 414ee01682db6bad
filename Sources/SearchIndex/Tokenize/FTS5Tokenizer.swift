import CSQLite
import Foundation
import Ingest

/// kb's FTS5 tokenizer, registered as `kb` on every connection.
///
/// Documents: column values start with a language tag (`\u{1}sv\u{1}`) that picks the stemmer; each word is
/// indexed as its stem, plus colocated compound parts (see `Analyzer`); stems with diacritics are noted in
/// the connection's `FoldedSpellings`.
/// Queries: kb plans queries itself, so query text arrives already analysed: space-separated terms, each
/// term's alternatives joined by `|`, emitted as colocated synonyms.
enum KBTokenizer {
    static let name = "kb"
    static let languageTag: UInt8 = 0x01

    /// The value to index for a column: the language tag, then the text.
    static func tagged(_ text: String, language: String?) -> String {
        "\u{1}\(language ?? "sv")\u{1}" + text
    }

    /// Registers the tokenizer on a connection; FTS5 tables using `tokenize='kb'` need it before any access.
    static func register(on db: OpaquePointer, context: TokenizerContext) throws {
        var api: UnsafeMutablePointer<fts5_api>? = nil
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nil) == SQLITE_OK else {
            throw IndexError("this SQLite has no FTS5: install libsqlite3 with FTS5 enabled")
        }
        defer { sqlite3_finalize(stmt) }
        let tag: StaticString = "fts5_api_ptr"
        withUnsafeMutablePointer(to: &api) { ptr in
            _ = tag.withUTF8Buffer { buf in
                sqlite3_bind_pointer(stmt, 1, UnsafeMutableRawPointer(ptr), UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), nil)
            }
        }
        _ = sqlite3_step(stmt)
        guard let api else { throw IndexError("cannot reach SQLite's FTS5 API") }
        var tokenizer = fts5_tokenizer(xCreate: kbCreate, xDelete: kbDelete, xTokenize: kbTokenize)
        let retained = Unmanaged.passRetained(context).toOpaque()
        let rc = api.pointee.xCreateTokenizer(api, name, retained, &tokenizer, kbDestroyContext)
        guard rc == SQLITE_OK else { throw IndexError("cannot register the kb tokenizer (SQLite error \(rc))") }
        try RankFunction.register(on: api)
    }
}

/// What every tokenizer of a connection shares: where spellings with diacritics are noted, and the values
/// whose terms a parsing thread already worked out.
final class TokenizerContext: @unchecked Sendable {
    let spellings: FoldedSpellings
    let prepared = PreparedValues()
    init(spellings: FoldedSpellings) { self.spellings = spellings }
}

/// Per-table tokenizer state: its own analyzer, since Snowball stemmers are not thread-safe. Parsing threads
/// each have one too (see `PreparedTokens`), so the single writer need not analyse the text it indexes.
final class TokenizerInstance {
    let analyzer = Analyzer(decompound: true, caching: false)
    /// Terms by word, one cache per language.
    private var caches: [String: TermCache] = [:]
    /// Values analysed ahead of writing, taken in the order FTS5 asks for them.
    let prepared: PreparedValues?
    /// A value's words while it is analysed: their cache keys back to back, where each lies, and the part
    /// starts of the few words whose parts do not fit in a key.
    fileprivate var keys: [UInt8] = []
    fileprivate var words: [CollectedWord] = []
    fileprivate var longParts: [[Int]] = []
    init(spellings: FoldedSpellings?, prepared: PreparedValues? = nil) {
        analyzer.spellings = spellings
        self.prepared = prepared
    }

    func cache(_ language: String) -> TermCache {
        if let c = caches[language] { return c }
        let c = TermCache()
        caches[language] = c
        return c
    }

    /// A word's terms: the word's own, then its parts' not already among them.
    func terms(_ word: WordScanner.Word, language: String) -> [String] {
        var terms = analyzer.indexTerms(word.text, language: language)
        for part in word.parts { for t in analyzer.indexTerms(part, language: language) where !terms.contains(t) { terms.append(t) } }
        return terms
    }
}

/// Releases the connection's `TokenizerContext` when SQLite drops the tokenizer.
private func kbDestroyContext(_ ctx: UnsafeMutableRawPointer?) {
    guard let ctx else { return }
    Unmanaged<TokenizerContext>.fromOpaque(ctx).release()
}

private func kbCreate(_ ctx: UnsafeMutableRawPointer?, _ args: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ n: Int32,
                      _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    let context = ctx.map { Unmanaged<TokenizerContext>.fromOpaque($0).takeUnretainedValue() }
    let instance = TokenizerInstance(spellings: context?.spellings, prepared: context?.prepared)
    out?.pointee = OpaquePointer(Unmanaged.passRetained(instance).toOpaque())
    return SQLITE_OK
}

private func kbDelete(_ tokenizer: OpaquePointer?) {
    guard let tokenizer else { return }
    Unmanaged<TokenizerInstance>.fromOpaque(UnsafeRawPointer(tokenizer)).release()
}

typealias TokenCallback = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32

private func kbTokenize(_ tokenizer: OpaquePointer?, _ ctx: UnsafeMutableRawPointer?, _ flags: Int32,
                        _ text: UnsafePointer<CChar>?, _ length: Int32, _ emit: TokenCallback?) -> Int32 {
    guard let tokenizer, let text, let emit, length > 0 else { return SQLITE_OK }
    let instance = Unmanaged<TokenizerInstance>.fromOpaque(UnsafeRawPointer(tokenizer)).takeUnretainedValue()
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: Int(length))
    if flags & FTS5_TOKENIZE_QUERY != 0 {
        return tokenizeQuery(bytes, ctx: ctx, emit: emit)
    }
    if let prepared = instance.prepared?.take(matching: bytes) {
        return prepared.replay { term, colocated, start, end in
            term.withMemoryRebound(to: CChar.self) { c in
                emit(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, c.baseAddress, Int32(c.count), start, end)
            }
        }
    }
    var rc = SQLITE_OK
    instance.analyse(bytes) { term, colocated, start, end in
        rc = term.withMemoryRebound(to: CChar.self) { c in
            emit(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, c.baseAddress, Int32(c.count), start, end)
        }
        return rc == SQLITE_OK
    }
    return rc
}

extension TokenizerInstance {
    /// Hands each index term of a tagged column value to `emit` (the term's bytes, whether it shares the
    /// previous term's position, and the word's byte range in `bytes`) until `emit` returns false.
    func analyse(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (UnsafeBufferPointer<UInt8>, Bool, Int32, Int32) -> Bool) {
        var language = "sv"
        var body = bytes
        if bytes.count > 2, bytes[0] == KBTokenizer.languageTag, let close = bytes[1...].firstIndex(of: KBTokenizer.languageTag) {
            language = String(decoding: UnsafeBufferPointer(rebasing: bytes[1..<close]), as: UTF8.self)
            body = UnsafeBufferPointer(rebasing: bytes[(close + 1)...])
        }
        let offset = bytes.count - body.count
        let cache = self.cache(language)
        // The words are collected first, each with the key its terms are cached under and its hash, and their
        // cache slots, then records, are fetched together: the look-ups are memory-bound and now overlap.
        keys.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        longParts.removeAll(keepingCapacity: true)
        WordScanner.scanRaw(body) { raw in
            let keyStart = keys.count
            keys.append(contentsOf: raw.bytes)
            var parts = Int32(-1)   // the word's parts: in the key (-1), or in `longParts` (not cached)
            if raw.hasParts {
                // A word with parts is keyed by its bytes, a byte that UTF-8 never uses, and where its parts begin.
                if raw.partStarts.allSatisfy({ $0 < 0xFF }) {
                    keys.append(0xFF)
                    for p in raw.partStarts { keys.append(UInt8(p)) }
                } else {
                    parts = Int32(longParts.count)
                    longParts.append(raw.partStarts)
                }
            }
            let h = keys.withUnsafeBufferPointer { TermCache.hash(UnsafeBufferPointer(rebasing: $0[keyStart...])) }
            if parts < 0 { cache.prefetchSlot(hash: h) }
            words.append(CollectedWord(keyStart: keyStart, keyCount: keys.count - keyStart, wordCount: raw.bytes.count, hash: h,
                                       start: Int32(raw.start + offset), end: Int32(raw.end + offset), nonASCII: raw.nonASCII, parts: parts))
        }
        for w in words where w.parts < 0 { cache.prefetchRecord(hash: w.hash) }
        keys.withUnsafeBufferPointer { all in
            for w in words {
                var going = true
                func emitTerm(_ term: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
                    going = emit(term, i != 0, w.start, w.end)
                    return going
                }
                let key = UnsafeBufferPointer(rebasing: all[w.keyStart..<(w.keyStart + w.keyCount)])
                let wordBytes = UnsafeBufferPointer(rebasing: all[w.keyStart..<(w.keyStart + w.wordCount)])
                let partStarts: [Int]
                if w.parts >= 0 { partStarts = longParts[Int(w.parts)] }
                else if w.keyCount > w.wordCount { partStarts = all[(w.keyStart + w.wordCount + 1)..<(w.keyStart + w.keyCount)].map(Int.init) }
                else { partStarts = [0] }
                let raw = WordScanner.RawWord(bytes: wordBytes, nonASCII: w.nonASCII, partStarts: partStarts, start: 0, end: 0)
                if w.parts >= 0 {
                    for (i, var t) in self.terms(raw.word(), language: language).enumerated() where going {
                        _ = t.withUTF8 { emitTerm($0, i) }
                    }
                } else if cache.withTerms(of: key, hash: w.hash, emitTerm) == nil {
                    let terms = self.terms(raw.word(), language: language)
                    cache.store(key, hash: w.hash, terms: terms)
                    for (i, var t) in terms.enumerated() where going {
                        _ = t.withUTF8 { emitTerm($0, i) }
                    }
                }
                if !going { return }
            }
        }
    }
}

/// A word of a value being analysed, as `TokenizerInstance.analyse` collects it before looking it up.
struct CollectedWord {
    var keyStart: Int
    var keyCount: Int
    var wordCount: Int
    var hash: UInt64
    var start: Int32
    var end: Int32
    var nonASCII: Bool
    var parts: Int32
}

/// Query text is pre-analysed by the planner: `a|b c` is two positions, the first with two alternatives.
private func tokenizeQuery(_ bytes: UnsafeBufferPointer<UInt8>, ctx: UnsafeMutableRawPointer?, emit: TokenCallback) -> Int32 {
    var i = 0
    let n = bytes.count
    while i < n {
        while i < n, bytes[i] == 0x20 { i += 1 }
        let start = i
        while i < n, bytes[i] != 0x20 { i += 1 }
        guard i > start else { continue }
        var first = true
        var s = start
        for j in start...i where j == i || bytes[j] == UInt8(ascii: "|") {
            if j > s {
                let rc = bytes.baseAddress!.advanced(by: s).withMemoryRebound(to: CChar.self, capacity: j - s) { p in
                    emit(ctx, first ? 0 : FTS5_TOKEN_COLOCATED, p, Int32(j - s), Int32(start), Int32(i))
                }
                if rc != SQLITE_OK { return rc }
                first = false
            }
            s = j + 1
        }
    }
    return SQLITE_OK
}
