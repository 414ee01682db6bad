/// The index schema as an ordered list of migrations; `user_version` records how many have run.
enum Schema {
    /// Bumped when tokenization changes: the full-text index is then rebuilt from the stored passages.
    static let tokenizerVersion = "kb-2"

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
        """
        CREATE TABLE thesaurus_terms(
            concept TEXT NOT NULL, language TEXT NOT NULL, term TEXT NOT NULL,
            key TEXT NOT NULL  -- the term's words as stems, folded: what a query is looked up by
        );
        CREATE INDEX thesaurus_terms_key ON thesaurus_terms(key);
        CREATE INDEX thesaurus_terms_concept ON thesaurus_terms(concept);
        """,
        """
        CREATE TABLE refs(
            id INTEGER PRIMARY KEY,
            passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            target TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
            surface TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL
        );
        CREATE INDEX refs_target ON refs(target);
        CREATE INDEX refs_passage ON refs(passage_id);
        CREATE INDEX refs_document ON refs(document_id);
        -- What a document is (its case or diary number): documents citing that target link to it.
        CREATE TABLE document_identity(
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            target TEXT NOT NULL
        );
        CREATE INDEX document_identity_target ON document_identity(target);
        """,
        """
        CREATE TABLE positions(id TEXT PRIMARY KEY, title_sv TEXT NOT NULL, title_en TEXT NOT NULL, requires TEXT, related TEXT);
        CREATE TABLE claims(
            id INTEGER PRIMARY KEY,
            passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            key TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            actor TEXT NOT NULL, person TEXT, role TEXT, reported_by TEXT, modality TEXT NOT NULL, concepts TEXT, why TEXT
        );
        CREATE INDEX claims_document ON claims(document_id);
        CREATE INDEX claims_key ON claims(key);
        CREATE INDEX claims_actor ON claims(actor);
        CREATE TABLE claim_positions(
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            position_id TEXT NOT NULL, stance TEXT NOT NULL, score REAL NOT NULL, cues TEXT
        );
        CREATE INDEX claim_positions_position ON claim_positions(position_id);
        CREATE INDEX claim_positions_claim ON claim_positions(claim_id);
        -- A lawyer's decisions from corpus/reviews.yaml, keyed by claim key so they survive re-ingest.
        CREATE TABLE reviews(key TEXT PRIMARY KEY, status TEXT, actor TEXT, stance TEXT, position TEXT, note TEXT);
        -- Claims on the same position by different holders: agreeing or contradicting.
        CREATE VIEW claim_links AS
            SELECT a.claim_id AS claim, b.claim_id AS other, a.position_id AS position,
                   CASE WHEN a.stance = b.stance THEN 'agrees' ELSE 'contradicts' END AS relation
            FROM claim_positions a JOIN claim_positions b ON a.position_id = b.position_id AND a.claim_id != b.claim_id
            JOIN claims ca ON ca.id = a.claim_id JOIN claims cb ON cb.id = b.claim_id
            WHERE ca.actor != cb.actor AND a.stance IN ('affirms', 'denies') AND b.stance IN ('affirms', 'denies');
        """,
        """
        ALTER TABLE documents ADD COLUMN derivation TEXT;
        ALTER TABLE documents ADD COLUMN stale TEXT;  -- why the file's current version could not be read, if it could not
        CREATE TABLE roots(path TEXT PRIMARY KEY);
        CREATE TABLE refreshes(id INTEGER PRIMARY KEY, at TEXT NOT NULL, digest TEXT NOT NULL);
        CREATE TABLE removed_anchors(anchor TEXT NOT NULL, document TEXT NOT NULL, text TEXT NOT NULL, refresh_id INTEGER, removed_at TEXT NOT NULL);
        CREATE INDEX removed_anchors_anchor ON removed_anchors(anchor);
        """,
        """
        -- Foreign-key checks on delete look children up by these columns: without them, replacing one
        -- document scans every passage and claim.
        CREATE INDEX passages_section ON passages(section_id);
        CREATE INDEX claims_passage ON claims(passage_id);
        """,
        """
        -- Who holds which position with which stance, counted: a refresh compares these few rows before and
        -- after instead of grouping every claim. Kept by triggers, so every writer keeps it right.
        CREATE TABLE holdings(
            position_id TEXT NOT NULL, stance TEXT NOT NULL, actor TEXT NOT NULL, n INTEGER NOT NULL,
            PRIMARY KEY(position_id, stance, actor)
        ) WITHOUT ROWID;
        INSERT INTO holdings SELECT cp.position_id, cp.stance, c.actor, count(*)
            FROM claim_positions cp JOIN claims c ON c.id = cp.claim_id GROUP BY 1, 2, 3;
        CREATE TRIGGER holdings_add AFTER INSERT ON claim_positions BEGIN
            INSERT INTO holdings(position_id, stance, actor, n)
                VALUES(NEW.position_id, NEW.stance, coalesce((SELECT actor FROM claims WHERE id = NEW.claim_id), ''), 1)
                ON CONFLICT(position_id, stance, actor) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER holdings_remove AFTER DELETE ON claim_positions BEGIN
            UPDATE holdings SET n = n - 1 WHERE position_id = OLD.position_id AND stance = OLD.stance
                AND actor = coalesce((SELECT actor FROM claims WHERE id = OLD.claim_id), '');
            DELETE FROM holdings WHERE n <= 0;
        END;
        """,
        """
        -- Nothing looks claims up by key or by exact actor (actor filters are substring matches): the two
        -- indexes only cost space.
        DROP INDEX IF EXISTS claims_key;
        DROP INDEX IF EXISTS claims_actor;
        """,
        """
        -- Foreign keys are not enforced: the writer deletes a document's rows child table by child table, and
        -- enforcing them needed an index on every child column, about 3% of a large index. Rows of a document
        -- are found through its passages (passages_document, then claims_passage and refs_passage).
        DROP INDEX IF EXISTS passages_section;
        DROP INDEX IF EXISTS claims_document;
        DROP INDEX IF EXISTS refs_document;
        """,
        """
        -- Indexed terms with diacritics by their folded form: a query without diacritics finds them here
        -- (see FoldedSpellings). Filled when the full-text index is rebuilt for tokenizer kb-2.
        CREATE TABLE folded_terms(folded TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY(folded, term)) WITHOUT ROWID;
        -- Numbers for the concept names in claims.concepts (see ConceptCodes).
        CREATE TABLE concept_codes(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        """,
        """
        -- What a refresh compares each file with (source, size, time, derivation) is packed in a file beside
        -- the index, read in one go (see KnownFiles); meta.known_files names the version that matches these
        -- documents. Any change to a document's file columns removes the name; the refresh or ingest that made
        -- the change writes the file and the name again.
        CREATE TRIGGER known_files_insert AFTER INSERT ON documents BEGIN DELETE FROM meta WHERE key = 'known_files'; END;
        CREATE TRIGGER known_files_delete AFTER DELETE ON documents BEGIN DELETE FROM meta WHERE key = 'known_files'; END;
        CREATE TRIGGER known_files_update AFTER UPDATE OF source, size, mtime, derivation ON documents
            BEGIN DELETE FROM meta WHERE key = 'known_files'; END;
        """,
    ]

    /// Contentless: the text lives once, in `passages`; deletes re-supply the indexed values.
    /// The indexed column values, each tagged with the language that picks its stemmer. Inserts,
    /// deletes and rebuilds must produce the same strings, so they all come from here.
    static let ftsValuesSQL = """
        char(1) || coalesce(p.language, 'sv') || char(1) || p.text,
        char(1) || coalesce(d.language, 'sv') || char(1) || coalesce(s.heading, ''),
        char(1) || coalesce(d.language, 'sv') || char(1) || d.title
        """
    static let ftsSourceSQL = "FROM passages p JOIN documents d ON d.id = p.document_id LEFT JOIN sections s ON s.id = p.section_id"

    /// How much FTS5 gathers in memory before writing a segment (its default is 1 MiB): a batch of documents
    /// then makes one segment, not several to merge.
    static let pendingTermsBytes = 8 * 1_048_576

    static func ftsTable(tokenizer: String) -> String {
        """
        CREATE VIRTUAL TABLE passage_fts USING fts5(text, heading, title, content='', tokenize="\(tokenizer)");
        INSERT INTO passage_fts(passage_fts, rank) VALUES('hashsize', \(pendingTermsBytes));
        """
    }
}
