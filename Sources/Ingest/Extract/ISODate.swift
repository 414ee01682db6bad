import Foundation

/// Dates as kb stores them: ISO 8601 strings of day, month or year precision, which sort as text.
public enum ISODate {
    public static func format(_ date: Date) -> String { String(timestamp(date).prefix(10)) }

    /// `2026-12-02T16:21:03Z`, in UTC, as ISO8601DateFormatter writes it, without loading a calendar and the
    /// time-zone files to write it (a few milliseconds of every refresh).
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        guard gmtime_r(&seconds, &t) != nil else { return "1970-01-01T00:00:00Z" }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))Z"
    }

    /// Accepts `2020-09-04`, `2020-09-04T10:00:00Z`, `2020-09`, `2020`, `20200904`; nil when it is none of these.
    public static func normalise(_ raw: String) -> String? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
        let digits = s.prefix(10)
        let parts = digits.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2].prefix(2)),
           valid(y, m, d) {
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        if parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), valid(y, m, 1) {
            return String(format: "%04d-%02d", y, m)
        }
        if s.count == 4, let y = Int(s), valid(y, 1, 1) { return s }
        if s.count == 8, s.allSatisfy(\.isNumber), let y = Int(s.prefix(4)), let m = Int(s.dropFirst(4).prefix(2)),
           let d = Int(s.suffix(2)), valid(y, m, d) {
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        return nil
    }

    static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        (1900...2100).contains(y) && (1...12).contains(m) && (1...31).contains(d)
    }
}

/// Normalises the many ways documents name their language to two-letter codes.
public enum LanguageCode {
    public static func normalise(_ raw: String) -> String? {
        let s = raw.lowercased().trimmingCharacters(in: .whitespaces)
        let head = String(s.prefix(while: { $0.isLetter }))
        switch head {
        case "sv", "se", "svenska", "swedish", "swe": return "sv"
        case "en", "english", "engelska", "eng": return "en"
        case "de", "deutsch", "german", "tyska", "ger", "deu": return "de"
        case "da", "dk", "dansk", "danish": return "da"
        case "no", "nb", "nn", "norsk", "norwegian": return "no"
        case "fi", "suomi", "finnish": return "fi"
        case "fr", "french", "français": return "fr"
        default: return head.count == 2 ? head : nil
        }
    }
}
