import Foundation
import SearchIndex

/// Writes JSON from dictionaries and arrays with sorted keys: stable output that diffs well, and much
/// cheaper than JSONSerialization for the small objects kb prints on every search.
enum JSONWriter {
    static func write(_ value: JSONValue, pretty: Bool) -> String {
        var out = ""
        out.reserveCapacity(8192)
        append(value, to: &out, indent: pretty ? 0 : -1)
        return out
    }

    static func write(_ value: Any, pretty: Bool) -> String {
        var out = ""
        out.reserveCapacity(4096)
        append(value, to: &out, indent: pretty ? 0 : -1)
        return out
    }

    fileprivate static func newline(_ out: inout String, _ indent: Int) {
        guard indent >= 0 else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    fileprivate static func append(_ value: Any, to out: inout String, indent: Int) {
        // Containers before scalars: testing a dictionary against `Double` or `NSNull` bridges it to an
        // NSDictionary first, which was most of the cost of writing a result page.
        switch value {
        case let s as String: string(s, &out)
        case let j as JSONValue: append(j, to: &out, indent: indent)
        case let o as [String: Any]: object(o, to: &out, indent: indent) { append($0, to: &$1, indent: $2) }
        case let a as [Any]: array(a, to: &out, indent: indent) { append($0, to: &$1, indent: $2) }
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let d as Double: number(d, &out)
        case is NSNull: out += "null"
        case let n as NSNumber: out += n.stringValue
        case let o as Optional<Any>:
            if let v = o { append(v, to: &out, indent: indent) } else { out += "null" }
        default: string("\(value)", &out)
        }
    }

    /// The typed path: no dynamic casts, whose first use in a process costs more than writing a page of results.
    private static func append(_ value: JSONValue, to out: inout String, indent: Int) {
        switch value {
        case .string(let s): string(s, &out)
        case .int(let i): out += String(i)
        case .double(let d): number(d, &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .object(let o): object(o, to: &out, indent: indent) { append($0, to: &$1, indent: $2) }
        case .array(let a): array(a, to: &out, indent: indent) { append($0, to: &$1, indent: $2) }
        }
    }

    /// `{"key": value, …}` with sorted keys; `member` writes one value at the indent it is given.
    private static func object<V>(_ o: [String: V], to out: inout String, indent: Int, _ member: (V, inout String, Int) -> Void) {
        if o.isEmpty { out += "{}"; return }
        let inner = indent < 0 ? -1 : indent + 1
        out += "{"
        for (i, k) in o.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            newline(&out, inner)
            string(k, &out)
            out += indent < 0 ? ":" : ": "
            if let v = o[k] { member(v, &out, inner) }
        }
        newline(&out, indent)
        out += "}"
    }

    /// `[value, …]`; `element` writes one value at the indent it is given.
    private static func array<V>(_ a: [V], to out: inout String, indent: Int, _ element: (V, inout String, Int) -> Void) {
        if a.isEmpty { out += "[]"; return }
        let inner = indent < 0 ? -1 : indent + 1
        out += "["
        for (i, v) in a.enumerated() {
            if i > 0 { out += "," }
            newline(&out, inner)
            element(v, &out, inner)
        }
        newline(&out, indent)
        out += "]"
    }

    private static func number(_ d: Double, _ out: inout String) {
        if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : String(d) } else { out += "null" }
    }

    fileprivate static func string(_ s: String, _ out: inout String) { JSONText.quote(s, into: &out) }
}

/// Writes `{"key": [element, …]}` one element at a time, byte for byte as `JSONWriter.write` writes the whole
/// object: a listing of a large index starts printing at once and is never held in memory whole.
struct JSONArrayStream {
    let key: String
    let pretty: Bool
    private var count = 0
    private var buffer = ""
    private let write: (String) -> Void

    init(key: String, pretty: Bool, write: @escaping (String) -> Void) {
        self.key = key; self.pretty = pretty; self.write = write
        buffer.reserveCapacity(1 << 16)
    }

    mutating func append(_ element: Any) {
        if count == 0 {
            buffer += "{"
            JSONWriter.newline(&buffer, pretty ? 1 : -1)
            JSONWriter.string(key, &buffer)
            buffer += pretty ? ": [" : ":["
        } else {
            buffer += ","
        }
        JSONWriter.newline(&buffer, pretty ? 2 : -1)
        JSONWriter.append(element, to: &buffer, indent: pretty ? 2 : -1)
        count += 1
        if buffer.utf8.count >= 1 << 16 { write(buffer); buffer.removeAll(keepingCapacity: true) }
    }

    /// Closes the array and the object (or writes the empty one), with the final newline.
    mutating func finish() {
        if count == 0 {
            buffer += JSONWriter.write([key: [Any]()] as [String: Any], pretty: pretty)
        } else {
            JSONWriter.newline(&buffer, pretty ? 1 : -1)
            buffer += "]"
            JSONWriter.newline(&buffer, pretty ? 0 : -1)
            buffer += "}"
        }
        write(buffer + "\n")
        buffer = ""
    }
}

/// A JSON value built with its types known, so writing it needs no runtime casts.
enum JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case string(String), int(Int), double(Double), bool(Bool), null
    case array([JSONValue]), object([String: JSONValue])

    init(stringLiteral s: String) { self = .string(s) }
    init(integerLiteral i: Int) { self = .int(i) }
    init(booleanLiteral b: Bool) { self = .bool(b) }
    init(arrayLiteral items: JSONValue...) { self = .array(items) }
    init(dictionaryLiteral pairs: (String, JSONValue)...) { self = .object(Dictionary(pairs, uniquingKeysWith: { a, _ in a })) }

    /// A string, or null when there is none.
    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func optional(_ i: Int?) -> JSONValue { i.map { .int($0) } ?? .null }
}
