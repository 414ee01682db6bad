import Foundation
import Yams

/// The names of statutes, cases and EU acts kb resolves references against (`corpus/legal-sources.yaml`).
public struct LegalSources: Sendable {
    public static let fileName = "legal-sources.yaml"

    /// A Swedish act: its SFS number, readable label, full names and abbreviations.
    public struct Statute: Sendable {
        public var sfs: String
        public var label: String
        public var names: [String]
        public var abbreviations: [String]
        public var target: String { "SFS \(sfs)" }
    }

    /// A case or act known by a name ("Schrems II", "GDPR").
    public struct NamedSource: Sendable {
        public var target: String
        public var names: [String]
    }

    public var statutes: [Statute]
    public var cases: [NamedSource]
    public var euActs: [NamedSource]

    public init(statutes: [Statute] = [], cases: [NamedSource] = [], euActs: [NamedSource] = []) {
        self.statutes = statutes; self.cases = cases; self.euActs = euActs
    }

    public static func parse(_ yaml: String, file: String) throws -> LegalSources {
        let root: Any?
        root = try DataFiles.parseYAML(yaml, file: file)
        guard let map = root as? [String: Any] else { throw CatalogueError(file: file, message: "expected statutes:, cases: and eu_acts:") }
        func strings(_ v: Any?) -> [String] { (v as? [Any])?.map { "\($0)" } ?? [] }
        var s = LegalSources()
        for item in (map["statutes"] as? [[String: Any]]) ?? [] {
            guard let sfs = item["sfs"].map({ "\($0)" }), sfs.range(of: #"^\d{4}:\d+$"#, options: .regularExpression) != nil else {
                throw CatalogueError(file: file, message: "a statute lacks an sfs number like \"2018:218\"")
            }
            s.statutes.append(Statute(sfs: sfs, label: item["label"].map { "\($0)" } ?? "SFS \(sfs)",
                                      names: strings(item["names"]), abbreviations: strings(item["abbreviations"])))
        }
        for item in (map["cases"] as? [[String: Any]]) ?? [] {
            guard let t = item["target"].map({ "\($0)" }) else { throw CatalogueError(file: file, message: "a case lacks its target") }
            s.cases.append(NamedSource(target: t, names: strings(item["names"])))
        }
        for item in (map["eu_acts"] as? [[String: Any]]) ?? [] {
            guard let t = item["target"].map({ "\($0)" }) else { throw CatalogueError(file: file, message: "an EU act lacks its target") }
            s.euActs.append(NamedSource(target: t, names: strings(item["names"])))
        }
        return s
    }

    /// The file next to the documents, else the installed or bundled copy; empty when none is found.
    public static func locate(near roots: [String]) throws -> LegalSources {
        guard let url = DataFiles.locate(fileName, near: roots), let data = FileManager.default.contents(atPath: url.path) else {
            return LegalSources()
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }
}
