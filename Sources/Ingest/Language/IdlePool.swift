import Foundation

/// Idle instances of something costly to warm up (stemmers with their word caches, tokenizers with their
/// term caches), one per worker at a time: a worker takes one, gives it back when done, and the next worker
/// finds its caches warm.
public final class IdlePool<Item>: @unchecked Sendable {
    private var idle: [Item] = []
    private let lock = NSLock()
    private let limit: Int
    private let make: () -> Item

    public init(limit: Int, make: @escaping () -> Item) {
        self.limit = limit
        self.make = make
    }

    public func take() -> Item {
        lock.lock()
        let item = idle.popLast()
        lock.unlock()
        return item ?? make()
    }

    public func giveBack(_ item: Item) {
        lock.lock(); defer { lock.unlock() }
        if idle.count < limit { idle.append(item) }
    }
}
