import Foundation
import Ingest

/// A search as the user wrote it: required terms, alternatives, exclusions and metadata filters.
public struct SearchQuery: Sendable, Equatable {
    /// A word, a prefix (`överför*`) or an exact phrase.
    public struct Term: Sendable, Equatable {
        public var text: String
        public var isPhrase: Bool
        public var isPrefix: Bool
    }

    /// Every group must match; a group of several terms matches when any of them does (`a OR b`).
    public var required: [[Term]] = []
    public var excluded: [Term] = []
    public var filters = SearchFilters()

    public var isEmpty: Bool { required.isEmpty }
}

/// Metadata restrictions, from `issuer:` style operators or CLI options.
public struct SearchFilters: Sendable, Equatable {
    public var issuer: [String] = []
    public var kind: [String] = []
    public var language: [String] = []
    public var document: [String] = []
    /// Legal reference targets the passage must cite (`ref:"art. 46"`), already normalised.
    public var reference: [String] = []
    public var after: String? = nil
    public var before: String? = nil
    /// The corpus as it stood on this date: documents dated later are left out, undated ones kept.
    public var asOf: String? = nil
    public init() {}
}

/// A query the parser cannot make sense of, said in plain words.
public struct QuerySyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public var description: String { message }
}

/// Parses kb's query language: words, "phrases", OR, -exclusion, prefix*, and field:value filters.
public enum QueryParser {
    static let filterNames = ["issuer", "kind", "lang", "language", "after", "before", "doc", "document", "ref", "as-of"]

    public static func parse(_ input: String) throws -> SearchQuery {
        var query = SearchQuery()
        var pendingOr = false
        var tokens = try lex(input)
        if tokens.isEmpty { throw QuerySyntaxError(message: "the query is empty: type one or more words to search for") }
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .or:
                if query.required.isEmpty || pendingOr {
                    throw QuerySyntaxError(message: "OR needs a word or phrase on both sides (e.g. overföring OR transfer)")
                }
                pendingOr = true
            case .filter(let name, let value):
                if pendingOr { throw QuerySyntaxError(message: "OR cannot join a filter ('\(name):'); put OR between words") }
                try apply(filter: name, value: value, to: &query.filters)
            case .term(let term, let negated):
                if negated {
                    if pendingOr { throw QuerySyntaxError(message: "OR cannot be followed by an exclusion ('-\(term.text)')") }
                    query.excluded.append(term)
                } else if pendingOr {
                    query.required[query.required.count - 1].append(term)
                    pendingOr = false
                } else {
                    query.required.append([term])
                }
            }
        }
        tokens.removeAll()
        if pendingOr { throw QuerySyntaxError(message: "the query ends with OR: add the alternative after it") }
        if query.required.isEmpty && !query.filters.reference.isEmpty {
            return query   // "ref:X" alone lists the passages citing X
        }
        if query.required.isEmpty {
            if !query.excluded.isEmpty {
                throw QuerySyntaxError(message: "the query only excludes words: add at least one word to search for")
            }
            throw QuerySyntaxError(message: "the query has only filters: add at least one word to search for")
        }
        return query
    }

    public static func apply(filter name: String, value: String, to filters: inout SearchFilters) throws {
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.isEmpty { throw QuerySyntaxError(message: "the filter '\(name):' needs a value (e.g. \(name):\(example(name)))") }
        switch name {
        case "issuer": filters.issuer.append(v)
        case "kind":
            guard DocumentKind(label: v) != nil else {
                throw QuerySyntaxError(message: "unknown kind '\(v)': use one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filters.kind.append(DocumentKind(label: v)!.rawValue)
        case "lang", "language":
            guard let code = LanguageCode.normalise(v) else { throw QuerySyntaxError(message: "unknown language '\(v)': use a code such as sv or en") }
            filters.language.append(code)
        case "doc", "document": filters.document.append(v)
        case "ref": filters.reference.append(v)
        case "as-of", "asof":
            guard let d = ISODate.normalise(v) else { throw QuerySyntaxError(message: "'as-of:\(v)' is not a date: write YYYY-MM-DD") }
            filters.asOf = d
        case "after", "before":
            guard let d = ISODate.normalise(v) else {
                throw QuerySyntaxError(message: "'\(name):\(v)' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
            }
            if name == "after" { filters.after = d } else { filters.before = d }
        default:
            throw QuerySyntaxError(message: "unknown filter '\(name):': use issuer:, kind:, lang:, after:, before:, doc: or ref:")
        }
    }

    static func example(_ name: String) -> String {
        switch name {
        case "issuer": return "IMY"
        case "kind": return "guidance"
        case "lang", "language": return "sv"
        case "ref": return "\"art. 46\""
        case "after", "before", "as-of": return "2021-06-18"
        default: return "stockholm-zoomx"
        }
    }

    enum Token: Equatable {
        case term(SearchQuery.Term, negated: Bool)
        case or
        case filter(String, String)
    }

    static func lex(_ input: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(input)
        var i = 0
        func readQuoted(from start: Int) throws -> (String, Int) {
            var j = start + 1
            var text = ""
            while j < chars.count, !isQuote(chars[j]) { text.append(chars[j]); j += 1 }
            guard j < chars.count else {
                throw QuerySyntaxError(message: "a phrase is missing its closing quote: \(String(chars[start...]))")
            }
            return (text, j + 1)
        }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            var negated = false
            var start = i
            if c == "-" && i + 1 < chars.count && !chars[i + 1].isWhitespace {
                negated = true
                start = i + 1
            } else if c == "-" {
                i += 1
                continue
            }
            if isQuote(chars[start]) {
                let (text, next) = try readQuoted(from: start)
                i = next
                var prefix = false
                if i < chars.count && chars[i] == "*" { prefix = true; i += 1 }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard trimmed.contains(where: { $0.isLetter || $0.isNumber }) else {
                    throw QuerySyntaxError(message: "the phrase \"\(text)\" has no words in it")
                }
                tokens.append(.term(SearchQuery.Term(text: trimmed, isPhrase: true, isPrefix: prefix), negated: negated))
                continue
            }
            var j = start
            var word = ""
            while j < chars.count, !chars[j].isWhitespace {
                if isQuote(chars[j]), word.hasSuffix(":") { break }
                word.append(chars[j]); j += 1
            }
            if word.hasSuffix(":"), j < chars.count, isQuote(chars[j]) {
                let name = String(word.dropLast()).lowercased()
                let (value, next) = try readQuoted(from: j)
                guard filterNames.contains(name) else {
                    throw QuerySyntaxError(message: "unknown filter '\(name):': use issuer:, kind:, lang:, after:, before:, doc: or ref:")
                }
                tokens.append(.filter(name, value))
                i = next
                continue
            }
            i = j
            if word == "OR" && !negated { tokens.append(.or); continue }
            if !negated, let colon = word.firstIndex(of: ":"), colon != word.startIndex {
                let name = String(word[..<colon]).lowercased()
                if filterNames.contains(name) {
                    tokens.append(.filter(name, String(word[word.index(after: colon)...])))
                    continue
                }
                let value = word[word.index(after: colon)...]
                // "EU:s" and "SFS 2018:218" are words; "colour:red" is a mistyped filter. A word that only ends
                // in a colon ("Slutsats: …", "Note: …") is pasted prose: no filter is meant without a value.
                if name.allSatisfy(\.isLetter) && value.count >= 3 && value.allSatisfy(\.isLetter) {
                    throw QuerySyntaxError(message: "unknown filter '\(name):': use issuer:, kind:, lang:, after:, before:, doc: or ref:")
                }
            }
            var prefix = false
            if word.hasSuffix("*") { prefix = true; word = String(word.drop(while: { $0 == "*" }).dropLast()) }
            word = Self.withoutPossessive(word)
            if word.contains("*") { throw QuerySyntaxError(message: "'\(word)': * may only end a word (prefix search, e.g. överför*)") }
            let letters = word.filter { $0.isLetter || $0.isNumber }
            if letters.isEmpty {
                if prefix { throw QuerySyntaxError(message: "a lone * is not a search: put at least two letters before it (e.g. överför*)") }
                continue
            }
            if prefix && letters.count < 2 {
                throw QuerySyntaxError(message: "'\(word)*' is too short for a prefix search: give at least two letters")
            }
            tokens.append(.term(SearchQuery.Term(text: word, isPhrase: false, isPrefix: prefix), negated: negated))
        }
        return tokens
    }

    /// An English possessive searches for its noun: "children's" finds "the data of children" as well as
    /// "children's data", and "users'" finds "users". (A phrase keeps it.)
    static func withoutPossessive(_ word: String) -> String {
        for ending in ["'s", "’s", "'S", "’S"] where word.count > ending.count + 1 && word.hasSuffix(ending) {
            return String(word.dropLast(ending.count))
        }
        if word.count > 3, word.hasSuffix("s'") || word.hasSuffix("s’") { return String(word.dropLast()) }
        return word
    }

    static func isQuote(_ c: Character) -> Bool { c == "\"" || c == "”" || c == "“" || c == "„" }
}
