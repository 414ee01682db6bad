import Foundation
import Ingest

/// A column value's index terms, worked out on a parsing thread before the value is written: the single
/// writer then hands FTS5 these terms instead of analysing the text itself, which was a third of its work.
final class PreparedTokens: Sendable {
    /// The tagged value the terms are of: they are used only when FTS5 is given exactly these bytes.
    let value: String
    /// The terms' bytes, one after another.
    private let terms: [UInt8]
    /// Three numbers a term: where its bytes end in `terms` (the top bit set when it shares the previous
    /// term's position), then the byte range of its word in `value`.
    private let tokens: [UInt32]
    private static let colocated: UInt32 = 1 << 31

    init(value: String, analysedBy instance: TokenizerInstance) {
        var value = value
        var terms: [UInt8] = [], tokens: [UInt32] = []
        value.withUTF8 { bytes in
            instance.analyse(bytes) { term, colocated, start, end in
                terms.append(contentsOf: term)
                tokens.append(UInt32(terms.count) | (colocated ? Self.colocated : 0))
                tokens.append(UInt32(start))
                tokens.append(UInt32(end))
                return true
            }
        }
        self.value = value
        self.terms = terms
        self.tokens = tokens
    }

    /// Hands every term to `emit` as the tokenizer would (term, colocated, start, end); stops at the first
    /// code other than SQLITE_OK and returns it.
    func replay(_ emit: (UnsafeBufferPointer<UInt8>, Bool, Int32, Int32) -> Int32) -> Int32 {
        terms.withUnsafeBufferPointer { all in
            var from = 0
            var i = 0
            while i + 2 < tokens.count {
                let end = Int(tokens[i] & ~Self.colocated)
                let rc = emit(UnsafeBufferPointer(rebasing: all[from..<end]), tokens[i] & Self.colocated != 0,
                              Int32(tokens[i + 1]), Int32(tokens[i + 2]))
                if rc != 0 { return rc }
                from = end
                i += 3
            }
            return 0
        }
    }
}

/// The prepared values of the row being inserted, in column order: the writer loads them just before the
/// insert, and the tokenizer takes them one by one as FTS5 asks for each column.
final class PreparedValues: @unchecked Sendable {
    private var queue: [PreparedTokens] = []
    private var next = 0

    func load(_ values: [PreparedTokens]) { queue = values; next = 0 }
    func clear() { queue.removeAll(keepingCapacity: true); next = 0 }

    /// The next prepared value if it is exactly `bytes`; otherwise nil, and the rest of the queue is dropped
    /// (the tokenizer then analyses the text itself, as it always may).
    func take(matching bytes: UnsafeBufferPointer<UInt8>) -> PreparedTokens? {
        guard next < queue.count else { return nil }
        let candidate = queue[next]
        var value = candidate.value
        let same = value.withUTF8 { own in
            own.count == bytes.count && (own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0)
        }
        guard same else { clear(); return nil }
        next += 1
        return candidate
    }
}

/// What a passage is indexed by in `passage_fts`: its text, its section's heading and its document's title,
/// each tagged with the language whose stemmer reads it. The writer and the parsing threads both take the
/// values from here, so the prepared terms are of the very values inserted.
enum FullTextValues {
    struct Row { var text: String; var heading: String; var title: String }

    static func title(of doc: IngestedDocument) -> String {
        doc.metadata.title ?? (doc.source as NSString).lastPathComponent
    }

    /// The language a passage's text is stemmed in: its own when kb has a stemmer for it, else the document's.
    static func language(of passage: Passage, in doc: IngestedDocument) -> String {
        Stemmer.algorithms[passage.language] != nil ? passage.language : (doc.metadata.language ?? "sv")
    }

    /// One row for each passage, in order.
    static func rows(of doc: IngestedDocument) -> [Row] {
        let documentLanguage = doc.metadata.language ?? "sv"
        let title = KBTokenizer.tagged(title(of: doc), language: documentLanguage)
        let headings = doc.sections.map { KBTokenizer.tagged($0.heading, language: documentLanguage) }
        let none = KBTokenizer.tagged("", language: documentLanguage)
        return doc.passages.map { p in
            Row(text: KBTokenizer.tagged(p.text, language: language(of: p, in: doc)),
                heading: p.sectionIndex.map { headings[$0] } ?? none, title: title)
        }
    }

    /// The rows' terms worked out with `instance`; a heading or title shared by many passages is analysed once.
    static func prepare(_ rows: [Row], with instance: TokenizerInstance) -> [[PreparedTokens]] {
        var shared: [String: PreparedTokens] = [:]
        func once(_ value: String) -> PreparedTokens {
            if let known = shared[value] { return known }
            let p = PreparedTokens(value: value, analysedBy: instance)
            shared[value] = p
            return p
        }
        return rows.map { [PreparedTokens(value: $0.text, analysedBy: instance), once($0.heading), once($0.title)] }
    }
}
