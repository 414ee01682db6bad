import Foundation
import ZIPFoundation

/// The zip container of DOCX and XLSX files, read defensively: entries are looked up by name only
/// (no extraction to disk, so traversal names are harmless and ignored), and absurd sizes or
/// compression ratios are refused before anything is inflated.
struct OfficeArchive {
    static let maxEntrySize = 100 * 1_048_576
    static let maxTotalSize = 300 * 1_048_576
    static let maxRatio = 200

    let archive: Archive
    let name: String
    private var inflated = 0

    init(_ data: Data, name: String) throws {
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw IngestError.malformed("not a valid zip container (\(name) may be corrupt or not an Office file)")
        }
        self.name = name
        var total = 0
        for entry in archive {
            let size = Int(entry.uncompressedSize), packed = max(Int(entry.compressedSize), 1)
            total += size
            if size > Self.maxEntrySize || total > Self.maxTotalSize {
                throw IngestError.malformed("refused: expands to over \(Self.maxTotalSize / 1_048_576) MiB (a zip bomb?)")
            }
            if size > 1_048_576 && size / packed > Self.maxRatio {
                throw IngestError.malformed("refused: entry \(entry.path) compresses \(size / packed):1 (a zip bomb?)")
            }
        }
    }

    /// A safe entry name: relative, no "..", no absolute paths.
    static func isSafe(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.contains("\\") && !path.split(separator: "/").contains("..")
    }

    mutating func data(_ path: String) throws -> Data? {
        guard Self.isSafe(path), let entry = archive[path], entry.type == .file else { return nil }
        var out = Data()
        out.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                out.append(chunk)
                if out.count > Self.maxEntrySize { throw IngestError.malformed("refused: entry \(path) inflates beyond its declared size") }
            }
        } catch let e as IngestError { throw e } catch {
            throw IngestError.malformed("cannot inflate \(path): \(error)")
        }
        inflated += out.count
        if inflated > Self.maxTotalSize { throw IngestError.malformed("refused: expands to over \(Self.maxTotalSize / 1_048_576) MiB") }
        return out
    }

    mutating func xml(_ path: String) throws -> XMLElement? {
        guard let d = try data(path) else { return nil }
        return try XMLElement.parse(d, name: path)
    }
}
