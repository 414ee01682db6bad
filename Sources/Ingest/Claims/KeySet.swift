/// A set of concept and term keys (numbers given by `ConceptMatcher`) as bits: the checks run on every
/// sentence, and testing a few machine words costs far less than hashing names.
struct KeySet: Equatable, Sendable {
    /// Keys 0..<256, one bit each; a catalogue rarely has more.
    private var low = SIMD4<UInt64>(repeating: 0)
    /// Keys from 256 on.
    private var high: Set<Int> = []

    init() {}
    init<S: Sequence>(_ keys: S) where S.Element == Int { for k in keys { insert(k) } }

    var isEmpty: Bool { low == SIMD4(repeating: 0) && high.isEmpty }

    func contains(_ k: Int) -> Bool {
        k < 256 ? low[k >> 6] & (1 << UInt64(k & 63)) != 0 : high.contains(k)
    }

    mutating func insert(_ k: Int) {
        if k < 256 { low[k >> 6] |= 1 << UInt64(k & 63) } else { high.insert(k) }
    }

    mutating func formUnion(_ other: KeySet) {
        low |= other.low
        if !other.high.isEmpty { high.formUnion(other.high) }
    }

    func union(_ other: KeySet) -> KeySet {
        var out = self
        out.formUnion(other)
        return out
    }

    func intersects(_ other: KeySet) -> Bool {
        (low & other.low) != SIMD4(repeating: 0) || (!high.isEmpty && !high.isDisjoint(with: other.high))
    }

    func intersection(_ other: KeySet) -> KeySet {
        var out = KeySet()
        out.low = low & other.low
        if !high.isEmpty, !other.high.isEmpty { out.high = high.intersection(other.high) }
        return out
    }

    /// The keys in ascending order.
    var elements: [Int] {
        var out: [Int] = []
        for w in 0..<4 {
            var bits = low[w]
            while bits != 0 {
                out.append(w * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out + high.sorted()
    }
}
