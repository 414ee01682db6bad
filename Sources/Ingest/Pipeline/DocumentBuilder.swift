import Foundation

/// Reads one file into an `IngestedDocument`: the read → segment → describe steps for a single file.
public struct DocumentBuilder: Sendable {
    /// Files larger than this are skipped with a message.
    public var maxSize: Int
    /// Most lines a text file (and most blocks any file) may have: each becomes a passage, and a passage costs
    /// about 700 bytes of memory until the document is written, so a file of millions of one-word lines would
    /// take gigabytes. A million is about 50 MB of prose; a file with more is refused with a message.
    public var maxParts = 1_000_000
    /// Finds legal references; nil skips that step.
    public var references: ReferenceExtractor?
    /// Recognises organisations, to infer issuers; nil leaves issuers to the metadata.
    public var organisations: OrganisationMatcher?
    /// Finds claims and links them to positions; nil skips that step.
    public var claims: ClaimExtractor?
    /// Hash of the data files in use (thesaurus, positions, organisations, legal sources).
    public var dataVersion = ""
    /// Bumped whenever reading or extraction changes, so upgrading kb re-derives documents on the next refresh.
    public static let rulesVersion = "kb-rules-21"

    public init(maxSize: Int = 64 * 1_048_576, references: ReferenceExtractor? = nil, organisations: OrganisationMatcher? = nil) {
        self.maxSize = maxSize
        self.references = references
        self.organisations = organisations
    }

    /// Formats read line by line, whose lines can be counted before reading.
    static let lineFormats: Set<String> = ["txt", "text", "", "md", "markdown", "csv", "tsv", "tab"]

    /// The derivation a document read now would get; compared with the stored one to skip unchanged files unread.
    public func derivation(fingerprint: String?) -> String {
        var h = ContentHash()
        h.add(Data((Self.rulesVersion + "\u{0}" + dataVersion + "\u{0}" + (fingerprint ?? "")).utf8))
        return h.hex
    }

    public func build(_ url: URL, metadata entry: DocumentMetadata?, fingerprint: String?) throws -> IngestedDocument {
        let ext = url.pathExtension.lowercased()
        guard let reader = ReaderRegistry.reader(forExtension: ext) else { throw IngestError.unsupported(ext.isEmpty ? "(none)" : "." + ext) }
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: url.path) } catch {
            throw IngestError.unreadable("no such file or no permission")
        }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory { throw IngestError.unreadable("is a directory") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > maxSize { throw IngestError.tooLarge(size: size, limit: maxSize) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IngestError.unreadable("permission denied or I/O error")
        }
        if Self.lineFormats.contains(ext) {
            // Counted on the bytes before reading: the reader would hold every line first.
            let lines = data.withUnsafeBytes { raw in raw.reduce(into: 0) { n, b in if b == 0x0A { n += 1 } } }
            if lines > maxParts { throw IngestError.tooManyParts(count: lines, limit: maxParts, unit: "lines") }
        }
        var read = ControlCharacters.cleaned(try reader.read(data, name: url.lastPathComponent))
        if read.blocks.count > maxParts { throw IngestError.tooManyParts(count: read.blocks.count, limit: maxParts, unit: "paragraphs, rows or items") }
        read.blocks = PassageBounds.bounded(read.blocks.filter { !$0.text.isEmpty })
        guard !read.blocks.isEmpty else { throw IngestError.noText("nothing but white space or markup") }

        let inferred = MetadataInference.infer(blocks: read.blocks, fileName: url.lastPathComponent)
        // The opening's blocks split into words for the issuer are most of the first passages: split once.
        let openingWords = WordsCache()
        var metadata = (entry ?? DocumentMetadata()).filling(from: read.metadata).filling(from: inferred)
        if entry?.issuer == nil, read.metadata.issuer == nil, let organisations {
            // An infobox's "IMY (Sweden)" becomes the canonical IMY; otherwise read the issuer from the text.
            if let named = metadata.issuer, let org = organisations.canonical(named) { metadata.issuer = org.name }
            else if metadata.issuer == nil {
                metadata.issuer = organisations.inferIssuer(title: metadata.title ?? "", blocks: read.blocks, words: openingWords.words)
                    ?? organisations.namedFirst(inFileName: url.lastPathComponent)?.name
            }
        }
        metadata.id = metadata.id.map(Segmenter.slug) ?? Segmenter.slug(url.lastPathComponent)
        let (sections, passages) = Segmenter.segment(read.blocks, documentID: metadata.id ?? "doc",
                                                     defaultLanguage: metadata.language)
        var hasher = ContentHash()
        hasher.add(data)
        var derivation = ContentHash()
        derivation.add(Data((Self.rulesVersion + "\u{0}" + dataVersion + "\u{0}" + (fingerprint ?? "")).utf8))
        var doc = IngestedDocument(source: url.standardizedFileURL.path, format: reader.format, metadata: metadata,
                                   sections: sections, passages: passages, contentHash: hasher.hex, size: size,
                                   modified: attributes[.modificationDate] as? Date, notes: read.notes)
        doc.derivation = derivation.hex
        if let references {
            let words = passages.map { openingWords.existing($0.text) ?? PhraseMatcher.Words($0.text) }
            var context = references.context(for: words)
            doc.references = words.map { references.extract($0, context: &context) }
            var titleContext = ReferenceExtractor.DocumentContext()
            let identityKinds: Set<LegalReference.Kind> = [.euCase, .diary, .ecli, .edpb, .preparatory, .swedishCase]
            doc.identity = references.extract(metadata.title ?? "", context: &titleContext)
                .filter { identityKinds.contains($0.kind) }.map(\.target)
        }
        if let claims {
            doc.claims = claims.extract(passages: passages.map { p in (p.text, p.kind, p.sectionIndex.map { sections[$0].heading }) }, metadata: metadata)
        }
        return doc
    }
}

/// FNV-1a over 128 bits (two 64-bit lanes): enough to tell file versions apart, with no extra dependency.
public struct ContentHash: Sendable {
    private var a: UInt64 = 0xcbf29ce484222325
    private var b: UInt64 = 0x84222325cbf29ce4
    public init() {}
    public mutating func add(_ data: Data) {
        data.withUnsafeBytes { add(bytes: $0) }
    }
    public mutating func add(bytes raw: UnsafeRawBufferPointer) {
        for byte in raw {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte ^ 0x5A)) &* 0x100000001b3
        }
    }
    /// 32 lower-case hex digits; written digit by digit, since `String(format:)` costs more than the hashing.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 {
            out[15 - i] = digits[Int((a >> UInt64(4 * i)) & 0xF)]
            out[31 - i] = digits[Int((b >> UInt64(4 * i)) & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Texts split into words, kept for a second reader of the same text within one document. Looked up by the
/// bytes (`ByteKeyTable`): a `String` key would be hashed and compared through Unicode normalisation, costing
/// more than a split.
final class WordsCache {
    private let table = ByteKeyTable()
    private var known: [PhraseMatcher.Words] = []

    func words(_ text: String) -> PhraseMatcher.Words {
        var source = text
        return source.withUTF8 { key in
            let h = ByteKeyTable.hash(key)
            if let hit = table.value(for: key, hash: h) { return known[Int(hit)] }
            let w = PhraseMatcher.Words(text)
            table.insert(key, hash: h, value: Int32(known.count))
            known.append(w)
            return w
        }
    }

    /// The words of `text` if they were split before, else nil.
    func existing(_ text: String) -> PhraseMatcher.Words? {
        guard !known.isEmpty else { return nil }
        var source = text
        return source.withUTF8 { key in table.value(for: key, hash: ByteKeyTable.hash(key)).map { known[Int($0)] } }
    }
}
