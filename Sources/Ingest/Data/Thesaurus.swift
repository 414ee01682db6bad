import Foundation
import Yams

/// The bilingual legal thesaurus a lawyer edits (`corpus/thesaurus.yaml`): concepts with their Swedish and
/// English terms, used to expand searches across languages and wordings.
public struct Thesaurus: Sendable, Equatable {
    public static let fileName = "thesaurus.yaml"

    /// One legal concept and the ways it is written.
    public struct Concept: Sendable, Equatable {
        public var id: String
        public var terms: [Term]
        public var note: String?
        /// Marked `scope: search`: everyday words ("kund", "avtal") worth finding across languages but too
        /// general to mark a sentence as speaking to a legal position.
        public var searchOnly = false
    }

    /// A wording of a concept in one language.
    public struct Term: Sendable, Equatable {
        public var text: String
        public var language: String
    }

    public var concepts: [Concept]

    public init(concepts: [Concept]) { self.concepts = concepts }

    public static func parse(_ yaml: String, file: String) throws -> Thesaurus {
        let root: Any?
        root = try DataFiles.parseYAML(yaml, file: file)
        guard let list = root as? [Any] else {
            throw CatalogueError(file: file, message: "expected a list of concepts (- id: ..., sv: [...], en: [...])")
        }
        var concepts: [Concept] = []
        var seen = Set<String>()
        for (i, item) in list.enumerated() {
            guard let map = item as? [String: Any], let id = map["id"].map({ "\($0)" }), !id.isEmpty else {
                throw CatalogueError(file: file, message: "concept \(i + 1) has no id")
            }
            guard seen.insert(id).inserted else { throw CatalogueError(file: file, message: "concept id '\(id)' appears twice") }
            var terms: [Term] = []
            var searchOnly = false
            if let scope = map["scope"].map({ "\($0)" }) {
                guard scope == "search" || scope == "all" else {
                    throw CatalogueError(file: file, message: "concept '\(id)': scope is 'search' (search only) or 'all', not '\(scope)'")
                }
                searchOnly = scope == "search"
            }
            for (key, value) in map where key != "id" && key != "note" && key != "related" && key != "scope" {
                guard let language = LanguageCode.normalise(key) else {
                    throw CatalogueError(file: file, message: "concept '\(id)': '\(key)' is not a language code (use sv, en, ...)")
                }
                let values = (value as? [Any])?.map { "\($0)" } ?? ["\(value)"]
                for v in values {
                    let t = v.trimmingCharacters(in: .whitespaces)
                    if !t.isEmpty { terms.append(Term(text: t, language: language)) }
                }
            }
            terms.sort { ($0.language, $0.text) < ($1.language, $1.text) }
            guard terms.count >= 2 else { throw CatalogueError(file: file, message: "concept '\(id)' needs at least two terms") }
            concepts.append(Concept(id: id, terms: terms, note: map["note"].map { "\($0)" }, searchOnly: searchOnly))
        }
        return Thesaurus(concepts: concepts)
    }

    public static func load(_ url: URL) throws -> Thesaurus {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CatalogueError(file: url.path, message: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }
}

/// Finds kb's editable data files: beside the ingested documents first, then the installed or bundled copy.
public enum DataFiles {
    /// Parses a data file's YAML with every scalar read as text: a term such as "no" or "2020" stays what the
    /// lawyer wrote, and no scalar is tried against the implicit-type patterns (most of a parse's time).
    static func parseYAML(_ yaml: String, file: String) throws -> Any? {
        do { return try Yams.load(yaml: yaml, .basic) } catch { throw CatalogueError(file: file, message: "not valid YAML: \(error)") }
    }

    /// The `corpus/` folder of the source tree kb was built from.
    static let sourceCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpus")

    public static func locate(_ name: String, near roots: [String]) -> URL? {
        var candidates: [URL] = []
        for root in roots {
            let url = URL(fileURLWithPath: root)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
                candidates.append(isDir.boolValue ? url : url.deletingLastPathComponent())
            }
        }
        if let dir = ProcessInfo.processInfo.environment["KB_DATA"], !dir.isEmpty { candidates.append(URL(fileURLWithPath: dir)) }
        let exe = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/usr/local/bin/kb")).resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/kb"))
        candidates.append(sourceCorpus)
        for dir in candidates {
            let file = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: file.path) { return file }
        }
        return nil
    }
}
