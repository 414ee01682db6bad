import Foundation
import XCTest
@testable import Ingest

/// The byte-keyed tables, key sets and the sentence splitter's two paths that claim extraction relies on.
final class LookupTests: XCTestCase {
    func testByteKeyTableFindsEveryWordItHoldsAndNoOther() {
        let table = ByteKeyTable()
        let words = (0..<20_000).map { "ord\($0)ä" }   // grows the table many times
        for (i, w) in words.enumerated() {
            var w = w
            w.withUTF8 { table.insert($0, hash: ByteKeyTable.hash($0), value: Int32(i)) }
        }
        for (i, w) in words.enumerated() {
            var w = w
            XCTAssertEqual(w.withUTF8 { table.value(for: $0, hash: ByteKeyTable.hash($0)) }, Int32(i), w)
        }
        for absent in ["ord", "ord20000ä", "ord1", "", "ORD1ä"] {
            var a = absent
            XCTAssertNil(a.withUTF8 { table.value(for: $0, hash: ByteKeyTable.hash($0)) }, absent)
        }
        table.removeAll()
        XCTAssertEqual(table.count, 0)
        var first = words[0]
        XCTAssertNil(first.withUTF8 { table.value(for: $0, hash: ByteKeyTable.hash($0)) })
    }

    func testKeySetHoldsKeysBeyondItsBitsToo() {
        var a = KeySet([3, 64, 255, 256, 1000])
        XCTAssertTrue(a.contains(255) && a.contains(256) && a.contains(1000))
        XCTAssertFalse(a.contains(4) || a.contains(257))
        XCTAssertEqual(a.elements, [3, 64, 255, 256, 1000])
        let b = KeySet([1000])
        XCTAssertTrue(a.intersects(b))
        XCTAssertEqual(a.intersection(b).elements, [1000])
        XCTAssertFalse(KeySet([1, 2]).intersects(KeySet([3, 300])))
        a.formUnion(KeySet([5, 400]))
        XCTAssertEqual(a.elements, [3, 5, 64, 255, 256, 400, 1000])
        XCTAssertTrue(KeySet().isEmpty)
        XCTAssertFalse(KeySet([700]).isEmpty)
    }

    /// Text with one scalar per Character is split on scalars: the result must be what splitting Characters gives
    /// (the texts here have only single-scalar Characters, so both paths apply).
    func testSentencesSplitOnScalarsAsOnCharacters() {
        let texts = [
            "IMY har beslutat att t.ex. Zoom X inte får användas. Enligt art. 46 krävs skyddsåtgärder! Är det klart? Ja.",
            "Stockholms stad anser – som E. Svensson skrev – att 5 kap. 3 § gäller. ”Nej”, sa hon. (Se bilaga.) 2021 kom beslutet…  Slut",
            "The DPA found that Art. 44 applies. Mr. Smith disagreed. “Yes.” Then 3 things followed.\u{00A0}Å andra sidan: öppet.",
        ]
        for text in texts {
            let scalars = SentenceSplitter.split(Array(text.unicodeScalars))
            XCTAssertEqual(scalars, SentenceSplitter.split(Array(text)), text)
            XCTAssertGreaterThan(scalars.count, 3, text)
        }
    }

    /// The one-pass search must answer exactly as searching each cue on its own does, overlaps and all.
    func testNeedleSetAgreesWithSearchingEachNeedle() {
        let needles = ["men ", "däremot", "dock ", "however", " but ", "även om", "trots att", "om", "omfattas", "§", "är", "a", "ab", "bab", ""]
        let set = NeedleSet(needles)
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab om§ärdmentsvuh".unicodeScalars)
        var texts = ["", "men även om det", "trots att", "babab", "omfattas inte", "however, but", "§ 5", "ä"]
        for _ in 0..<300 { texts.append(String(String.UnicodeScalarView((0..<Int.random(in: 0..<30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))) }
        for text in texts {
            let hay = Haystack(text)
            XCTAssertEqual(set.occurrences(in: hay), needles.map(hay.contains), text)
            XCTAssertEqual(set.firstIndex(in: hay), needles.firstIndex(where: hay.contains), text)
            let withoutEmpty = NeedleSet(Array(needles.dropLast()))
            XCTAssertEqual(withoutEmpty.containsAny(in: hay), needles.dropLast().contains(where: hay.contains), text)
            XCTAssertEqual(withoutEmpty.containsAny(in: text), withoutEmpty.containsAny(in: hay), text)
        }
        XCTAssertNil(NeedleSet(["x"]).first(in: Haystack("abc")))
        XCTAssertEqual(NeedleSet(["bedömning", "anser"]).first(in: Haystack("myndigheten anser i sin bedömningen")), "bedömning")
    }

    /// Searching text in any case answers as searching its lower-cased copy does, for cue lists of lower-case
    /// ASCII and Latin-1 (read without the copy) and for others (which fall back to the copy).
    func testNeedleSetInAnyCaseAgreesWithTheLowerCasedText() {
        let sets = [["säger", "vi på", "we at", "här på", "gdpr", "2016/679", "dataskyddsförordning", "öre", "é"],
                    ["Ärende", "ĳ", "straße"], ["x", ""]].map(NeedleSet.init)
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("säÄgGeErR VIviPpåÅÖöÉé/2016679ĲĳßẞxX–\u{0130}\u{0301}".unicodeScalars)
        var texts = ["", "SÄGER", "Vi På", "WE AT IMY", "Enligt GDPR", "DATASKYDDSFÖRORDNINGEN", "ÄRENDE", "Ĳssel", "STRASSE", "Ö", "É"]
        for _ in 0..<400 { texts.append(String(String.UnicodeScalarView((0..<Int.random(in: 0..<24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))) }
        for set in sets {
            for text in texts {
                XCTAssertEqual(set.containsAny(inAnyCase: text), set.containsAny(in: Haystack(text.fastLowercased)), "\(set.needles) in \(text)")
            }
        }
        XCTAssertTrue(sets[0].containsAny(inAnyCase: "Hon SÄGER att"))
        XCTAssertFalse(sets[0].containsAny(inAnyCase: "Hon sager att"))
    }

    /// Negations are counted as whole words of letters, an apostrophe inside a word kept in it, whatever the
    /// script around them: the byte scan counts as splitting the text into alphabetic words does.
    func testNegationsCountedAsWholeWords() {
        func reference(_ text: String) -> Int {
            var words: [String] = [], current = ""
            for sc in text.unicodeScalars {
                if sc.properties.isAlphabetic { current.unicodeScalars.append(sc) }
                else if sc == "'" || sc == "’" { continue }
                else { words.append(current); current = "" }
            }
            words.append(current)
            return words.filter { ClaimExtractor.negations.contains($0) }.count
        }
        let texts = ["det är inte en överföring", "ingen, inget och inga", "don't", "it is not so", "inte2 inte", "ej.ej",
                     "icke‐inte", "no—never", "in’te", "intex inte", "ınte inte", "ärinte", "Ωinte inte", "inte\u{301}", ""]
        for t in texts { XCTAssertEqual(ClaimExtractor.negationCount(t, excluding: []), reference(t), t) }
        XCTAssertEqual(ClaimExtractor.negationCount("det är inte en överföring, ingen alls", excluding: []), 2)
    }

    /// A word cache that fills up starts again between sentences, never in the middle of one, and gives the
    /// same matches as a cache that never fills (a start-over mid-sentence once crashed a 100k-document ingest).
    func testConceptMatchesSurviveAFullWordCache() {
        let thesaurus = Thesaurus(concepts: [
            .init(id: "transfer", terms: [.init(text: "överföring", language: "sv"), .init(text: "transfer to a third country", language: "en")], note: nil),
            .init(id: "remote-access", terms: [.init(text: "fjärråtkomst", language: "sv"), .init(text: "remote access", language: "en")], note: nil),
        ])
        let matcher = ConceptMatcher(thesaurus: thesaurus, extraTerms: [])
        let sentences = [
            "Remote access from the United States is a transfer to a third country under Article 44.",
            "Fjärråtkomst från USA utgör en överföring enligt EDPB och IMY, menar kommunen i sitt yttrande.",
            "Leverantören hävdar att ingen överföring sker när data lagras i EU trots fjärråtkomst för support.",
        ]
        func summary(_ m: [ConceptMatcher.Match]) -> [String] { m.map { "\(matcher.name(of: $0.key))@\($0.words)" } }
        let roomy = ConceptMatcher.Stems()
        let tiny = ConceptMatcher.Stems(capacity: 3)
        for s in sentences + sentences {
            let expected = summary(matcher.matches(s, stems: roomy))
            XCTAssertFalse(expected.isEmpty, s)
            XCTAssertEqual(summary(matcher.matches(s, stems: tiny)), expected, s)
        }
        XCTAssertGreaterThan(tiny.count, 3, "a sentence's words stay cached until the next sentence starts")
    }

    func testScoresAreWrittenWithTwoDecimalsAsPrintfWould() {
        for x in [0.0, 0.05, 0.1, 0.25, 0.55, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0, 0.333, 0.666, 0.999] {
            XCTAssertEqual(ClaimExtractor.twoDecimals(x), String(format: "%.2f", x), "\(x)")
        }
    }

    func testCharacterCountsAreCheckedWithoutCountingTheWholeText() {
        XCTAssertTrue(Segmenter.hasCharacters(String(repeating: "å", count: 40), atLeast: 40))
        XCTAssertFalse(Segmenter.hasCharacters(String(repeating: "å", count: 39), atLeast: 40))
        // 40 bytes but 20 Characters (a letter and a combining mark each).
        XCTAssertFalse(Segmenter.hasCharacters(String(repeating: "e\u{301}", count: 13), atLeast: 20))
        XCTAssertTrue(Segmenter.hasCharacters(String(repeating: "e\u{301}", count: 20), atLeast: 20))
    }

    func testFunctionWordsAreFoundInTheirLanguages() {
        XCTAssertEqual(LanguageDetector.detect("Det är inte så att vi kan göra det för att den som har ett avtal"), "sv")
        XCTAssertEqual(LanguageDetector.detect("It is not the case that the processor shall be liable for the transfer"), "en")
        XCTAssertNil(LanguageDetector.detect("xyzzy plugh"))
    }
}

