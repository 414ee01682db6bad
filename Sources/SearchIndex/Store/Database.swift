import CSQLite
import CSQLiteConfig
import Foundation

/// A failure inside the index, with what kb was doing and what SQLite said.
public struct IndexError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One SQLite connection with a cache of prepared statements; used from one thread at a time.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var statements: [String: Statement] = [:]

    /// Made once, before the first connection: configuration is refused once SQLite is initialised.
    private static let configured: Int32 = kb_sqlite_configure()

    public init(path: String, readOnly: Bool = false) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let why = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close(db) }
            throw IndexError("cannot open the index at \(path): \(why)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 10_000)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statements.values.forEach { $0.finalize() }
        sqlite3_close_v2(handle)
    }

    /// SQLite's message for the last failure; for a damaged file or one that is no index, also what to do.
    public var lastError: String {
        let message = String(cString: sqlite3_errmsg(handle))
        switch sqlite3_errcode(handle) & 0xFF {
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return message + " (\(path) is damaged or is not a kb index: move it aside and run `kb ingest` again;"
                + " everything in an index is rebuilt from the documents and the corpus files)"
        default:
            return message
        }
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &err) != SQLITE_OK {
            let code = sqlite3_errcode(handle) & 0xFF
            let message = code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? lastError : (err.map { String(cString: $0) } ?? lastError)
            sqlite3_free(err)
            throw IndexError("index error: \(message)")
        }
    }

    /// A prepared statement, reused across calls with the same SQL.
    public func prepare(_ sql: String) throws -> Statement {
        if let s = statements[sql] {
            s.reset()
            return s
        }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil) == SQLITE_OK, let stmt else {
            throw IndexError("index error preparing a statement: \(lastError)")
        }
        let s = Statement(stmt, db: self)
        statements[sql] = s
        return s
    }

    public func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let s = try prepare(sql)
        try s.bind(values)
        while try s.step() {}
    }

    public func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [Row] {
        let s = try prepare(sql)
        try s.bind(values)
        var out: [Row] = []
        while try s.step() { out.append(s.row()) }
        return out
    }

    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue {
        try rows(sql, values).first?.values.first ?? .null
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` as one read transaction: one snapshot, and the file locks taken once instead of per statement.
    public func reading<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    public func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }
}

/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Equatable {
    case null, int(Int64), double(Double), text(String)

    public var string: String? { if case .text(let s) = self { return s }; if case .int(let i) = self { return String(i) }; return nil }
    public var int: Int? {
        switch self { case .int(let i): return Int(i); case .double(let d): return Int(d); case .text(let s): return Int(s); case .null: return nil }
    }
    public var double: Double? {
        switch self { case .int(let i): return Double(i); case .double(let d): return d; case .text(let s): return Double(s); case .null: return nil }
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(Int64(value)) }
    public init(_ s: String?) { self = s.map { .text($0) } ?? .null }
    public init(_ i: Int?) { self = i.map { .int(Int64($0)) } ?? .null }
}

/// One result row, addressed by column index or name.
public struct Row: Sendable {
    public var names: [String]
    public var values: [SQLValue]
    public subscript(_ i: Int) -> SQLValue { values[i] }
    public subscript(_ name: String) -> SQLValue {
        guard let i = names.firstIndex(of: name) else { return .null }
        return values[i]
    }
}

/// A prepared statement owned by its `Database`'s cache.
public final class Statement {
    let stmt: OpaquePointer
    unowned let db: Database
    init(_ stmt: OpaquePointer, db: Database) { self.stmt = stmt; self.db = db }

    func finalize() { sqlite3_finalize(stmt) }
    func reset() { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }

    public func bind(_ values: [SQLValue]) throws {
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(stmt, idx)
            case .int(let n): rc = sqlite3_bind_int64(stmt, idx, n)
            case .double(let d): rc = sqlite3_bind_double(stmt, idx, d)
            case .text(let s): rc = Self.bindText(stmt, idx, s)
            }
            guard rc == SQLITE_OK else { throw IndexError("index error binding a value: \(db.lastError)") }
        }
    }

    /// Binds text with its length in bytes, which spares SQLite measuring it; the text ends at its first NUL
    /// byte, as it does when SQLite measures it.
    static func bindText(_ stmt: OpaquePointer?, _ idx: Int32, _ text: String) -> Int32 {
        var s = text
        return s.withUTF8 { u in
            guard let base = u.baseAddress else { return sqlite3_bind_text(stmt, idx, "", 0, kb_sqlite_transient()) }
            let length = memchr(base, 0, u.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? u.count
            guard length <= Int(Int32.max) else { return SQLITE_TOOBIG }
            return base.withMemoryRebound(to: CChar.self, capacity: u.count) {
                sqlite3_bind_text(stmt, idx, $0, Int32(length), kb_sqlite_transient())
            }
        }
    }

    /// Advances one row; false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let message = db.lastError
        sqlite3_reset(stmt)
        throw IndexError("index error: \(message)")
    }

    public func row() -> Row {
        let n = sqlite3_column_count(stmt)
        var names: [String] = []
        var values: [SQLValue] = []
        names.reserveCapacity(Int(n)); values.reserveCapacity(Int(n))
        for i in 0..<n {
            names.append(String(cString: sqlite3_column_name(stmt, i)))
            values.append(column(i))
        }
        return Row(names: names, values: values)
    }

    /// The bytes of a text or blob column, valid only inside `body`: large scans read them without making strings.
    func withBytes<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let n = Int(sqlite3_column_bytes(stmt, i))
        guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n))
    }

    /// Binds bytes as a blob (SQLValue has no blob case: only this internal state is stored as one).
    func bindBlob(_ i: Int32, _ bytes: [UInt8]) throws {
        let rc = bytes.withUnsafeBytes { sqlite3_bind_blob(stmt, i, $0.baseAddress, Int32($0.count), kb_sqlite_transient()) }
        guard rc == SQLITE_OK else { throw IndexError("index error binding a value: \(db.lastError)") }
    }

    public func column(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(stmt, i))
        case SQLITE_NULL: return .null
        default:
            guard let p = sqlite3_column_text(stmt, i) else { return .null }
            return .text(String(cString: p))
        }
    }
}
