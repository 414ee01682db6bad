import Foundation
import XCTest

/// Locates the repository's bundled corpus and the shared real-document corpus beside the checkout.
enum Paths {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = repo.appendingPathComponent("corpus")
    static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")
    static let corpusReal = shared.appendingPathComponent("corpus-real")

    static func seed(_ prefix: String) -> URL {
        let name = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path))?.first { $0.hasPrefix(prefix) } ?? prefix
        return corpus.appendingPathComponent(name)
    }

    static func real(_ prefix: String) throws -> URL {
        guard let name = (try? FileManager.default.contentsOfDirectory(atPath: corpusReal.path))?.first(where: { $0.hasPrefix(prefix) }) else {
            throw XCTSkip("../shared/corpus-real is not beside the checkout")
        }
        return corpusReal.appendingPathComponent(name)
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
