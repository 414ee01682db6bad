import Foundation

/// What the index holds of each document's file (size, time, derivation), read in one pass so a refresh
/// can skip unchanged files unread and find the ones that are gone.
struct KnownFiles {
    struct Entry {
        var size: Int
        var mtime: Double
        /// A small number per distinct derivation string: a corpus has a handful, not one per file.
        var derivation: Int32
        /// Where this file's visited flag is.
        var ordinal: Int
    }

    /// By folder, then by file name: names are short (no allocation, cheap to hash), and a scan asks for
    /// one folder's files together.
    private var folders: [String: [String: Entry]] = [:]
    private var visited: [Bool] = []
    private var derivationIDs: [String: Int32] = [:]
    private let db: Database

    init(_ db: Database, capacity: Int) throws {
        self.db = db
        visited.reserveCapacity(capacity)
        let stored = try db.prepare("SELECT source, size, mtime, derivation FROM documents")
        var folder = ""
        var names: [String: Entry] = [:]
        names.reserveCapacity(capacity)   // most corpora are one big folder
        while try stored.step() {
            let source = stored.column(0).string ?? ""
            let (f, name) = Self.split(source)
            if f != folder {
                if !names.isEmpty { folders[folder] = names; names = [:] }
                folder = f
                if let earlier = folders.removeValue(forKey: f) { names = earlier }
            }
            names[name] = Entry(size: stored.column(1).int ?? -1, mtime: stored.column(2).double ?? -1,
                                derivation: derivationID(stored.column(3).string ?? ""), ordinal: visited.count)
            visited.append(false)
        }
        if !names.isEmpty { folders[folder] = names }
    }

    /// A path's folder and name, split at the last slash ("/" for a file at the root).
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
        let folder = slash == path.utf8.startIndex ? "/" : String(path.utf8[..<slash]) ?? ""
        return (folder, String(path.utf8[path.utf8.index(after: slash)...]) ?? "")
    }

    /// One folder's known files, to look a scan's files up in.
    func folder(_ path: String) -> [String: Entry] { folders[path] ?? [:] }

    /// Marks a file as present on disk.
    mutating func visit(_ entry: Entry) { visited[entry.ordinal] = true }

    func contains(_ source: String) -> Bool {
        let (f, name) = Self.split(source)
        return folders[f]?[name] != nil
    }

    /// A small number standing for a derivation string, the same for equal strings.
    mutating func derivationID(_ derivation: String) -> Int32 {
        if let id = derivationIDs[derivation] { return id }
        let id = Int32(derivationIDs.count)
        derivationIDs[derivation] = id
        return id
    }

    /// Known sources not visited: their files were not found by the scan.
    var unvisited: [String] {
        var out: [String] = []
        for (folder, names) in folders {
            for (name, e) in names where !visited[e.ordinal] { out.append(folder == "/" ? "/" + name : folder + "/" + name) }
        }
        return out
    }

    /// The stored content hash of a source, asked only for the few documents whose files went missing.
    func contentHash(of source: String) throws -> String? {
        try db.scalar("SELECT content_hash FROM documents WHERE source = ?", [.text(source)]).string
    }
}
