import Foundation
import Yams

/// A lawyer's review decisions (`corpus/reviews.yaml`), keyed by claim key so they survive re-ingest.
public struct Reviews: Sendable {
    public static let fileName = "reviews.yaml"

    /// One decision: accept or reject a claim, or correct its actor, stance or position.
    public struct Review: Sendable, Equatable {
        public var claim: String
        public var status: String?
        public var actor: String?
        public var stance: Stance?
        public var position: String?
        public var note: String?
    }

    public var all: [Review]
    public init(_ all: [Review] = []) { self.all = all }

    public static func parse(_ yaml: String, file: String) throws -> Reviews {
        let root: Any?
        root = try DataFiles.parseYAML(yaml, file: file)
        if root == nil { return Reviews() }
        guard let list = root as? [Any] else { throw CatalogueError(file: file, message: "expected a list of reviews (- claim: KEY, status: accepted|rejected, ...)") }
        var out: [Review] = []
        for (i, item) in list.enumerated() {
            guard let m = item as? [String: Any], let key = m["claim"].map({ "\($0)" }) else {
                throw CatalogueError(file: file, message: "review \(i + 1) has no `claim:` key (as printed by kb claims)")
            }
            let status = m["status"].map { "\($0)" }
            if let status, !["accepted", "rejected"].contains(status) {
                throw CatalogueError(file: file, message: "review of \(key): status must be accepted or rejected, not '\(status)'")
            }
            var stance: Stance? = nil
            if let s = m["stance"].map({ "\($0)" }) {
                guard let st = Stance(rawValue: s) else { throw CatalogueError(file: file, message: "review of \(key): stance must be affirms, denies, qualifies or uncertain") }
                stance = st
            }
            out.append(Review(claim: key, status: status, actor: m["actor"].map { "\($0)" }, stance: stance,
                              position: m["position"].map { "\($0)" }, note: m["note"].map { "\($0)" }))
        }
        return Reviews(out)
    }

    public static func locate(near roots: [String]) throws -> Reviews {
        guard let url = DataFiles.locate(fileName, near: roots), let data = FileManager.default.contents(atPath: url.path) else { return Reviews() }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }
}
