import Foundation

/// Writes JSON from dictionaries and arrays with sorted keys: stable output that diffs well, and much
/// cheaper than JSONSerialization for the small objects kb prints on every search.
enum JSONWriter {
    static func write(_ value: Any, pretty: Bool) -> String {
        var out = ""
        out.reserveCapacity(4096)
        append(value, to: &out, indent: pretty ? 0 : -1)
        return out
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        guard indent >= 0 else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    private static func append(_ value: Any, to out: inout String, indent: Int) {
        // Containers before scalars: testing a dictionary against `Double` or `NSNull` bridges it to an
        // NSDictionary first, which was most of the cost of writing a result page.
        switch value {
        case let s as String: string(s, &out)
        case let o as [String: Any]:
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent < 0 ? -1 : indent + 1)
                string(k, &out)
                out += indent < 0 ? ":" : ": "
                append(o[k]!, to: &out, indent: indent < 0 ? -1 : indent + 1)
            }
            newline(&out, indent)
            out += "}"
        case let a as [Any]:
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent < 0 ? -1 : indent + 1)
                append(v, to: &out, indent: indent < 0 ? -1 : indent + 1)
            }
            newline(&out, indent)
            out += "]"
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let d as Double:
            if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : String(d) } else { out += "null" }
        case is NSNull: out += "null"
        case let n as NSNumber: out += n.stringValue
        case let o as Optional<Any>:
            if let v = o { append(v, to: &out, indent: indent) } else { out += "null" }
        default: string("\(value)", &out)
        }
    }

    private static func string(_ s: String, _ out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }
}
