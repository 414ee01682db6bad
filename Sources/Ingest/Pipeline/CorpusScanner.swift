import Foundation

/// Expands the paths a user names into the document files to ingest.
public enum CorpusScanner {
    /// A file to ingest, or a path that could not be used, with the reason.
    public enum Item: Sendable {
        case file(URL)
        case problem(path: String, error: IngestError)
    }

    /// Data files kb reads itself; never ingested as documents.
    public static let dataFileNames: Set<String> = [MetadataCatalogue.fileName, "organisations.yaml", "thesaurus.yaml",
                                                    "positions.yaml", "reviews.yaml", "statutes.yaml"]

    /// A document file found by a scan, with what `stat` said of it.
    public struct Found: Sendable {
        public var path: String
        public var url: URL { URL(fileURLWithPath: path) }
        public var size: Int
        public var modified: Double
    }

    public static func scan(_ paths: [String]) -> [Item] {
        let (found, problems) = scanWithStats(paths)
        return problems + found.map { .file($0.url) }
    }

    /// Every document file under `paths` with its size and modification time, from one `stat` each: a refresh
    /// of a large unchanged corpus is this walk and nothing more.
    public static func scanWithStats(_ paths: [String]) -> (files: [Found], problems: [Item]) {
        var problems: [Item] = []
        var all: [Found] = []
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            var st = stat()
            guard stat(url.path, &st) == 0 else {
                problems.append(.problem(path: path, error: .unreadable("no such file or directory")))
                continue
            }
            if (st.st_mode & S_IFMT) != S_IFDIR {
                all.append(Found(path: url.path, size: Int(st.st_size), modified: modified(st)))
                continue
            }
            guard access(url.path, R_OK) == 0 else {
                problems.append(.problem(path: path, error: .unreadable("directory is not readable")))
                continue
            }
            var found: [Found] = []
            walk(url.path, into: &found, problems: &problems)
            found.sort { $0.path < $1.path }
            all += found
        }
        return (all, problems)
    }

    static func modified(_ st: stat) -> Double { Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9 }

    /// Depth-first over a directory: hidden entries skipped, symbolic links to directories not followed.
    private static func walk(_ dir: String, into found: inout [Found], problems: inout [Item]) {
        guard let handle = opendir(dir) else {
            problems.append(.problem(path: dir, error: .unreadable("cannot list this directory")))
            return
        }
        defer { closedir(handle) }
        var subdirectories: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            let type = entry.pointee.d_type
            if type == UInt8(DT_DIR) { subdirectories.append(path); continue }
            if dataFileNames.contains(name) { continue }
            let ext = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
            guard ReaderRegistry.documentExtensions.contains(ext) else {
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    var st = stat()
                    if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { subdirectories.append(path) }
                }
                continue
            }
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            found.append(Found(path: path, size: Int(st.st_size), modified: modified(st)))
        }
        for sub in subdirectories { walk(sub, into: &found, problems: &problems) }
    }
}
