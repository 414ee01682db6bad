import Foundation
import XCTest
@testable import Ingest
@testable import SearchIndex

/// When no passage holds every searched word: what comes first, and which words are not required.
final class PartialMatchTests: XCTestCase {
    var dir: URL!
    var index: Index!

    override func setUpWithError() throws {
        dir = try Paths.tempDir()
        index = try Index(path: dir.appendingPathComponent("i.sqlite").path)
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let text = """
            Stenar

            Granit och basalt och kvarts finns i berget.

            Granit i dalen.

            Granit på fjället.

            Basalt vid kusten.

            Kvarts i sanden.

            Obsidian ligger här ensam.

            Lera och sand i ån.

            Skiffer i ravinen.

            Nycklarna står under kundens kontroll hela tiden.

            Den personuppgiftsansvarige ansvarar för behandlingen.

            """
        try text.write(to: docs.appendingPathComponent("stenar.txt"), atomically: true, encoding: .utf8)
        let report = try Ingestor(index: index).ingest([docs.path])
        XCTAssertTrue(report.failed.isEmpty, "\(report.failed)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func search(_ q: String) throws -> SearchResults {
        try SearchEngine(index: index).search(try QueryParser.parse(q), raw: q, limit: 10)
    }

    /// The rarest word alone ("obsidian") is what the narrowing scans keep last; a passage with the three
    /// other words shows more of the query and comes first.
    func testThePassageShowingMostOfTheQueryLeadsThePartialMatches() throws {
        let r = try search("granit basalt kvarts obsidian")
        XCTAssertTrue(r.hits.allSatisfy { !$0.matchedAll })
        XCTAssertEqual(r.hits.first?.passage.text, "Granit och basalt och kvarts finns i berget.", "\(r.hits.map(\.passage.text))")
        XCTAssertTrue(r.hits.contains { $0.passage.text == "Obsidian ligger här ensam." })
    }

    func testPrepositionsAndPronounsAreNotRequired() throws {
        let r = try search("granit hos berget")
        XCTAssertTrue(r.explanation.contains { $0.hasPrefix("ignored function words:") && $0.contains("hos") }, "\(r.explanation)")
        XCTAssertEqual(r.hits.first?.passage.text, "Granit och basalt och kvarts finns i berget.")
        XCTAssertTrue(r.hits.first?.matchedAll ?? false)
    }

    /// "customer control" finds "kundens kontroll"; "control" means control, not the controller (whose
    /// English stem it shares), since it is a term of its own concept.
    func testEverydayWordsCrossLanguagesWithoutStemCollisions() throws {
        let r = try search("customer control")
        XCTAssertEqual(r.hits.first?.passage.text, "Nycklarna står under kundens kontroll hela tiden.")
        XCTAssertTrue(r.hits.first?.matchedAll ?? false)
        let control = try search("control")
        XCTAssertFalse(control.hits.contains { $0.passage.text.hasPrefix("Den personuppgiftsansvarige") }, "\(control.hits.map(\.passage.text))")
        XCTAssertTrue(try search("controller").hits.contains { $0.passage.text.hasPrefix("Den personuppgiftsansvarige") })
    }

    /// A searched concept's words count together: "känsliga personuppgifter" shows the synonym and the word
    /// "personuppgifter", but the passage with "särskilda kategorier" and "personuppgifter" is the one asked for.
    func testTheWordsOfASearchedConceptCountOnlyTogether() throws {
        // On the bundled corpus, where the chat summary holds both passages.
        let r = try SearchEngine(index: ClaimQualityTests.store.0).search(try QueryParser.parse("särskilda kategorier av personuppgifter"), raw: "", limit: 10)
        XCTAssertTrue(r.hits.first?.passage.text.contains("särskilda kategorier (hälsa") ?? false, "\(r.hits.prefix(3).map(\.passage.text))")
    }

    /// In an FAQ the question heading holds the searched words because it asks them; the answer under it
    /// comes first.
    func testAnAnswerRanksAboveTheQuestionHeadingItAnswers() throws {
        let r = try SearchEngine(index: ClaimQualityTests.store.0).search(try QueryParser.parse("attention tracking"), raw: "", limit: 10)
        XCTAssertTrue(r.hits.first?.passage.text.hasPrefix("Zoom har en funktion som kallas") ?? false, "\(r.hits.prefix(2).map(\.passage.text))")
        XCTAssertTrue(r.hits.contains { $0.passage.kind == "heading" }, "the question is still found")
    }
}
