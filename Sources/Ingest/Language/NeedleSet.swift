/// A fixed list of substrings searched in one pass over a text's bytes (an Aho–Corasick automaton):
/// cue lists run on every sentence, and one scan costs less than one `memmem` call per cue.
public struct NeedleSet: Sendable {
    public let needles: [String]
    /// Byte → column of the transition table; bytes that occur in no needle share column 0.
    private let column: [UInt8]
    /// As `column`, with each upper-case letter of ASCII and Latin-1 in its lower-case letter's column, or nil
    /// when the needles hold bytes for which that would not be exact (upper-case letters, other scripts).
    private let caselessColumn: [UInt8]?
    private let columns: Int
    /// Next state by state and column. An entry is the next state's row (state × `columns`), negated and less
    /// one when a needle ends in that state: the scan reads one table per byte and tests its sign.
    private let next: [Int32]
    /// Per state, the needles that end there (directly or as a suffix), in ascending order.
    private let outputs: [[Int32]]
    /// Per state, the lowest needle index among `outputs`, or `Int32.max`.
    private let lowest: [Int32]
    /// The lowest index of an empty needle (found in every text), if any.
    private let empty: Int?

    public init(_ needles: [String]) {
        self.needles = needles
        empty = needles.firstIndex(where: \.isEmpty)
        var column = [UInt8](repeating: 0, count: 256)
        var columns = 1
        for n in needles { for b in n.utf8 where column[Int(b)] == 0 { column[Int(b)] = UInt8(columns); columns += 1 } }
        // A trie of the needles, then failure links breadth first, folded into a full transition table.
        var children: [[Int: Int32]] = [[:]]
        var ends: [[Int32]] = [[]]
        for (i, n) in needles.enumerated() where !n.isEmpty {
            var s = 0
            for b in n.utf8 {
                let c = Int(column[Int(b)])
                if let t = children[s][c] { s = Int(t) } else {
                    children.append([:]); ends.append([])
                    children[s][c] = Int32(children.count - 1)
                    s = children.count - 1
                }
            }
            ends[s].append(Int32(i))
        }
        let count = children.count
        var next = [Int32](repeating: 0, count: count * columns)
        var fail = [Int32](repeating: 0, count: count)
        var outputs = ends
        var queue: [Int] = []
        for c in 0..<columns {
            if let t = children[0][c] { next[c] = t; queue.append(Int(t)) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            outputs[s] = (outputs[s] + outputs[Int(fail[s])]).sorted()
            for c in 0..<columns {
                if let t = children[s][c] {
                    fail[Int(t)] = next[Int(fail[s]) * columns + c]
                    next[s * columns + c] = t
                    queue.append(Int(t))
                } else {
                    next[s * columns + c] = next[Int(fail[s]) * columns + c]
                }
            }
        }
        let finals = outputs.map { !$0.isEmpty }
        self.caselessColumn = Self.caseless(column, needles)
        self.column = column
        self.columns = columns
        self.next = next.map { t in finals[Int(t)] ? -(t * Int32(columns)) - 1 : t * Int32(columns) }
        self.outputs = outputs
        self.lowest = outputs.map { $0.first ?? Int32.max }
    }

    /// The lowest index of a needle that occurs in `hay`, as `needles.firstIndex { hay.contains($0) }` would give.
    public func firstIndex(in hay: Haystack) -> Int? {
        var best = Int32.max
        if let empty { best = Int32(empty) }
        scan(hay) { s in
            if lowest[s] < best { best = lowest[s] }
            return best != 0
        }
        return best == Int32.max ? nil : Int(best)
    }

    /// The first needle in list order that occurs in `hay`.
    public func first(in hay: Haystack) -> String? { firstIndex(in: hay).map { needles[$0] } }

    public func containsAny(in hay: Haystack) -> Bool {
        hay.bytes.withUnsafeBufferPointer { containsAny($0, column) }
    }

    /// As `containsAny(in: Haystack(text))`, read from the string's own bytes without the copy.
    public func containsAny(in text: String) -> Bool {
        var source = text
        return source.withUTF8 { containsAny($0, column) }
    }

    /// As `containsAny(in: Haystack(text.fastLowercased))`, without making the lower-cased copy when the needles
    /// are lower-case ASCII and Latin-1 (the cue lists): upper-case bytes are read in their lower-case columns.
    public func containsAny(inAnyCase text: String) -> Bool {
        guard let caselessColumn else { return containsAny(in: Haystack(text.fastLowercased)) }
        var source = text
        return source.withUTF8 { containsAny($0, caselessColumn) }
    }

    /// Whether a needle ends anywhere in `bytes`, read through `column`.
    private func containsAny(_ bytes: UnsafeBufferPointer<UInt8>, _ column: [UInt8]) -> Bool {
        if empty != nil { return true }
        var found = false
        scan(bytes, column) { _ in
            found = true
            return false
        }
        return found
    }

    /// Columns for text in any case: A–Z read as a–z, and the second byte of À–Þ (C3 80–9E, not ×) as that of
    /// à–þ. Exact when every needle byte is lower-case ASCII, the lead byte C3 or a second byte A0–BE (then no
    /// needle holds a byte whose column is borrowed, and a borrowed column only matters after C3), but for the
    /// three capitals outside Latin-1 whose lower case is in it: the Kelvin and Ångström signs and dotted İ,
    /// which no cue list meets in practice.
    static func caseless(_ column: [UInt8], _ needles: [String]) -> [UInt8]? {
        for n in needles {
            for b in n.utf8 where !(b < 0x80 && !(b >= 0x41 && b <= 0x5A)) && b != 0xC3 && !(b >= 0xA0 && b <= 0xBE) { return nil }
        }
        var out = column
        for b in 0x41...0x5A { out[b] = column[b + 0x20] }
        for b in 0x80...0x9E where b != 0x97 { out[b] = column[b + 0x20] }
        return out
    }

    /// Whether each needle occurs in `hay`.
    public func occurrences(in hay: Haystack) -> [Bool] {
        var out = [Bool](repeating: false, count: needles.count)
        if let empty { for (i, n) in needles.enumerated() where n.isEmpty { out[i] = true }; _ = empty }
        scan(hay) { s in
            for i in outputs[s] { out[Int(i)] = true }
            return true
        }
        return out
    }

    /// Feeds each state reached that ends a needle to `body` until it returns false.
    @inline(__always)
    private func scan(_ hay: Haystack, _ body: (Int) -> Bool) {
        column.withUnsafeBufferPointer { column in
            hay.bytes.withUnsafeBufferPointer { bytes in scan(bytes, column, body) }
        }
    }

    @inline(__always)
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ column: [UInt8], _ body: (Int) -> Bool) {
        column.withUnsafeBufferPointer { column in scan(bytes, column, body) }
    }

    @inline(__always)
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ column: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        let columns = self.columns
        next.withUnsafeBufferPointer { next in
            var row = 0
            for b in bytes {
                let e = Int(next[row &+ Int(column[Int(b)])])
                if e >= 0 { row = e; continue }
                row = -e &- 1
                if !body(row / columns) { return }
            }
        }
    }
}
