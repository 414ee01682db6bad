import Foundation

/// Words (or any short byte strings) mapped to numbers, keyed by their bytes in one packed table: looking up a
/// word costs one hash of its bytes and one comparison, with no string made and none normalised for hashing.
public final class ByteKeyTable {
    private struct Entry { var hash: UInt64; var key: Int32; var count: Int32; var value: Int32 }
    private var slots: [Int32]
    private var entries: [Entry] = []
    private var keys: [UInt8] = []
    private var mask: Int

    public init() {
        slots = [Int32](repeating: -1, count: 1 << 12)
        mask = (1 << 12) - 1
    }

    public var count: Int { entries.count }

    /// FNV-1a over the bytes with a final mix, so that the low bits pick slots well.
    @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// The number stored for `key`, or nil.
    public func value(for key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[i])
            if e < 0 { return nil }
            let entry = entries[e]
            if entry.hash == h, Int(entry.count) == key.count {
                let same = key.count == 0 || keys.withUnsafeBufferPointer { k in
                    memcmp(k.baseAddress! + Int(entry.key), key.baseAddress!, key.count) == 0
                }
                if same { return entry.value }
            }
            i = (i + 1) & mask
        }
    }

    /// Stores a number for a key not yet in the table.
    public func insert(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        entries.append(Entry(hash: h, key: Int32(keys.count), count: Int32(key.count), value: value))
        keys.append(contentsOf: key)
        place(Int32(entries.count - 1), hash: h)
    }

    public func removeAll() {
        entries.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        for k in slots.indices { slots[k] = -1 }
    }

    private func place(_ e: Int32, hash h: UInt64) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = e
    }

    private func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (k, e) in entries.enumerated() { place(Int32(k), hash: e.hash) }
    }
}
