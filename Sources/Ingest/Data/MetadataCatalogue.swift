import Foundation
import Yams

/// The lawyer-edited `documents.yaml` beside the documents: one entry per file name.
public struct MetadataCatalogue: Sendable {
    public static let fileName = "documents.yaml"
    public var entries: [String: DocumentMetadata]
    /// The entry text per file, hashed into a document's freshness so an edit triggers re-ingest.
    public var fingerprints: [String: String]

    public init(entries: [String: DocumentMetadata] = [:], fingerprints: [String: String] = [:]) {
        self.entries = entries; self.fingerprints = fingerprints
    }

    /// Loads `documents.yaml` from a directory; a missing file is an empty catalogue.
    public static func load(directory: URL) throws -> MetadataCatalogue {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return MetadataCatalogue() }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CatalogueError(file: url.path, message: "cannot read it as UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws -> MetadataCatalogue {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw CatalogueError(file: file, message: "not valid YAML: \(error)")
        }
        guard let map = root as? [String: Any] else {
            if root == nil { return MetadataCatalogue() }
            throw CatalogueError(file: file, message: "expected a mapping from file names to entries")
        }
        var catalogue = MetadataCatalogue()
        for (name, value) in map {
            guard let fields = value as? [String: Any] else {
                throw CatalogueError(file: file, message: "entry '\(name)' is not a mapping of fields")
            }
            var m = DocumentMetadata()
            func str(_ key: String) -> String? {
                guard let v = fields[key] else { return nil }
                if let d = v as? Date { return ISODate.format(d) }
                let s = "\(v)".trimmingCharacters(in: .whitespacesAndNewlines)
                return s.isEmpty ? nil : s
            }
            m.id = str("id")
            m.title = str("title")
            m.issuer = str("issuer")
            if let k = str("kind") {
                guard let kind = DocumentKind(label: k) else {
                    throw CatalogueError(file: file, message: "entry '\(name)': unknown kind '\(k)' (use one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                m.kind = kind
            }
            if let d = str("date"), d.lowercased() != "unknown" {
                guard let iso = ISODate.normalise(d) else {
                    throw CatalogueError(file: file, message: "entry '\(name)': date '\(d)' is not YYYY-MM-DD, YYYY-MM, YYYY or unknown")
                }
                m.date = iso
            }
            m.dateNote = str("date_note")
            m.language = str("language").flatMap(LanguageCode.normalise)
            m.description = str("description")
            m.author = str("author")
            if let s = fields["supersedes"] {
                m.supersedes = (s as? [Any])?.map { "\($0)" } ?? ["\(s)"]
            }
            catalogue.entries[name] = m
            catalogue.fingerprints[name] = String(describing: fields.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" })
        }
        return catalogue
    }
}

/// A data file in `corpus/` that kb cannot use, with the file and what to fix.
public struct CatalogueError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }

    public init(file: String, message: String) {
        self.file = file
        self.message = Self.oneLine(message)
    }

    /// A message fit for one line of a terminal: a YAML parser quotes the offending line, and in a binary or
    /// damaged file that line is control bytes and undecodable text.
    static func oneLine(_ text: String, limit: Int = 300) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if out.count >= limit { out.append("…"); break }
            switch scalar {
            case "\n", "\t", "\r": out.append(" ")
            case _ where scalar.properties.generalCategory == .control || scalar == "\u{FFFD}": out.append("?")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
