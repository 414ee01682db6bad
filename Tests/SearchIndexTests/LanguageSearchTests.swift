import Foundation
import XCTest
@testable import Ingest
@testable import SearchIndex

/// Index-time analysis: what the kb tokenizer makes of Swedish and English words.
final class AnalyzerTests: XCTestCase {
    let analyzer = Analyzer(decompound: true)

    func testSnowballStemsByLanguage() {
        XCTAssertEqual(analyzer.indexTerms("överföringar", language: "sv").first, "överföring")
        XCTAssertEqual(analyzer.indexTerms("personuppgifter", language: "sv").first, "personuppgift")
        XCTAssertEqual(analyzer.indexTerms("transfers", language: "en").first, "transfer")
        XCTAssertEqual(analyzer.indexTerms("transferred", language: "en").first, "transfer")
    }

    func testWordsWithDiacriticsAreIndexedOnceAndNotedForFoldedQueries() throws {
        let analyzer = Analyzer(decompound: true)
        let spellings = FoldedSpellings()
        analyzer.spellings = spellings
        XCTAssertEqual(analyzer.indexTerms("får", language: "sv"), ["får"], "no folded copy: it would collide with the word 'far'")
        XCTAssertEqual(analyzer.indexTerms("far", language: "sv"), ["far"])
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index(path: dir.appendingPathComponent("i.sqlite").path)
        try index.db.transaction { try spellings.flush(into: index.db) }
        XCTAssertEqual(FoldedSpellings.terms(folded: "far", db: index.db), ["får"])
        XCTAssertEqual(FoldedSpellings.terms(folded: "far", db: index.db).count, 1, "'far' itself has no diacritics to record")
    }

    func testCompoundsSplitWithLinkingS() {
        let t = analyzer.indexTerms("tredjelandsöverföringar", language: "sv")
        XCTAssertTrue(t.contains("tredjeland"), "\(t)")
        XCTAssertTrue(t.contains("överföring"), "\(t)")
        let m = analyzer.indexTerms("molntjänstleverantör", language: "sv")
        XCTAssertTrue(m.contains("molntjänst") && m.contains("leverantör"), "\(m)")
        let p = analyzer.indexTerms("personuppgiftsbiträdesavtal", language: "sv")
        let query = analyzer.stem("personuppgiftsbiträde", language: "sv")
        XCTAssertTrue(p.contains(query), "\(p) lacks \(query)")
        XCTAssertTrue(p.contains(analyzer.stem("avtal", language: "sv")))
    }

    func testOrdinaryWordsAreNotSplit() {
        XCTAssertEqual(analyzer.indexTerms("användare", language: "sv"), ["använd"])
        XCTAssertEqual(analyzer.compoundParts("information"), nil)
    }

    func testHyphenAndLetterDigitPartsAreIndexedToo() {
        var words: [WordScanner.Word] = []
        var text = "IP-adress FISA702 C-311/18"
        text.withUTF8 { WordScanner.scan($0) { words.append($0) } }
        XCTAssertEqual(words.map(\.text), ["ipadress", "fisa702", "c311", "18"])
        XCTAssertEqual(words[0].parts, ["ip", "adress"])
        XCTAssertEqual(words[1].parts, ["fisa", "702"])
    }
}

/// Searches a lawyer types, on small fixtures and the seed corpus.
final class LanguageSearchTests: XCTestCase {
    var dir: URL!
    var index: Index!

    override func setUpWithError() throws {
        dir = try Paths.tempDir()
        index = try Index(path: dir.appendingPathComponent("i.sqlite").path)
        let docs = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let files = [
            "a.txt": "Överföringar\n\nAlla tredjelandsöverföringar kräver stöd i kapitel V.\n\nVi får inte överföra personuppgifter i klartext.\n",
            "b.txt": "Moln\n\nVarje molntjänstleverantör ska teckna personuppgiftsbiträdesavtal med kommunen.\n\nEn far och ett år.\n",
            "c.txt": "Remote access\n\nRemote access from a third country is a transfer of personal data.\n",
            "d.txt": "Spelling\n\nDen här texten stavar tredjelandsoverföring utan prickar.\n",
            "e.txt": "Kryptering\n\nKrypteringsnycklarna genereras i klienterna och lämnar aldrig datorn.\n",
            "f.txt": "Chatt\n\nChattmeddelanden skyddas med kryptering i appen.\n\nMötesinspelningen sparas lokalt.\n\nInspelningar av möten i molnet är avstängda.\n",
            "g.txt": "Personal\n\nDen möjlighet som personal på leverantören har att tillgå uppgifterna gör att det räknas som en överföring.\n",
        ]
        for (name, text) in files { try text.write(to: docs.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let report = try Ingestor(index: index).ingest([docs.path, Paths.corpus.appendingPathComponent(Thesaurus.fileName).deletingLastPathComponent().appendingPathComponent("000_4c3e4d502ff3a885.txt").path])
        XCTAssertTrue(report.failed.isEmpty, "\(report.failed)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func hits(_ q: String) throws -> [String] {
        try SearchEngine(index: index).search(try QueryParser.parse(q), raw: q, limit: 10).hits.filter(\.matchedAll).map(\.passage.text)
    }

    func testInflectionsFindEachOther() throws {
        XCTAssertTrue(try hits("överföring").contains { $0.hasPrefix("Alla tredjelandsöverföringar") })
        XCTAssertTrue(try hits("transfers").contains { $0.contains("is a transfer of personal data") })
    }

    func testMissingDiacriticsStillFindButRankBelowExactForms() throws {
        XCTAssertTrue(try hits("overforing").contains { $0.hasPrefix("Alla tredjelandsöverföringar") })
        let tredje = try hits("tredjelandsöverföring")
        XCTAssertTrue(tredje.contains { $0.contains("tredjelandsoverföring utan prickar") }, "\(tredje)")
        let far = try hits("far")
        XCTAssertEqual(far.first, "En far och ett år.")
        XCTAssertTrue(far.contains("Vi får inte överföra personuppgifter i klartext."), "folded fallback")
        XCTAssertTrue(try hits("overfor*").contains { $0.hasPrefix("Alla tredjelandsöverföringar") }, "a prefix without diacritics")
        // The written forms are read from the index: a process that only searches finds them too.
        let reopened = try Index(path: dir.appendingPathComponent("i.sqlite").path, create: false)
        let again = try SearchEngine(index: reopened).search(try QueryParser.parse("krypteringsnycklarna lamnar"), raw: "", limit: 10).hits
        XCTAssertTrue(again.contains { $0.passage.text.contains("lämnar aldrig datorn") }, "\(again.map(\.passage.text))")
    }

    func testCompoundPartsFindTheCompound() throws {
        XCTAssertTrue(try hits("tredjeland").contains { $0.hasPrefix("Alla tredjelandsöverföringar") })
        XCTAssertTrue(try hits("molntjänst").contains { $0.contains("molntjänstleverantör") })
        XCTAssertTrue(try hits("leverantör").contains { $0.contains("molntjänstleverantör") })
        XCTAssertTrue(try hits("personuppgiftsbiträde").contains { $0.contains("personuppgiftsbiträdesavtal") })
    }

    func testACompoundNoPassageHoldsWholeIsSoughtByItsParts() throws {
        let found = try hits("chattkryptering")
        XCTAssertTrue(found.contains("Chattmeddelanden skyddas med kryptering i appen."), "\(found)")
        XCTAssertTrue(found.allSatisfy { $0.hasPrefix("Chattmeddelanden skyddas med kryptering") }, "every part in each: \(found)")
        let r = try SearchEngine(index: index).search(try QueryParser.parse("chattkryptering"), raw: "")
        XCTAssertTrue(r.explanation.joined(separator: "\n").contains("compound parts: chatt + kryptering"), "\(r.explanation)")
        // A compound some passage holds whole is not split: its parts written apart do not answer it.
        XCTAssertEqual(try hits("mötesinspelning"), ["Mötesinspelningen sparas lokalt."])
        XCTAssertEqual(try hits("mötesinspelningar"), ["Mötesinspelningen sparas lokalt."])
    }

    /// A word of a thesaurus phrase ("transfer of personal data") marks nothing alone: "personal" (staff) is
    /// not highlighted in a search for "överföring".
    func testAPhraseSynonymCountsOnlyWhole() throws {
        let r = try SearchEngine(index: index).search(try QueryParser.parse("överföring"), raw: "", limit: 20)
        let hit = try XCTUnwrap(r.hits.first { $0.passage.text.hasPrefix("Den möjlighet som personal") })
        let marked = hit.highlights.map { String(Array(hit.passage.text)[$0]) }
        XCTAssertEqual(marked, ["överföring"])
    }

    func testThesaurusExpandsBothWaysBelowLiteralMatches() throws {
        let en = try hits("remote access")
        XCTAssertEqual(en.first, "Remote access from a third country is a transfer of personal data.")
        XCTAssertTrue(try hits("fjärråtkomst").contains { $0.hasPrefix("Remote access from a third country") }, "Swedish finds English")
        XCTAssertTrue(try hits("encryption keys").contains { $0.hasPrefix("Krypteringsnycklarna genereras") }, "English finds Swedish")
        XCTAssertTrue(try hits("\"tredje land\"").contains { $0.hasPrefix("Remote access from a third country") })
    }

    func testQueryLanguageConstructs() throws {
        XCTAssertEqual(try hits("\"får inte överföra\"").count, 1)
        XCTAssertEqual(try hits("\"inte får överföra\"").count, 0, "a phrase keeps its order")
        XCTAssertTrue(try hits("molntjänstleverantör OR klartext").count >= 2)
        XCTAssertFalse(try hits("personuppgifter -klartext").contains { $0.contains("klartext") })
        XCTAssertTrue(try hits("krypteringsnyck*").contains { $0.hasPrefix("Krypteringsnycklarna") })
        // A possessive searches for its noun.
        XCTAssertTrue(try hits("country's transfer").contains { $0.hasPrefix("Remote access from a third country") })
        XCTAssertTrue(try hits("countries’ transfer").contains { $0.hasPrefix("Remote access from a third country") })
        XCTAssertTrue(try hits("överföring lang:en").allSatisfy { !$0.hasPrefix("Alla") })
        XCTAssertEqual(try hits("realtidsdata issuer:nobody").count, 0)
        XCTAssertFalse(try hits("realtidsdata doc:stockholm-zoomx").isEmpty)
        XCTAssertEqual(try hits("realtidsdata doc:a").count, 0)
    }

    func testAQuestionIsSearchedForWhatItAsksAbout() throws {
        XCTAssertEqual(try hits("who says remote access is a transfer").first, "Remote access from a third country is a transfer of personal data.")
        XCTAssertTrue(try hits("vad säger de om molntjänstleverantör").contains { $0.contains("molntjänstleverantör") })
        let r = try SearchEngine(index: index).search(try QueryParser.parse("who says remote access is a transfer"), raw: "")
        XCTAssertTrue(r.explanation.contains { $0.hasPrefix("ignored function words:") && $0.contains("who") && $0.contains("says") }, "\(r.explanation)")
    }

    func testAPastedParagraphIsASearchNotAnError() throws {
        // Each word becomes a phrase or more with its expansions: far more than a SQL function's 127 arguments.
        let pasted = "Remote access from a third country is a transfer of personal data, and every cloud provider "
            + "that stores personal data in clear text or holds the encryption keys must sign a processor agreement "
            + "with the municipality before any transfer; supplementary measures such as encryption decide whether "
            + "access by public authorities in a third country is possible at all under chapter V."
        XCTAssertGreaterThan(pasted.split(separator: " ").count, 60)
        let results = try SearchEngine(index: index).search(try QueryParser.parse(pasted), raw: pasted, limit: 5)
        XCTAssertEqual(results.hits.first?.passage.text, "Remote access from a third country is a transfer of personal data.")
    }

    func testExplainShowsExpansion() throws {
        let r = try SearchEngine(index: index).search(try QueryParser.parse("remote access"), raw: "remote access")
        let text = r.explanation.joined(separator: "\n")
        XCTAssertTrue(text.contains("thesaurus (remote-access)"), text)
        XCTAssertTrue(text.contains("fjärråtkomst"))
    }

    func testDidYouMeanWhenNothingMatches() throws {
        let r = try SearchEngine(index: index).search(try QueryParser.parse("kryptreingsnycklarna"), raw: "x")
        XCTAssertTrue(r.hits.isEmpty)
        XCTAssertTrue(r.suggestions.contains { $0.hasPrefix("krypteringsnyck") }, "\(r.suggestions)")
    }
}

/// The tokenizer's cache of index terms: a word's cached terms come back whole and in order.
final class TermCacheTests: XCTestCase {
    func testStoredTermsComeBackInOrderAndUnknownWordsAreMissing() {
        let cache = TermCache()
        func terms(_ word: String) -> [String]? {
            var w = word
            return w.withUTF8 { b -> [String]? in
                var out: [String] = []
                let done = cache.withTerms(of: b, hash: TermCache.hash(b)) { t, i in
                    XCTAssertEqual(i, out.count)
                    out.append(String(decoding: t, as: UTF8.self))
                    return true
                }
                return done == nil ? nil : out
            }
        }
        func store(_ word: String, _ t: [String]) {
            var w = word
            w.withUTF8 { cache.store($0, hash: TermCache.hash($0), terms: t) }
        }
        store("tredjelandsöverföringar", ["tredjelandsöverföring", "tredjeland", "överföring"])
        store("och", ["och"])
        XCTAssertEqual(terms("tredjelandsöverföringar"), ["tredjelandsöverföring", "tredjeland", "överföring"])
        XCTAssertEqual(terms("och"), ["och"])
        XCTAssertNil(terms("tredjelandsöverföring"))
        // A term too long for its length byte is not kept: the word is analysed again each time.
        store("lång", [String(repeating: "a", count: 300)])
        XCTAssertNil(terms("lång"))
        // The consumer may stop early.
        var seen = 0
        var w = "tredjelandsöverföringar"
        let done = w.withUTF8 { b in cache.withTerms(of: b, hash: TermCache.hash(b)) { _, _ in seen += 1; return false } }
        XCTAssertEqual(done, false)
        XCTAssertEqual(seen, 1)
    }
}

final class PreparedTokensTests: XCTestCase {
    struct Token: Equatable { var term: String; var colocated: Bool; var start: Int32; var end: Int32 }

    func analysed(_ value: String, by instance: TokenizerInstance) -> [Token] {
        var out: [Token] = []
        var v = value
        v.withUTF8 { bytes in
            instance.analyse(bytes) { t, c, s, e in out.append(Token(term: String(decoding: t, as: UTF8.self), colocated: c, start: s, end: e)); return true }
        }
        return out
    }

    func replayed(_ p: PreparedTokens) -> [Token] {
        var out: [Token] = []
        _ = p.replay { t, c, s, e in out.append(Token(term: String(decoding: t, as: UTF8.self), colocated: c, start: s, end: e)); return 0 }
        return out
    }

    func testPreparedTermsAreTheTermsTheTokenizerWouldEmit() {
        let parser = TokenizerInstance(spellings: nil)
        let writer = TokenizerInstance(spellings: nil)
        for text in ["Tredjelandsöverföringar via e-postadress, FISA702 och molntjänstleverantörens avtal.", "Transfers to the US", ""] {
            let value = KBTokenizer.tagged(text, language: text.hasPrefix("Transfers") ? "en" : "sv")
            let prepared = PreparedTokens(value: value, analysedBy: parser)
            XCTAssertEqual(replayed(prepared), analysed(value, by: writer), text)
        }
        let compound = replayed(PreparedTokens(value: KBTokenizer.tagged("tredjelandsöverföringar", language: "sv"), analysedBy: parser))
        XCTAssertEqual(compound.map(\.term), ["tredjelandsöverföring", "tredjeland", "överföring"])
        XCTAssertEqual(compound.map(\.colocated), [false, true, true])
    }

    func testAValueOtherThanTheOnePreparedIsNotGivenItsTerms() {
        let instance = TokenizerInstance(spellings: nil)
        let queue = PreparedValues()
        let a = PreparedTokens(value: "\u{1}sv\u{1}blåbär", analysedBy: instance)
        let b = PreparedTokens(value: "\u{1}sv\u{1}lingon", analysedBy: instance)
        func take(_ s: String) -> PreparedTokens? { var s = s; return s.withUTF8 { queue.take(matching: $0) } }
        queue.load([a, b])
        XCTAssertTrue(take("\u{1}sv\u{1}blåbär") === a)
        XCTAssertTrue(take("\u{1}sv\u{1}lingon") === b)
        XCTAssertNil(take("\u{1}sv\u{1}lingon"))
        // Out of step: the rest of the queue is dropped, so no later value gets another's terms.
        queue.load([a, b])
        XCTAssertNil(take("\u{1}sv\u{1}lingon"))
        XCTAssertNil(take("\u{1}sv\u{1}lingon"))
    }
}

final class DecompounderTableTests: XCTestCase {
    func testTheCachedTableSplitsAsTheListItWasMadeFromAndADamagedOneIsRefused() throws {
        let list = Decompounder(words: ["tredjeland", "överföring", "molntjänst", "leverantör", "person", "uppgift", "avtal"])
        let data = list.table
        let read = try XCTUnwrap(Decompounder(table: data))
        for word in ["tredjelandsöverföringar", "molntjänstleverantörens", "personuppgiftsavtal", "blåbärssylt"] {
            XCTAssertEqual(read.split(word), list.split(word), word)
        }
        XCTAssertEqual(read.split("tredjelandsöverföring")?.count, 2)
        XCTAssertTrue(read.contains(Substring("avtal")))
        XCTAssertFalse(read.contains(Substring("avta")))
        XCTAssertNil(Decompounder(table: data.prefix(data.count - 1)), "truncated")
        XCTAssertNil(Decompounder(table: Data("KBWORDS0".utf8) + data.dropFirst(8)), "another format")
        var garbled = data
        garbled[garbled.count / 2] ^= 0xFF
        garbled[8 + 24 + 4 * 3] = 0xFF   // a line start out of order
        XCTAssertNil(Decompounder(table: garbled), "damaged")
    }
}
