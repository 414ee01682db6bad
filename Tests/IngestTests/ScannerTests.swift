import Foundation
import XCTest
@testable import Ingest

final class ScannerTests: XCTestCase {
    /// A folder larger than one stat chunk is statted in pieces on several threads: it must still come back
    /// as one listing, each name once, with its own size and its own recognition, whatever the split. Chunks
    /// of 64 names split 1,000 files as 2,048 split a large folder (creating files is slow on some disks).
    func testAFolderOfManyFilesComesBackWholeWithEachFilesStatusAndRecognition() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = 1_000
        let letters = [UInt8](repeating: UInt8(ascii: "a"), count: 13)
        var created = 0
        for i in 0..<count {
            // Plain writes: FileManager's atomic ones would sync every file.
            let fd = open(dir.appendingPathComponent("\(i).txt").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd >= 0, write(fd, letters, i % 13) == i % 13 { created += 1 }
            close(fd)
        }
        XCTAssertEqual(created, count)
        try Data("not a document".utf8).write(to: dir.appendingPathComponent("notes.yaml"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: dir.appendingPathComponent("sub/inner.md"))

        // Recognises even-numbered files, as a caller that indexed only those would; "entry" is the number.
        let recognise: CorpusScanner.Recogniser = { prefix in
            { name, status in
                guard let n = Int(String(decoding: name, as: UTF8.self).dropLast(4)), n % 2 == 0 else { return .init() }
                return .init(entry: Int32(n), derivation: 7, sameStatus: status.size == n % 13)
            }
        }
        let (folders, problems) = CorpusScanner.list([dir.path], recognise: recognise, chunk: 64)
        XCTAssertTrue(problems.isEmpty)
        XCTAssertEqual(folders.map { URL(fileURLWithPath: $0.folder).lastPathComponent }, [dir.lastPathComponent, "sub"])
        let top = try XCTUnwrap(folders.first)
        XCTAssertEqual(top.count, count)
        XCTAssertEqual(top.recognised.count, count)
        // Mismatches are collected and compared once: thousands of separate assertions would slow the suite.
        var seen = Set<Int>()
        var wrong: [String] = []
        for i in 0..<top.count {
            guard let n = Int(top.name(i).dropLast(4)), seen.insert(n).inserted else { wrong.append("\(top.name(i)): unknown or twice"); continue }
            if top.status[i]?.size != n % 13 { wrong.append("\(n): size \(String(describing: top.status[i]?.size))") }
            let r = top.recognised[i]
            if n % 2 == 0 ? (r.entry != Int32(n) || !r.sameStatus || r.derivation != 7) : r.entry != -1 { wrong.append("\(n): \(r)") }
        }
        XCTAssertEqual(wrong, [])
        XCTAssertEqual(seen.count, count)
        XCTAssertEqual(folders.last?.name(0), "inner.md")

        // Without a recogniser the listing is the same, with no recognitions.
        let plain = CorpusScanner.list([dir.path], recognise: nil, chunk: 64).folders
        XCTAssertEqual(plain.first?.count, count)
        XCTAssertEqual(plain.first?.recognised.count, 0)
        XCTAssertEqual((0..<count).map { plain[0].name($0) }, (0..<count).map { top.name($0) })
    }
}
