import Foundation
import Ingest

/// Copies the editable data files (the thesaurus) into the index, so a search never parses them.
public struct DataLoader {
    let index: Index
    public init(index: Index) { self.index = index }

    /// Loads the thesaurus found near `roots` (or the bundled one) when it differs from what the index holds.
    /// Returns the file used, or nil when none was found.
    @discardableResult
    public func refreshThesaurus(near roots: [String]) throws -> URL? {
        guard let url = DataFiles.locate(Thesaurus.fileName, near: roots) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        var hasher = ContentHash()
        hasher.add(data)
        let db = index.db
        if try db.scalar("SELECT value FROM meta WHERE key = 'thesaurus_hash'").string == hasher.hex { return url }
        let thesaurus = try Thesaurus.parse(String(decoding: data, as: UTF8.self), file: url.path)
        try store(thesaurus, source: url.path, hash: hasher.hex)
        return url
    }

    public func store(_ thesaurus: Thesaurus, source: String, hash: String) throws {
        let db = index.db
        let analyzer = Analyzer(decompound: false)
        try db.transaction {
            try db.execute("DELETE FROM thesaurus_terms")
            let insert = try db.prepare("INSERT INTO thesaurus_terms(concept, language, term, key) VALUES(?,?,?,?)")
            for concept in thesaurus.concepts {
                for term in concept.terms {
                    for key in ThesaurusKey.keys(term.text, analyzer: analyzer) {
                        try insert.bind([.text(concept.id), .text(term.language), .text(term.text), .text(key)])
                        while try insert.step() {}
                        insert.reset()
                    }
                }
            }
            try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES('thesaurus_hash', ?), ('thesaurus_source', ?)", [.text(hash), .text(source)])
        }
    }
}

/// How a wording is looked up in the thesaurus: its words stemmed (Swedish and English) and folded.
enum ThesaurusKey {
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var t = text
        t.withUTF8 { buf in WordScanner.scan(buf) { out.append($0.text) } }
        return out
    }

    static func parts(_ text: String) -> [String] {
        var out: [String] = []
        var t = text
        t.withUTF8 { buf in WordScanner.scan(buf) { out += $0.parts } }
        return out
    }

    static func keys(_ text: String, analyzer: Analyzer) -> Set<String> {
        keys(words: words(text), analyzer: analyzer)
    }

    static func keys(words: [String], analyzer: Analyzer) -> Set<String> {
        guard !words.isEmpty else { return [] }
        var out = Set<String>()
        for lang in ["sv", "en"] {
            out.insert(words.map { Folding.fold(analyzer.stem($0, language: lang)) }.joined(separator: " "))
        }
        return out
    }
}
