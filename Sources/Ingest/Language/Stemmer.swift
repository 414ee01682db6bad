import CStemmer

/// A Snowball stemmer from libstemmer for one language; not thread-safe, so each tokenizer owns its own.
public final class Stemmer {
    private let handle: OpaquePointer?
    public let language: String

    /// Snowball algorithm names for the language codes kb detects.
    public static let algorithms = ["sv": "swedish", "en": "english", "de": "german", "da": "danish", "no": "norwegian",
                             "fi": "finnish", "fr": "french", "nl": "dutch"]

    public init?(language: String) {
        guard let algorithm = Self.algorithms[language], let h = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        handle = h
        self.language = language
    }

    deinit { if let handle { sb_stemmer_delete(handle) } }

    /// Stems a lower-cased word; returns it unchanged when stemming fails.
    public func stem(_ word: String) -> String {
        guard let handle else { return word }
        var word = word
        return word.withUTF8 { buf -> String in
            guard let base = buf.baseAddress else { return "" }
            guard let out = sb_stemmer_stem(handle, base, Int32(buf.count)) else { return String(decoding: buf, as: UTF8.self) }
            let n = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self)
        }
    }
}
