import Foundation

/// Turns file bytes into text, refusing binary data and falling back from UTF-8 to Windows-1252.
public enum TextDecoding {
    /// The decoded text and, when UTF-8 failed, a note saying which encoding was used instead.
    public struct Decoded: Sendable {
        public var text: String
        public var note: String?
    }

    public static func decode(_ data: Data) throws -> Decoded {
        if data.isEmpty { throw IngestError.empty }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let enc: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let s = String(bytes: bytes.dropFirst(2), encoding: enc) else { throw IngestError.binary }
            return Decoded(text: s, note: "decoded as UTF-16")
        }
        if looksBinary(bytes) { throw IngestError.binary }
        if let s = String(validating: bytes, as: UTF8.self) {   // strict: nil on any invalid sequence
            if s.isBlankText { throw IngestError.empty }
            return Decoded(text: s, note: nil)
        }
        let s = windows1252(bytes)
        if s.isBlankText { throw IngestError.empty }
        return Decoded(text: s, note: "not valid UTF-8; decoded as Windows-1252")
    }

    /// A NUL byte or many control characters in the first 8 KiB mean the file is not text.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        var control = 0
        for b in head {
            if b == 0 { return true }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { control += 1 }
        }
        return control * 20 > head.count
    }

    /// Windows-1252 differs from Latin-1 only in 0x80–0x9F; a table avoids Foundation's locale-dependent converters.
    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes {
            if b >= 0x80 && b <= 0x9F {
                let cp = cp1252High[Int(b - 0x80)]
                scalars.append(Unicode.Scalar(cp) ?? "\u{FFFD}")
            } else {
                scalars.append(Unicode.Scalar(b))
            }
        }
        return String(scalars)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
