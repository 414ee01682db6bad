/// Why a file could not be ingested, phrased for a one-line message that names the file.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case binary
    case unreadable(String)
    case tooLarge(size: Int, limit: Int)
    case tooManyParts(count: Int, limit: Int, unit: String)
    case unsupported(String)
    case malformed(String)
    case noText(String)

    public var description: String {
        switch self {
        case .empty: return "empty file: nothing to index"
        case .binary: return "binary data, not text: skipped (convert it to a supported format)"
        case .unreadable(let why): return "cannot read: \(why)"
        case .tooLarge(let size, let limit):
            return "file is \(size / 1_048_576) MiB, over the \(limit / 1_048_576) MiB limit: skipped (raise --max-size to index it)"
        case .tooManyParts(let count, let limit, let unit):
            return "file has \(count) \(unit), over the limit of \(limit) for one document: skipped (split it into smaller files)"
        case .unsupported(let ext): return "unsupported format '\(ext)': skipped"
        case .malformed(let why): return "cannot parse: \(why)"
        case .noText(let why): return "no text found: \(why)"
        }
    }
}
