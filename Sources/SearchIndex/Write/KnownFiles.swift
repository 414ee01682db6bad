import CSQLite
import Foundation
import Ingest

/// A file's path reduced to a hash and a length: 100,000 paths are compared without a string for each.
struct PathKey: Comparable, Hashable {
    var hash: UInt64
    var length: UInt32

    static func < (a: PathKey, b: PathKey) -> Bool { (a.hash, a.length) < (b.hash, b.length) }

    init(hash: UInt64, length: UInt32) { self.hash = hash; self.length = length }

    init(_ path: String) {
        var h = PathHasher()
        h.add(path)
        self = h.key
    }
}

/// Hashes a path in pieces (a folder once, then each name in it), with the same result as the whole path.
struct PathHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a
    private var length = 0

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        length += bytes.count
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }

    /// FNV-1a spreads its last bytes poorly; the final mix (from MurmurHash3) spreads every bit.
    var key: PathKey {
        var h = state
        h ^= h >> 33; h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33; h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return PathKey(hash: h, length: UInt32(truncatingIfNeeded: length))
    }
}

/// What the index holds of each document's file (size, time, derivation), so a refresh can skip unchanged
/// files unread and find the ones that are gone. It is kept packed in a file beside the index
/// (`kb.sqlite.files`), read in one go; the index names the packed version that matches its documents
/// (`meta.known_files`), any change to a document's file columns removes that name (triggers), and the
/// refresh or ingest that made the change writes both again. Without a matching file, it is read from
/// `documents`.
struct KnownFiles {
    struct Entry {
        var key: PathKey
        var size: Int64
        var mtime: Double
        /// An index into `derivations`: a corpus has a handful of derivation strings, not one per file.
        var derivation: Int32
        var document: Int64
    }

    private(set) var entries: [Entry] = []
    /// Per entry: visited by the scan, or sharing its key with another entry (then always checked by path).
    private var visited: [Bool] = []
    private var ambiguous: [Bool] = []
    private(set) var derivations: [String] = []
    /// Where each range of hashes starts in `entries` (see `first`).
    private var buckets: [Int32] = []
    private var bucketBits = 4
    private var derivationIDs: [String: Int32] = [:]
    /// Whether the packed file was valid: then a refresh that changes nothing need not write it again.
    private(set) var fromSnapshot = false
    /// Where the packed file that was read holds its token and entries, while the entries still match it
    /// record for record: a refresh that changes a few files then rewrites those records, not the whole file.
    private var layout: Layout?
    private struct Layout { var tokenAt: Int; var tokenLength: Int; var entriesAt: Int; var count: Int; var derivations: Int }
    private let db: Database
    /// SQLite's count of commits by other connections when the entries were read (`PRAGMA data_version`).
    private let dataVersion: SQLValue

    init(_ db: Database) throws {
        self.db = db
        dataVersion = try db.scalar("PRAGMA data_version")
        if let stored = try Self.storedSnapshot(db), decode(stored.bytes, token: stored.token) {
            fromSnapshot = true
            sortAndMark(sorted: true)
        } else {
            try reloadFromDocuments()
        }
    }

    private func first(_ key: PathKey) -> Int? { Self.first(key, entries: entries, buckets: buckets, bucketBits: bucketBits) }

    /// Hashes are uniform, so the top bits say where in the sorted entries a key is: one or two probes
    /// instead of a binary search that misses the cache at every step.
    private static func first(_ key: PathKey, entries: [Entry], buckets: [Int32], bucketBits: Int) -> Int? {
        guard !entries.isEmpty else { return nil }
        let b = Int(key.hash >> UInt64(64 - bucketBits))
        var i = Int(buckets[b])
        let end = Int(buckets[b + 1])
        while i < end {
            if entries[i].key == key { return i }
            if key < entries[i].key { return nil }
            i += 1
        }
        return nil
    }

    /// Tells the scan's stat threads which entry each file is and whether its size and time still match,
    /// from a copy of the entries as they are now (the arrays are shared, not copied).
    var recogniser: CorpusScanner.Recogniser {
        let entries = entries, buckets = buckets, bucketBits = bucketBits, ambiguous = ambiguous
        return { prefix in
            var folder = PathHasher()
            folder.add(prefix)
            let seed = folder
            return { name, status in
                var h = seed
                h.add(name)
                guard let i = Self.first(h.key, entries: entries, buckets: buckets, bucketBits: bucketBits), !ambiguous[i] else {
                    return CorpusScanner.Recognition()
                }
                let e = entries[i]
                return CorpusScanner.Recognition(entry: Int32(i), derivation: e.derivation,
                                                 sameStatus: e.size == Int64(status.size) && abs(e.mtime - status.modified) < 0.000_5)
            }
        }
    }

    /// Where an entry with this key goes to keep the entries sorted.
    private func insertionIndex(_ key: PathKey) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].key < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Marks a file as present on disk.
    mutating func visit(_ i: Int) { visited[i] = true }

    /// Whether the index held this source when the entries were read.
    func contains(_ source: String) throws -> Bool {
        guard let i = first(PathKey(source)) else { return false }
        if !ambiguous[i] { return true }
        return try db.scalar("SELECT 1 FROM documents WHERE source = ?", [.text(source)]) != .null
    }

    /// A small number standing for a derivation string, the same for equal strings.
    mutating func derivationID(_ derivation: String) -> Int32 {
        if let id = derivationIDs[derivation] { return id }
        let id = Int32(derivations.count)
        derivations.append(derivation)
        derivationIDs[derivation] = id
        return id
    }

    /// Known sources not visited (and those whose key is shared): their files may be gone.
    func unvisited() throws -> [String] {
        let stmt = try db.prepare("SELECT source FROM documents WHERE id = ?")
        var out: [String] = []
        for i in entries.indices where !visited[i] || ambiguous[i] {
            try stmt.bind([.int(entries[i].document)])
            if try stmt.step(), let s = stmt.column(0).string { out.append(s) }
            stmt.reset()
        }
        return out
    }

    /// As `unvisited()`, among the sources at or under `paths` only: asked by index range, not entry by entry.
    func unvisited(under paths: [String]) throws -> [String] {
        let stmt = try db.prepare("SELECT source FROM documents WHERE source = ?1 OR (source >= ?2 AND source < ?3)")
        var out: [String] = []   // few: the gone files among those named
        for path in paths {
            let folder = path.hasSuffix("/") ? path : path + "/"
            // Every source under the folder sorts between "folder/" and "folder0" ("0" follows "/").
            try stmt.bind([.text(path), .text(folder), .text(String(folder.dropLast()) + "0")])
            while try stmt.step() {
                guard let source = stmt.column(0).string else { continue }
                if let i = first(PathKey(source)), visited[i] && !ambiguous[i] { continue }
                if !out.contains(source) { out.append(source) }
            }
            stmt.reset()
        }
        return out
    }

    /// The stored content hash of a source, asked only for the few documents whose files went missing.
    func contentHash(of source: String) throws -> String? {
        try db.scalar("SELECT content_hash FROM documents WHERE source = ?", [.text(source)]).string
    }

    /// Brings the entries up to date with the documents this run wrote (`touched`) and stores them packed.
    /// Only this run's writer changed `documents` (the index is locked), so the rest still holds.
    mutating func save(touched all: TouchedSources) throws {
        if all.isEmpty && fromSnapshot { return }
        var patch: [Int]?
        let touched = all.sources
        let keys = touched.map(PathKey.init)
        if all.many || touched.count > max(64, entries.count / 8) || keys.contains(where: { k in first(k).map { ambiguous[$0] } ?? false }) {
            try reloadFromDocuments()
        } else if !touched.isEmpty {
            // A few entries change: drop and insert them in place instead of sorting everything again.
            let inPlace = touched.count <= 64
            let before = inPlace ? keys.compactMap(first).sorted() : []
            if inPlace {
                // Found before any is removed: the buckets point into the entries as they were.
                for i in before.reversed() { entries.remove(at: i) }
            } else {
                let drop = Set(keys)
                entries.removeAll { drop.contains($0.key) }
            }
            let stmt = try db.prepare("SELECT id, size, mtime, derivation FROM documents WHERE source = ?")
            for source in touched {
                try stmt.bind([.text(source)])
                if try stmt.step() {
                    let e = Entry(key: PathKey(source), size: Int64(stmt.column(1).int ?? -1), mtime: stmt.column(2).double ?? -1,
                                  derivation: derivationID(stmt.column(3).string ?? ""), document: Int64(stmt.column(0).int ?? 0))
                    if inPlace { entries.insert(e, at: insertionIndex(e.key)) } else { entries.append(e) }
                }
                stmt.reset()
            }
            sortAndMark(sorted: inPlace)
            // The same files, each at its old place (their sizes, times or documents changed): records to patch.
            let after = inPlace ? keys.compactMap(first).sorted() : []
            if !inPlace || before != after || before.count != keys.count { layout = nil } else { patch = after }
        }
        // Another connection committed meanwhile (not kb, which locks the index): read the documents again.
        if try db.scalar("PRAGMA data_version") != dataVersion {
            try reloadFromDocuments()
        }
        guard let file = Self.file(of: db) else { return }
        // The file first, then the name in the index: a crash between the two leaves no name, so the next
        // run reads `documents` instead of trusting a file the index does not vouch for.
        var token = ""
        for _ in 0..<4 {
            let hex = String(UInt32.random(in: .min ... .max), radix: 16)
            token += String(repeating: "0", count: 8 - hex.count) + hex
        }
        if let layout, let patch, layout.tokenLength == token.utf8.count, layout.count == entries.count,
           layout.derivations == derivations.count, self.patch(file, records: patch, token: token, layout: layout) {
            try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES('known_files', ?)", [.text(token)])
            return
        }
        let tmp = file + ".tmp"
        let bytes = encode(token: token)
        // Not synced to disk: a file lost or torn by a crash fails its checks and `documents` is read instead,
        // and a stale entry only makes a file be read again.
        guard Self.write(bytes, to: tmp), rename(tmp, file) == 0 else { return }
        try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES('known_files', ?)", [.text(token)])
        fromSnapshot = true
        layout = nil
    }

    /// Rewrites the records at `records`, then the token: torn or cut short by a crash, the file no longer
    /// carries the token the index names (the index dropped it when the documents changed), so it is not used.
    private func patch(_ file: String, records: [Int], token: String, layout: Layout) -> Bool {
        let fd = open(file, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var record = [UInt8](repeating: 0, count: 40)
        for i in records {
            record.withUnsafeMutableBytes { Self.store(entries[i], into: $0, at: 0) }
            guard pwrite(fd, record, 40, off_t(layout.entriesAt + i * 40)) == 40 else { return false }
        }
        let bytes = Array(token.utf8)
        return pwrite(fd, bytes, bytes.count, off_t(layout.tokenAt)) == bytes.count
    }

    // MARK: - Loading and storing

    private static func write(_ bytes: Data, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            var at = 0
            while at < raw.count {
                let n = Foundation.write(fd, base + at, raw.count - at)
                if n <= 0 { return false }
                at += n
            }
            return true
        }
    }

    private mutating func reloadFromDocuments() throws {
        layout = nil
        entries = []
        try loadDocuments()
        sortAndMark()
    }

    private mutating func loadDocuments() throws {
        let stmt = try db.prepare("SELECT id, source, size, mtime, derivation FROM documents")
        var lastDerivation: [UInt8] = []
        var lastID: Int32 = -1
        while try stmt.step() {
            let key = stmt.withBytes(1) { bytes -> PathKey in
                var h = PathHasher()
                h.add(bytes)
                return h.key
            }
            // Most rows share one derivation: compare bytes with the previous row's before making a string.
            let derivation = stmt.withBytes(4) { bytes -> Int32 in
                if lastID >= 0, bytes.elementsEqual(lastDerivation) { return lastID }
                lastDerivation = Array(bytes)
                lastID = derivationID(String(decoding: bytes, as: UTF8.self))
                return lastID
            }
            entries.append(Entry(key: key, size: sqlite3_column_type(stmt.stmt, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(stmt.stmt, 2),
                                 mtime: sqlite3_column_type(stmt.stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(stmt.stmt, 3),
                                 derivation: derivation, document: sqlite3_column_int64(stmt.stmt, 0)))
        }
        stmt.reset()
    }

    private mutating func sortAndMark(sorted: Bool = false) {
        if !sorted { entries.sort { $0.key < $1.key } }
        // About one entry per bucket.
        bucketBits = max(4, min(24, Int.bitWidth - max(entries.count, 1).leadingZeroBitCount))
        buckets = Array(repeating: 0, count: (1 << bucketBits) + 1)
        for e in entries { buckets[Int(e.key.hash >> UInt64(64 - bucketBits)) + 1] += 1 }
        for b in 1..<buckets.count { buckets[b] += buckets[b - 1] }
        visited = Array(repeating: false, count: entries.count)
        ambiguous = Array(repeating: false, count: entries.count)
        for i in entries.indices.dropFirst() where entries[i].key == entries[i - 1].key {
            ambiguous[i] = true
            ambiguous[i - 1] = true
        }
    }

    private static let magic: UInt32 = 0x4B42_4B46   // "KBKF"
    private static let version: UInt32 = 1

    /// The packed file of an index on disk; none for an index in memory.
    static func file(of db: Database) -> String? {
        db.path.isEmpty || db.path == ":memory:" ? nil : db.path + ".files"
    }

    /// The packed entries, when the index names the version the file holds.
    private static func storedSnapshot(_ db: Database) throws -> (token: String, bytes: Data)? {
        guard let token = try db.scalar("SELECT value FROM meta WHERE key = 'known_files'").string,
              let file = file(of: db), let data = FileManager.default.contents(atPath: file) else { return nil }
        return (token, data)
    }

    /// magic, version, token (length and bytes), derivation strings (count, then length and bytes each),
    /// entries (count, then 40 bytes each), all little-endian.
    private func encode(token: String) -> Data {
        var header: [UInt8] = []
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        put(Self.magic); put(Self.version)
        put(UInt32(token.utf8.count)); header.append(contentsOf: token.utf8)
        put(UInt32(derivations.count))
        for d in derivations { put(UInt32(d.utf8.count)); header.append(contentsOf: d.utf8) }
        put(UInt32(entries.count))
        var out = Data(count: header.count + entries.count * 40)
        out.withUnsafeMutableBytes { raw in
            raw.copyBytes(from: header)
            for (i, e) in entries.enumerated() { Self.store(e, into: raw, at: header.count + i * 40) }
        }
        return out
    }

    /// One entry's 40 bytes: key hash and length, derivation, size, time, document.
    private static func store(_ e: Entry, into raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        var at = offset
        func put<T: FixedWidthInteger>(_ v: T) { raw.storeBytes(of: v.littleEndian, toByteOffset: at, as: T.self); at += MemoryLayout<T>.size }
        put(e.key.hash); put(e.key.length); put(e.derivation); put(e.size); put(e.mtime.bitPattern); put(e.document)
    }

    /// False when the bytes are not a packed list this version wrote: the caller reads `documents` instead.
    private mutating func decode(_ data: Data, token: String) -> Bool {
        var at = 0
        func get<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard at + MemoryLayout<T>.size <= data.count else { return nil }
            let v = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) }
            at += MemoryLayout<T>.size
            return T(littleEndian: v)
        }
        func string() -> String? {
            guard let n = get(UInt32.self), at + Int(n) <= data.count else { return nil }
            defer { at += Int(n) }
            return String(decoding: data[data.startIndex + at ..< data.startIndex + at + Int(n)], as: UTF8.self)
        }
        guard get(UInt32.self) == Self.magic, get(UInt32.self) == Self.version, string() == token,
              let nd = get(UInt32.self) else { return false }
        let tokenAt = 12
        var derivations: [String] = []
        for _ in 0..<nd {
            guard let d = string() else { return false }
            derivations.append(d)
        }
        guard let n = get(UInt32.self), data.count - at == Int(n) * 40 else { return false }
        let count = Int(n), base = at, limit = Int32(derivations.count)
        var valid = true
        // One pass over raw bytes: the list is read on every refresh, and it is 40 bytes per file.
        let entries = [Entry](unsafeUninitializedCapacity: count) { out, initialized in
            data.withUnsafeBytes { raw in
                var previous: PathKey?
                for i in 0..<count {
                    let o = base + i * 40
                    func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T { T(littleEndian: raw.loadUnaligned(fromByteOffset: o + offset, as: T.self)) }
                    let e = Entry(key: PathKey(hash: load(0, UInt64.self), length: load(8, UInt32.self)), size: load(16, Int64.self),
                                  mtime: Double(bitPattern: load(24, UInt64.self)), derivation: load(12, Int32.self), document: load(32, Int64.self))
                    // Entries must come sorted and name a derivation the list holds.
                    if e.derivation < 0 || e.derivation >= limit || previous.map({ e.key < $0 }) == true { valid = false; break }
                    previous = e.key
                    (out.baseAddress! + i).initialize(to: e)
                    initialized = i + 1
                }
            }
        }
        guard valid else { return false }
        self.entries = entries
        self.derivations = derivations
        layout = Layout(tokenAt: tokenAt, tokenLength: token.utf8.count, entriesAt: base, count: count, derivations: derivations.count)
        derivationIDs = Dictionary(derivations.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        return true
    }
}
