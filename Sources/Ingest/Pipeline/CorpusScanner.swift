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
        /// What the scan's recogniser said of each regular file (empty without a recogniser).
        public fileprivate(set) var recognised: [Recognition] = []

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

    /// What the caller already knows of a file, worked out on the stat threads beside the `stat` calls:
    /// at 100,000 files, looking each up afterwards on one thread cost as much as a tenth of the walk.
    public struct Recognition: Sendable {
        /// The caller's index for the file; -1 when the file is new to it.
        public var entry: Int32
        /// The caller's derivation number for the file as it was last read.
        public var derivation: Int32
        /// Whether size and modification time are those the caller holds.
        public var sameStatus: Bool

        public init(entry: Int32 = -1, derivation: Int32 = -1, sameStatus: Bool = false) {
            self.entry = entry; self.derivation = derivation; self.sameStatus = sameStatus
        }
    }

    /// Made once per folder from the folder's prefix (`FolderListing.prefix`), then called on stat threads
    /// with each regular file's name and status.
    public typealias Recogniser = @Sendable (_ folderPrefix: String) -> @Sendable (_ name: UnsafeBufferPointer<UInt8>, _ status: FileStatus) -> Recognition

    /// Every document file under `paths`, folder by folder in directory order, with its size and modification
    /// time from one `stat` each: a refresh of a large unchanged corpus is this walk and little more.
    /// A path that is a file gives a listing of its folder with that one name.
    /// With a `recognise`, each listing also says what the caller knows of each file.
    public static func list(_ paths: [String], recognise: Recogniser? = nil) -> (folders: [FolderListing], problems: [Problem]) {
        list(paths, recognise: recognise, chunk: statChunk)
    }

    /// As `list(_:recognise:)`, with `chunk` names per stat job (small in tests, to split small folders).
    static func list(_ paths: [String], recognise: Recogniser?, chunk: Int) -> (folders: [FolderListing], problems: [Problem]) {
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
                let status = (st.st_mode & S_IFMT) == S_IFREG ? FileStatus(size: Int(st.st_size), modified: modified(st)) : nil
                one.status.append(status)
                if let recognise {
                    let known = recognise(one.prefix)
                    one.recognised = [status.map { s in one.withName(0) { known($0, s) } } ?? Recognition()]
                }
                all.append(one)
                continue
            }
            guard access(url.path, R_OK) == 0 else {
                problems.append(Problem(path: path, error: .unreadable("directory is not readable")))
                continue
            }
            walk(url.path, recognise: recognise, chunk: max(1, chunk), into: &all, problems: &problems)
        }
        return (all, problems)
    }

    static func modified(_ st: stat) -> Double { Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9 }

    /// Depth-first over a directory: hidden entries skipped, symbolic links to directories not followed.
    private static func walk(_ dir: String, recognise: Recogniser?, chunk: Int, into all: inout [FolderListing], problems: inout [Problem]) {
        guard let handle = opendir(dir) else {
            problems.append(Problem(path: dir, error: .unreadable("cannot list this directory")))
            return
        }
        defer { closedir(handle) }
        // Names are looked up relative to the open directory: the kernel resolves one component, not the path.
        let fd = dirfd(handle)
        var listing = FolderListing(folder: dir)
        let prefix = listing.prefix
        let known = recognise?(prefix)
        var subdirectories: [String] = []
        // Each full chunk of names is statted on another thread while the directory is still being read:
        // reading a directory of 100,000 names takes a third as long as statting them.
        var chunks: [StatChunk] = []
        let statting = DispatchGroup()
        func hand(_ names: FolderListing) {
            let chunk = StatChunk(names: names)
            chunks.append(chunk)
            statting.enter()
            DispatchQueue.global().async { chunk.stat(in: fd, recognise: known); statting.leave() }
        }
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
            if listing.count == chunk {
                hand(listing)
                listing = FolderListing(folder: dir)
            }
        }
        let last = StatChunk(names: listing)
        last.stat(in: fd, recognise: known)
        statting.wait()
        chunks.append(last)
        if chunks.count == 1 {
            listing.status = last.status
            listing.recognised = last.recognised
        } else {
            var whole = FolderListing(folder: dir)
            let count = chunks.reduce(0) { $0 + $1.names.count }
            whole.bytes.reserveCapacity(chunks.reduce(0) { $0 + $1.names.bytes.count })
            whole.starts.reserveCapacity(count)
            whole.status.reserveCapacity(count)
            for chunk in chunks {
                let base = whole.bytes.count
                whole.bytes.append(contentsOf: chunk.names.bytes)
                whole.starts.append(contentsOf: chunk.names.starts.lazy.map { $0 + base })
                whole.status.append(contentsOf: chunk.status)
                whole.recognised.append(contentsOf: chunk.recognised)
            }
            listing = whole
        }
        if listing.count > 0 { all.append(listing) }
        for sub in subdirectories { walk(sub, recognise: recognise, chunk: chunk, into: &all, problems: &problems) }
    }

    /// Names per stat job: small enough that the first job starts early, large enough that handing one
    /// to a thread costs nothing next to its `stat` calls.
    private static let statChunk = 2_048

    /// A chunk of a folder's names, statted (and recognised) on a worker thread; what it found is read only
    /// after the group's wait.
    private final class StatChunk: @unchecked Sendable {
        let names: FolderListing
        var status: [FileStatus?] = []
        var recognised: [Recognition] = []
        init(names: FolderListing) { self.names = names }

        func stat(in fd: Int32, recognise: (@Sendable (UnsafeBufferPointer<UInt8>, FileStatus) -> Recognition)?) {
            status = CorpusScanner.statAll(names, in: fd)
            guard let recognise else { return }
            recognised = (0..<names.count).map { i in status[i].map { s in names.withName(i) { recognise($0, s) } } ?? Recognition() }
        }
    }

    /// The lower-cased text after the last dot of a file name, "" when there is none. Extensions are short,
    /// so the result is a small string and needs no allocation.
    static func fileExtension(_ name: UnsafeBufferPointer<UInt8>) -> String {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        let ext = UnsafeBufferPointer(rebasing: name[(dot + 1)...])
        if ext.allSatisfy({ !(0x41...0x5A).contains($0) }) { return String(decoding: ext, as: UTF8.self) }
        return String(decoding: ext, as: UTF8.self).lowercased()
    }

    /// `stat` of each name in an open directory, in order.
    static func statAll(_ listing: FolderListing, in fd: Int32) -> [FileStatus?] {
        var results = [FileStatus?](repeating: nil, count: listing.count)
        listing.bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { names in
                guard let base = names.baseAddress else { return }
                for i in 0..<listing.count {
                    var st = stat()
                    if fstatat(fd, base + listing.starts[i], &st, 0) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                        results[i] = FileStatus(size: Int(st.st_size), modified: modified(st))
                    }
                }
            }
        }
        return results
    }
}
