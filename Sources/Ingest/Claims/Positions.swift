import Foundation
import Yams

/// The catalogue of canonical propositions (`corpus/positions.yaml`) that claims affirm, deny or qualify.
public struct Positions: Sendable {
    public static let fileName = "positions.yaml"

    /// One proposition and what characterises a sentence about it.
    public struct Position: Sendable, Equatable {
        public var id: String
        public var titleSV: String
        public var titleEN: String
        /// Every group must be spoken of; a group is satisfied by any of its concept ids or phrases.
        public var requires: [[String]]
        public var affirmCues: [String]
        public var denyCues: [String]
        /// For positions worded negatively ("contracts cannot override US law"), a negation affirms them.
        public var negationAffirms: Bool
        public var related: [String]
    }

    public var all: [Position]
    public init(_ all: [Position] = []) { self.all = all }

    public static func parse(_ yaml: String, file: String) throws -> Positions {
        let root: Any?
        root = try DataFiles.parseYAML(yaml, file: file)
        guard let list = root as? [Any] else { throw CatalogueError(file: file, message: "expected a list of positions (- id: ..., sv: ..., en: ..., requires: ...)") }
        func strings(_ v: Any?) -> [String] { (v as? [Any])?.map { "\($0)" } ?? [] }
        var out: [Position] = []
        var seen = Set<String>()
        for (i, item) in list.enumerated() {
            guard let m = item as? [String: Any], let id = m["id"].map({ "\($0)" }) else {
                throw CatalogueError(file: file, message: "position \(i + 1) has no id")
            }
            guard seen.insert(id).inserted else { throw CatalogueError(file: file, message: "position id '\(id)' appears twice") }
            let requires = (m["requires"] as? [Any])?.map(strings) ?? []
            guard !requires.isEmpty, requires.allSatisfy({ !$0.isEmpty }) else {
                throw CatalogueError(file: file, message: "position '\(id)' needs `requires:` with at least one non-empty group")
            }
            out.append(Position(id: id, titleSV: m["sv"].map { "\($0)" } ?? id, titleEN: m["en"].map { "\($0)" } ?? id,
                                requires: requires, affirmCues: strings(m["affirm_cues"]), denyCues: strings(m["deny_cues"]),
                                negationAffirms: (m["negation"].map { "\($0)" } ?? "denies") == "affirms", related: strings(m["related"])))
        }
        return Positions(out)
    }

    public static func locate(near roots: [String]) throws -> Positions {
        guard let url = DataFiles.locate(fileName, near: roots), let data = FileManager.default.contents(atPath: url.path) else { return Positions() }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }
}
