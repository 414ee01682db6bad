import Foundation
import Yams

/// The organisations kb knows (`corpus/organisations.yaml`): canonical names and the ways texts write them.
public struct Organisations: Sendable {
    public static let fileName = "organisations.yaml"

    /// One organisation and its aliases.
    public struct Organisation: Sendable, Equatable {
        public var id: String
        public var name: String
        public var aliases: [String]
        public var kind: String
        public var country: String?
        /// Newspapers and case-law databases report positions; they do not hold them.
        public var reports: Bool
    }

    public var all: [Organisation]
    public init(_ all: [Organisation] = []) { self.all = all }

    public static func parse(_ yaml: String, file: String) throws -> Organisations {
        let root: Any?
        root = try DataFiles.parseYAML(yaml, file: file)
        guard let list = root as? [Any] else { throw CatalogueError(file: file, message: "expected a list of organisations (- id: ..., name: ...)") }
        var out: [Organisation] = []
        for (i, item) in list.enumerated() {
            guard let m = item as? [String: Any], let id = m["id"].map({ "\($0)" }), let name = m["name"].map({ "\($0)" }) else {
                throw CatalogueError(file: file, message: "organisation \(i + 1) needs an id and a name")
            }
            let aliases = ((m["aliases"] as? [Any])?.map { "\($0)" } ?? []) + [name]
            out.append(Organisation(id: id, name: name, aliases: Array(Set(aliases)).sorted { $0.count > $1.count },
                                    kind: m["kind"].map { "\($0)" } ?? "other", country: m["country"].map { "\($0)" },
                                    reports: ["true", "yes", "on"].contains(m["reports"].map { "\($0)".lowercased() } ?? "")))
        }
        return Organisations(out)
    }

    public static func locate(near roots: [String]) throws -> Organisations {
        guard let url = DataFiles.locate(fileName, near: roots), let data = FileManager.default.contents(atPath: url.path) else {
            return Organisations()
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }
}

/// Finds organisations named in text, longest alias first; acronyms match only in capitals.
public struct OrganisationMatcher: Sendable {
    public let organisations: Organisations
    let matcher: PhraseMatcher

    public init(_ organisations: Organisations) {
        self.organisations = organisations
        var phrases: [(text: String, caseSensitive: Bool, genitive: Bool, value: Int)] = []
        for (i, o) in organisations.all.enumerated() {
            for a in o.aliases {
                let acronym = a.count <= 6 || a == a.uppercased()
                phrases.append((a, acronym, !acronym, i))
            }
        }
        matcher = PhraseMatcher(phrases)
    }

    /// Organisations named in `text`, in order, with their UTF-16 ranges.
    public func mentions(in text: String) -> [(Organisations.Organisation, NSRange)] {
        matcher.matches(in: text).map { (organisations.all[$0.value], $0.range) }
    }

    /// As `mentions(in:)`, on a text already split into words.
    public func mentions(in words: PhraseMatcher.Words) -> [(Organisations.Organisation, NSRange)] {
        matcher.matches(in: words).map { (organisations.all[$0.value], $0.range) }
    }

    /// The canonical organisation a free-text name refers to ("IMY (Sweden)" → IMY), if any.
    public func canonical(_ name: String) -> Organisations.Organisation? {
        guard let first = mentions(in: name).first, first.1.location <= 2 else { return nil }
        return first.0
    }

    /// The organisation a file's name opens with ("015_safespring-whitepaper-schrems-ii-sv.md" → Safespring,
    /// "imy-beslut-2023.pdf" → IMY), any case; a leading number is skipped. Asked only when the text names no
    /// issuer: a name may as well say what a document is about.
    public func namedFirst(inFileName fileName: String) -> Organisations.Organisation? {
        let stem = (fileName as NSString).deletingPathExtension
        let tokens = stem.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }).map(String.init)
        guard let first = tokens.first(where: { !$0.allSatisfy(\.isNumber) }) else { return nil }
        let wanted = first.lowercased()
        return organisations.all.first { o in o.aliases.contains { $0.lowercased() == wanted } }
    }

    static let firstPerson = try! Pattern(pattern: "(?:\\bvi (?:på|hos|i)|\\bwe at|\\bhär på|\\bhos oss på)\\s+$", options: [.caseInsensitive])
    /// Words without which neither `firstPerson` nor `toMedia` can match.
    static let voiceCues = ["vi på", "vi hos", "vi i", "we at", "här på", "hos oss", "säger", "berättar", "skriver", "says", "told", "tells"]
    static let voiceCueSet = NeedleSet(voiceCues)
    static let toMedia = try! Pattern(pattern: "(?:säger|berättar|skriver|says|told|tells)(?:\\s+\\p{L}+)?\\s+(?:till|to)\\s+$", options: [.caseInsensitive])

    /// Who issued a document, read from its title and opening text, or nil when nothing says.
    /// `words` splits a block's text into words; a caller that needs the same texts split again can keep them.
    public func inferIssuer(title: String, blocks: [Block], words: (String) -> PhraseMatcher.Words = PhraseMatcher.Words.init) -> String? {
        let opening = Array(blocks.prefix(60))
        var found: [Int: [(Organisations.Organisation, NSRange)]] = [:]
        func names(inBlock i: Int) -> [(Organisations.Organisation, NSRange)] {
            if let hit = found[i] { return hit }
            let m = self.mentions(in: words(opening[i].text))
            found[i] = m
            return m
        }
        // "vi på Safespring", "säger till Computer Sweden": the text names its own voice. Only blocks holding
        // such words are searched for names (most hold none).
        for (i, block) in opening.enumerated() where Self.voiceCueSet.containsAny(inAnyCase: block.text) {
            let ns = UTF16Text(block.text)
            for (org, range) in names(inBlock: i) {
                // The text before the name, as its own range: with opaque bounds "$" is the name's start.
                let before = NSRange(location: 0, length: range.location)
                if Self.firstPerson.firstMatch(in: ns.units, range: before) != nil { return org.name }
                if org.kind == "media", Self.toMedia.firstMatch(in: ns.units, range: before) != nil { return org.name }
            }
        }
        if let inTitle = mentions(in: title).first(where: { $0.0.kind != "vendor" || title.hasPrefix(String($0.0.aliases.last ?? "")) }) {
            return inTitle.0.name
        }
        // Failing that, an authority the opening keeps naming; vendors and governments are usually what a text is about, not who wrote it.
        var counts: [String: Int] = [:]
        let authorities: Set<String> = ["dpa", "court", "eu-body", "agency", "municipality", "association"]
        for i in opening.indices.prefix(30) {
            for (org, _) in names(inBlock: i) where authorities.contains(org.kind) { counts[org.name, default: 0] += 1 }
        }
        if let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }), best.value >= 4 { return best.key }
        return nil
    }
}
