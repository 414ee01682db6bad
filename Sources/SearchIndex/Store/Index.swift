import CSQLite
import Foundation

/// Where the index lives when the user names none: `$KB_DB`, else the XDG data directory.
public enum IndexLocation {
    public static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let env = ProcessInfo.processInfo.environment
        if let db = env["KB_DB"], !db.isEmpty { return db }
        let base: String
        if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { base = xdg }
        else { base = (env["HOME"] ?? NSHomeDirectory()) + "/.local/share" }
        return base + "/kb/index.sqlite"
    }
}

/// An open index: the database with its schema brought up to date.
public final class Index {
    public let db: Database
    /// Written forms with diacritics noted while indexing, saved by each write transaction.
    let spellings = FoldedSpellings()
    /// What the connection's tokenizers share: the spellings above, and the terms parsing threads prepared.
    let tokenizerContext: TokenizerContext

    /// Opens (and creates when `create` is true) the index at `path`.
    public init(path: String, create: Bool = true) throws {
        let fm = FileManager.default
        let isNew = !fm.fileExists(atPath: path)
        if isNew {
            guard create else {
                throw IndexError("no index at \(path): run 'kb ingest PATH' first (or pass --db / set KB_DB)")
            }
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty {
                do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw IndexError("cannot create the directory \(dir) for the index: \(error.localizedDescription)")
                }
            }
        }
        db = try Database(path: path)
        tokenizerContext = TokenizerContext(spellings: spellings)
        try KBTokenizer.register(on: db.handle, context: tokenizerContext)
        // A new index returns the pages a bulk load's merges free (see `Ingestor`); an old one is left as it is.
        // Only on creation: on an existing file the pragma rewrites the header, a synced write in every search.
        if isNew { try db.execute("PRAGMA auto_vacuum=INCREMENTAL") }
        // This SQLite is built to overwrite freed pages with zeros; a bulk load's merges free pages all the time,
        // and the index holds nothing that its corpus files do not.
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=OFF")
        try migrate()
    }

    private func migrate() throws {
        let version = try db.scalar("PRAGMA user_version").int ?? 0
        if version > Schema.migrations.count {
            throw IndexError("the index at \(db.path) was made by a newer kb (schema \(version)); upgrade kb or rebuild the index")
        }
        if version < Schema.migrations.count {
            try db.transaction {
                for (i, sql) in Schema.migrations.enumerated() where i >= version { try db.execute(sql) }
                try db.execute("PRAGMA user_version=\(Schema.migrations.count)")
            }
        }
        let tokenizer = try db.scalar("SELECT value FROM meta WHERE key='tokenizer'").string
        if tokenizer != Schema.tokenizerVersion {
            // Once per kb upgrade that changes tokenization; on a large index this takes minutes, so say so.
            if tokenizer != nil {
                FileHandle.standardError.write(Data("kb: rebuilding the full-text index of \(db.path) for this version of kb (once)\n".utf8))
            }
            try rebuildFullText()
        }
    }

    /// Recreates the full-text table from the stored passages (after a tokenizer change).
    public func rebuildFullText() throws {
        try db.transaction {
            try db.execute("DROP TABLE IF EXISTS passage_fts")
            try db.execute(Schema.ftsTable(tokenizer: KBTokenizer.name))
            try db.execute("DELETE FROM folded_terms")
            try db.execute("INSERT INTO passage_fts(rowid, text, heading, title) SELECT p.id, \(Schema.ftsValuesSQL) \(Schema.ftsSourceSQL)")
            try spellings.flush(into: db)
            try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES('tokenizer', ?)", [.text(Schema.tokenizerVersion)])
        }
        // The old table's pages go back to the file system (on indexes made with incremental vacuum).
        try db.execute("PRAGMA incremental_vacuum")
    }
}
