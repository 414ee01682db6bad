import CSQLite
import Foundation

/// `kbrank(passage_fts, w_text, w_heading, w_title, idf)`: BM25 with document frequencies supplied by the
/// caller, `idf` a blob of one Float64 per phrase in FTS5's phrase order (`RankFunction.idfBlob`). One blob,
/// not an argument per phrase: SQLite allows a function 127 arguments, and a pasted sentence has more phrases.
///
/// FTS5's own `bm25()` counts, on its first row, every row that contains each phrase: for a common word that
/// is a walk over hundreds of thousands of rows before the first result. kb estimates the frequencies from a
/// short sample instead (`DocumentFrequency`) and passes them in, so a ranked scan costs what its rows cost.
enum RankFunction {
    static let name = "kbrank"
    static let k1 = 1.2
    static let b = 0.75

    /// The inverse document frequencies as the blob `kbrank` reads: native-endian Float64s, back to back.
    static func idfBlob(_ idf: [Double]) -> [UInt8] {
        idf.withUnsafeBytes { Array($0) }
    }

    static func register(on api: UnsafeMutablePointer<fts5_api>) throws {
        let rc = api.pointee.xCreateFunction(api, name, nil, kbRank, nil)
        guard rc == SQLITE_OK else { throw IndexError("cannot register the kbrank function (SQLite error \(rc))") }
    }
}

private func kbRank(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?, _ ctx: OpaquePointer?,
                    _ nVal: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
    guard let api, let fts, let values else { sqlite3_result_double(ctx, 0); return }
    let a = api.pointee
    let columns = Int(a.xColumnCount(fts))
    let phrases = Int(a.xPhraseCount(fts))
    guard columns > 0, phrases > 0 else { sqlite3_result_double(ctx, 0); return }
    var rows: Int64 = 0, total: Int64 = 0
    _ = a.xRowCount(fts, &rows)
    _ = a.xColumnTotalSize(fts, -1, &total)
    let average = rows > 0 ? max(1, Double(total) / Double(rows)) : 1
    var length: Int32 = 0
    _ = a.xColumnSize(fts, -1, &length)
    var instances: Int32 = 0
    guard a.xInstCount(fts, &instances) == SQLITE_OK, instances > 0 else { sqlite3_result_double(ctx, 0); return }
    let args = Int(nVal)
    func argument(_ i: Int) -> Double { i < args ? sqlite3_value_double(values[i]) : 1 }
    // The idf blob after the column weights; a phrase it does not cover counts 1.
    var idfs: UnsafeRawBufferPointer? = nil
    if columns < args, let blob = sqlite3_value_blob(values[columns]) {
        idfs = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_value_bytes(values[columns])))
    }
    let idfCount = (idfs?.count ?? 0) / MemoryLayout<Double>.size
    withUnsafeTemporaryAllocation(of: Double.self, capacity: phrases) { freq in
        freq.initialize(repeating: 0)
        for i in 0..<instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            guard a.xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK, Int(phrase) < phrases else { continue }
            freq[Int(phrase)] += Int(column) < columns ? argument(Int(column)) : 1
        }
        let norm = RankFunction.k1 * (1 - RankFunction.b + RankFunction.b * Double(length) / average)
        var score = 0.0
        for p in 0..<phrases where freq[p] > 0 {
            let idf = p < idfCount ? (idfs?.loadUnaligned(fromByteOffset: p * MemoryLayout<Double>.size, as: Double.self) ?? 1) : 1
            score += idf * freq[p] * (RankFunction.k1 + 1) / (freq[p] + norm)
        }
        sqlite3_result_double(ctx, score)
    }
}

/// Document frequencies of the phrases of an FTS5 expression, estimated from the first matches in rowid order.
///
/// Rare phrases are counted exactly; for a phrase with more matches than the sample, the density of the
/// sample (matches per rowid) is extrapolated over the whole rowid range. Rowids are passage ids, assigned in
/// ingest order, so the sample is a slice of the corpus, not of one topic.
struct DocumentFrequency {
    let db: Database
    let sample = 256
    private(set) var cache: [String: Double] = [:]
    private var bounds: (low: Int, high: Int)? = nil

    init(db: Database) { self.db = db }

    /// The phrases of an expression in the order FTS5 numbers them: every quoted string, with its prefix star.
    static func phrases(in expression: String) -> [String] {
        var out: [String] = []
        let bytes = Array(expression.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else { i += 1; continue }
            var j = i + 1
            while j < bytes.count {
                if bytes[j] == UInt8(ascii: "\"") {
                    if j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "\"") { j += 2; continue }
                    break
                }
                j += 1
            }
            var end = min(j + 1, bytes.count)
            var k = end
            while k < bytes.count, bytes[k] == UInt8(ascii: " ") { k += 1 }
            if k < bytes.count, bytes[k] == UInt8(ascii: "*") { end = k + 1 }
            out.append(String(decoding: bytes[i..<end], as: UTF8.self))
            i = end
        }
        return out
    }

    /// BM25's inverse document frequency for each phrase of the expression, in FTS5's phrase order.
    mutating func idf(for expression: String) throws -> [Double] {
        let phrases = Self.phrases(in: expression)
        guard !phrases.isEmpty else { return [] }
        let (low, high) = try rowidBounds()
        let n = Double(max(1, high - low + 1))
        return try phrases.map { phrase in
            let df = try frequency(of: phrase, low: low, high: high)
            let idf = log((n - df + 0.5) / (df + 0.5))
            return idf > 1e-6 ? idf : 1e-6
        }
    }

    /// How many passages each group of alternatives matches, estimated: the sum over its phrases, at most all.
    mutating func matches(of expression: String) throws -> Double {
        let (low, high) = try rowidBounds()
        let n = Double(max(1, high - low + 1))
        return min(n, try Self.phrases(in: expression).reduce(0.0) { $0 + (try frequency(of: $1, low: low, high: high)) })
    }

    /// BM25's inverse document frequency of a group of alternatives, from its estimated matches.
    mutating func idf(ofGroup expression: String) throws -> Double {
        let (low, high) = try rowidBounds()
        let n = Double(max(1, high - low + 1))
        let df = try matches(of: expression)
        return max(1e-6, log((n - df + 0.5) / (df + 0.5)))
    }

    private mutating func rowidBounds() throws -> (low: Int, high: Int) {
        if let bounds { return bounds }
        let row = try db.rows("SELECT (SELECT min(id) FROM passages), (SELECT max(id) FROM passages)").first
        let b = (row?[0].int ?? 1, row?[1].int ?? 1)
        bounds = b
        return b
    }

    private mutating func frequency(of phrase: String, low: Int, high: Int) throws -> Double {
        if let known = cache[phrase] { return known }
        let statement = try db.prepare("SELECT rowid FROM passage_fts WHERE passage_fts MATCH ? LIMIT ?")
        try statement.bind([.text(phrase), .int(Int64(sample))])
        var count = 0, last = low
        while try statement.step() {
            count += 1
            last = statement.column(0).int ?? last
        }
        var df = Double(count)
        if count >= sample, last > low {
            df = min(Double(high - low + 1), Double(count) * Double(high - low + 1) / Double(last - low + 1))
        }
        cache[phrase] = df
        return df
    }
}
