/// The index schema as an ordered list of migrations; `user_version` records how many have run.
enum Schema {
    /// Bumped when tokenization changes: the full-text index is then rebuilt from the stored passages.
    static let tokenizerVersion = "unicode61-1"

    static let migrations: [String] = [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents(
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            title TEXT NOT NULL,
            issuer TEXT, kind TEXT, date TEXT, date_note TEXT, language TEXT, description TEXT, author TEXT,
            supersedes TEXT,
            content_hash TEXT NOT NULL,
            size INTEGER, mtime REAL,
            ingested_at TEXT NOT NULL,
            notes TEXT
        );
        CREATE TABLE sections(
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL, heading TEXT NOT NULL, level INTEGER NOT NULL, anchor TEXT NOT NULL,
            line_start INTEGER, line_end INTEGER
        );
        CREATE INDEX sections_document ON sections(document_id, ordinal);
        CREATE TABLE passages(
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
            ordinal INTEGER NOT NULL,
            anchor TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            fields TEXT,
            line_start INTEGER, line_end INTEGER, page INTEGER,
            language TEXT
        );
        CREATE INDEX passages_document ON passages(document_id, ordinal);
        """,
    ]

    /// Contentless: the text lives once, in `passages`; deletes re-supply the indexed values.
    static func ftsTable(tokenizer: String) -> String {
        """
        CREATE VIRTUAL TABLE passage_fts USING fts5(text, heading, title, content='', tokenize="\(tokenizer)");
        """
    }
}
