import CTextSearch
import Foundation

/// Words (or any short byte strings) mapped to numbers, keyed by their bytes in one packed table: looking up a
/// word costs one hash of its bytes and one comparison, with no string made and none normalised for hashing.
///
/// A table of a large corpus's vocabulary is megabytes, so a look-up is bound by memory, not by arithmetic:
/// a slot holds the top half of its key's hash beside where the key lies, so a word that is not there is
/// answered from the slot alone, and one that is there costs one more read, of its record: a length, the
/// value and the key's bytes, side by side.
public final class ByteKeyTable {
    /// 0 when empty; else the hash's top 32 bits, then the record's offset in `records` plus one.
    private var slots: [UInt64]
    /// Records one after another: the key's length (two bytes), the value (four), the key's bytes.
    private var records: [UInt8] = []
    private var mask: Int
    public private(set) var count = 0

    public init() {
        slots = [UInt64](repeating: 0, count: 1 << 12)
        mask = (1 << 12) - 1
    }

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

    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// The number stored for `key`, or nil.
    public func value(for key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        let tag = h & Self.tagMask
        return slots.withUnsafeBufferPointer { slots in
            records.withUnsafeBytes { records -> Int32? in
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let slot = slots[i]
                    if slot == 0 { return nil }
                    if slot & Self.tagMask == tag {
                        let at = Int(slot & 0xFFFF_FFFF) - 1
                        let length = Int(records.load(fromByteOffset: at, as: UInt16.self))
                        if length == key.count, Self.equal(records.baseAddress! + at + 6, key, length) {
                            return records.loadUnaligned(fromByteOffset: at + 2, as: Int32.self)
                        }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// Starts reading the slot a key with hash `h` is looked for first, so that a look-up soon after finds it in
    /// the cache: a sentence's words are hashed and their slots fetched together, and the reads overlap.
    @inline(__always)
    public func prefetchSlot(hash h: UInt64) {
        slots.withUnsafeBufferPointer { kb_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: h) & mask)) }
    }

    /// Starts reading the record the slot of hash `h` points to, if that slot holds a key with the same tag.
    @inline(__always)
    public func prefetchRecord(hash h: UInt64) {
        let slot = slots.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: h) & mask] }
        guard slot != 0, slot & Self.tagMask == h & Self.tagMask else { return }
        records.withUnsafeBufferPointer { kb_prefetch($0.baseAddress! + Int(slot & 0xFFFF_FFFF) - 1) }
    }

    /// Whether `n` bytes at `a` are those of `key`, compared eight at a time.
    @inline(__always)
    private static func equal(_ a: UnsafeRawPointer, _ key: UnsafeBufferPointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0, let b = key.baseAddress.map(UnsafeRawPointer.init) else { return true }
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// Stores a number for a key not yet in the table; keys longer than 65,535 bytes are not stored.
    public func insert(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int32) {
        guard key.count <= Int(UInt16.max) else { return }
        if (count + 1) * 2 > slots.count { grow() }
        let at = records.count
        // Two-byte aligned, so the length is read with an aligned load.
        if at & 1 == 1 { records.append(0); return insert(key, hash: h, value: value) }
        withUnsafeBytes(of: UInt16(key.count).littleEndian) { records.append(contentsOf: $0) }
        withUnsafeBytes(of: value.littleEndian) { records.append(contentsOf: $0) }
        records.append(contentsOf: key)
        place(UInt64(at + 1) | (h & Self.tagMask), hash: h)
        count += 1
    }

    public func removeAll() {
        records.removeAll(keepingCapacity: true)
        for k in slots.indices { slots[k] = 0 }
        count = 0
    }

    private func place(_ slot: UInt64, hash h: UInt64) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = slot
    }

    private func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            let at = Int(slot & 0xFFFF_FFFF) - 1
            let h = records.withUnsafeBufferPointer { r -> UInt64 in
                let length = Int(UInt16(r[at]) | UInt16(r[at + 1]) << 8)
                return Self.hash(UnsafeBufferPointer(rebasing: r[(at + 6)..<(at + 6 + length)]))
            }
            place(slot, hash: h)
        }
    }
}
