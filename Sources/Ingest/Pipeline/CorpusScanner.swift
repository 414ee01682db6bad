import Foundation

/// Expands the paths a user names into the document files to ingest.
public enum CorpusScanner {
    /// A path that could not be used, with the reason.
    public struct Problem: Sendable {
        public var path: String
        public var error: IngestError
    }

    /// One folder's document files as a scan found them, with what `stat` said of each. Names are kept as
    /// bytes in one buffer: a refresh of a large unchanged folder makes no string per file.
    public struct FolderListing: Sendable {
        /// The folder's path, as the scanned root spells it.
        public let folder: String
        /// The names, each followed by a NUL byte (what `fstatat` takes).
        fileprivate(set) var bytes: [UInt8] = []
        /// Where each name starts in `bytes`.
        fileprivate(set) var starts: [Int] = []
        /// What `stat` said of each name; nil when it failed or the file is not a regular file.
        public fileprivate(set) var status: [FileStatus?] = []

        public init(folder: String) { self.folder = folder }

        public var count: Int { starts.count }
        /// The folder's path with a trailing slash: a file's path is this followed by its name.
        public var prefix: String { folder.hasSuffix("/") ? folder : folder + "/" }

        /// The bytes of the i-th name, without its NUL.
        public func withName<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            let end = (i + 1 < starts.count ? starts[i + 1] : bytes.count) - 1
            return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[starts[i]..<end])) }
        }

        public func name(_ i: Int) -> String { withName(i) { String(decoding: $0, as: UTF8.self) } }
        public func path(_ i: Int) -> String { prefix + name(i) }

        fileprivate mutating func append(_ name: UnsafeBufferPointer<UInt8>) {
            starts.append(bytes.count)
            bytes.append(contentsOf: name)
            bytes.append(0)
        }
    }

    /// What a scan keeps of a `stat`.
    public struct FileStatus: Sendable {
        public var size: Int
        public var modified: Double
    }

    /// Every document file under `paths`, folder by folder in directory order, with its size and modification
    /// time from one `stat` each: a refresh of a large unchanged corpus is this walk and little more.
    /// A path that is a file gives a listing of its folder with that one name.
    public static func list(_ paths: [String]) -> (folders: [FolderListing], problems: [Problem]) {
        var problems: [Problem] = []
        var all: [FolderListing] = []
        for path in paths {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            var st = stat()
            guard stat(url.path, &st) == 0 else {
                problems.append(Problem(path: path, error: .unreadable("no such file or directory")))
                continue
            }
            if (st.st_mode & S_IFMT) != S_IFDIR {
                var one = FolderListing(folder: url.deletingLastPathComponent().path)
                let name = url.lastPathComponent
                name.utf8CString.withUnsafeBufferPointer { c in
                    c.withMemoryRebound(to: UInt8.self) { one.append(UnsafeBufferPointer(rebasing: $0.dropLast())) }
                }
                one.status.append((st.st_mode & S_IFMT) == S_IFREG ? FileStatus(size: Int(st.st_size), modified: modified(st)) : nil)
                all.append(one)
                continue
            }
            guard access(url.path, R_OK) == 0 else {
                problems.append(Problem(path: path, error: .unreadable("directory is not readable")))
                continue
            }
            walk(url.path, into: &all, problems: &problems)
        }
        return (all, problems)
    }

    static func modified(_ st: stat) -> Double { Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9 }

    /// Depth-first over a directory: hidden entries skipped, symbolic links to directories not followed.
    private static func walk(_ dir: String, into all: inout [FolderListing], problems: inout [Problem]) {
        guard let handle = opendir(dir) else {
            problems.append(Problem(path: dir, error: .unreadable("cannot list this directory")))
            return
        }
        defer { closedir(handle) }
        // Names are looked up relative to the open directory: the kernel resolves one component, not the path.
        let fd = dirfd(handle)
        var listing = FolderListing(folder: dir)
        let prefix = listing.prefix
        var subdirectories: [String] = []
        while let entry = readdir(handle) {
            withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let all = raw.bindMemory(to: UInt8.self)
                let name = UnsafeBufferPointer(rebasing: all[..<(all.firstIndex(of: 0) ?? all.count)])
                if name.first == UInt8(ascii: ".") { return }
                guard name.allSatisfy({ $0 < 0x80 }) || String(validating: name, as: UTF8.self) != nil else {
                    // The name cannot be given back to the file system as text: say so instead of skipping it unseen.
                    problems.append(Problem(path: prefix + String(decoding: name, as: UTF8.self),
                                             error: .unreadable("the file name is not valid UTF-8: rename the file")))
                    return
                }
                let type = entry.pointee.d_type
                if type == UInt8(DT_DIR) { subdirectories.append(prefix + String(decoding: name, as: UTF8.self)); return }
                // Data files (YAML) never have a document extension, so this check also keeps them out.
                guard ReaderRegistry.documentExtensions.contains(fileExtension(name)) else {
                    if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                        let text = String(decoding: name, as: UTF8.self)
                        var st = stat()
                        if fstatat(fd, text, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFDIR { subdirectories.append(prefix + text) }
                    }
                    return
                }
                listing.append(name)
            }
        }
        listing.status = statAll(listing, in: fd)
        if listing.count > 0 { all.append(listing) }
        for sub in subdirectories { walk(sub, into: &all, problems: &problems) }
    }

    /// The lower-cased text after the last dot of a file name, "" when there is none. Extensions are short,
    /// so the result is a small string and needs no allocation.
    static func fileExtension(_ name: UnsafeBufferPointer<UInt8>) -> String {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        let ext = UnsafeBufferPointer(rebasing: name[(dot + 1)...])
        if ext.allSatisfy({ !(0x41...0x5A).contains($0) }) { return String(decoding: ext, as: UTF8.self) }
        return String(decoding: ext, as: UTF8.self).lowercased()
    }

    /// A buffer whose workers each write their own indexes only, so it may be shared without a lock.
    private struct DisjointSlots<T>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<T> }

    /// `stat` of each name in an open directory. A folder of many thousands of files is split over the cores:
    /// the kernel's lookups run in parallel, and they are most of a refresh that finds nothing changed.
    static func statAll(_ listing: FolderListing, in fd: Int32) -> [FileStatus?] {
        let count = listing.count
        var results = [FileStatus?](repeating: nil, count: count)
        let workers = count < 4_096 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        listing.bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { names in
                results.withUnsafeMutableBufferPointer { buffer in
                    let out = DisjointSlots(buffer: buffer)
                    let base = SendablePointer(pointer: names.baseAddress)
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        guard let base = base.pointer else { return }
                        var i = w
                        while i < count {
                            var st = stat()
                            if fstatat(fd, base + listing.starts[i], &st, 0) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                                out.buffer[i] = FileStatus(size: Int(st.st_size), modified: modified(st))
                            }
                            i += workers
                        }
                    }
                }
            }
        }
        return results
    }

    /// The names buffer, read by every stat worker and written by none.
    private struct SendablePointer: @unchecked Sendable { let pointer: UnsafePointer<CChar>? }
}
