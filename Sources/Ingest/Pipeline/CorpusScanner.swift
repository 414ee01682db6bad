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
        /// The folder's path, shared by every file in it, and the file's name in it.
        public var folder: String
        public var name: String
        public var url: URL { URL(fileURLWithPath: path) }
        public var size: Int
        public var modified: Double
    }

    public static func scan(_ paths: [String]) -> [Item] {
        let (found, problems) = scanWithStats(paths)
        return problems + found.map { .file($0.url) }
    }

    /// Every document file under `paths` with its size and modification time, from one `stat` each: a refresh
    /// of a large unchanged corpus is this walk and nothing more. Unsorted, files come folder by folder in
    /// directory order; sorting 100,000 paths costs more than the rest of a no-op refresh.
    public static func scanWithStats(_ paths: [String], sorted: Bool = true) -> (files: [Found], problems: [Item]) {
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
                let path = url.path
                all.append(Found(path: path, folder: (path as NSString).deletingLastPathComponent, name: url.lastPathComponent,
                                 size: Int(st.st_size), modified: modified(st)))
                continue
            }
            guard access(url.path, R_OK) == 0 else {
                problems.append(.problem(path: path, error: .unreadable("directory is not readable")))
                continue
            }
            var found: [Found] = []
            walk(url.path, into: &found, problems: &problems)
            if sorted { found.sort { $0.path < $1.path } }
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
        // Names are looked up relative to the open directory: the kernel resolves one component, not the path.
        let fd = dirfd(handle)
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        var subdirectories: [String] = []
        var names: [String] = []   // document files, to stat below
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes.first == UInt8(ascii: ".") { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                // The name cannot be given back to the file system as text: say so instead of skipping it unseen.
                problems.append(.problem(path: prefix + String(decoding: bytes, as: UTF8.self),
                                         error: .unreadable("the file name is not valid UTF-8: rename the file")))
                continue
            }
            let type = entry.pointee.d_type
            if type == UInt8(DT_DIR) { subdirectories.append(prefix + name); continue }
            if dataFileNames.contains(name) { continue }
            guard ReaderRegistry.documentExtensions.contains(fileExtension(name)) else {
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    var st = stat()
                    if fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFDIR { subdirectories.append(prefix + name) }
                }
                continue
            }
            names.append(name)
        }
        for (name, st) in zip(names, statAll(names, in: fd)) {
            guard let st, st.isRegular else { continue }
            found.append(Found(path: prefix + name, folder: dir, name: name, size: st.size, modified: st.modified))
        }
        for sub in subdirectories { walk(sub, into: &found, problems: &problems) }
    }

    /// The lower-cased text after the last dot of a file name, "" when there is none.
    static func fileExtension(_ name: String) -> String {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        return String(decoding: name.utf8[name.utf8.index(after: dot)...], as: UTF8.self).lowercased()
    }

    /// A buffer whose workers each write their own indexes only, so it may be shared without a lock.
    private struct DisjointSlots<T>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<T> }

    /// What a scan keeps of a `stat`.
    struct FileStatus { var isRegular: Bool; var size: Int; var modified: Double }

    /// `stat` of each name in an open directory. A folder of many thousands of files is split over the cores:
    /// the kernel's lookups run in parallel, and they are most of a refresh that finds nothing changed.
    static func statAll(_ names: [String], in fd: Int32) -> [FileStatus?] {
        var results = [FileStatus?](repeating: nil, count: names.count)
        let workers = names.count < 4_096 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        results.withUnsafeMutableBufferPointer { buffer in
            let out = DisjointSlots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < names.count {
                    var st = stat()
                    if fstatat(fd, names[i], &st, 0) == 0 {
                        out.buffer[i] = FileStatus(isRegular: (st.st_mode & S_IFMT) == S_IFREG, size: Int(st.st_size), modified: modified(st))
                    }
                    i += workers
                }
            }
        }
        return results
    }
}
