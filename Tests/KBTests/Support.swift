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

/// Runs the built `kb` binary as a user would and captures what it prints.
struct KBRun {
    var status: Int32
    var stdout: String
    var stderr: String

    var json: [String: Any] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try XCTUnwrap(object as? [String: Any], "stdout is not a JSON object: \(stdout.prefix(200))")
        }
    }

    static var binary: URL {
        // The test bundle sits beside the products of the same build.
        var dir = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("kb").path) {
            dir = Paths.repo.appendingPathComponent(".build/debug")
        }
        return dir.appendingPathComponent("kb")
    }

    final class Marker {}

    @discardableResult
    static func run(_ args: [String], env: [String: String] = [:]) throws -> KBRun {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.merge(env) { $1 }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return KBRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
