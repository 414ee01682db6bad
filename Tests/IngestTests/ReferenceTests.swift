import Foundation
import XCTest
@testable import Ingest

final class ReferenceTests: XCTestCase {
    static let sources: LegalSources = {
        let text = (try? String(contentsOf: Paths.corpus.appendingPathComponent(LegalSources.fileName), encoding: .utf8)) ?? ""
        return (try? LegalSources.parse(text, file: "legal-sources.yaml")) ?? LegalSources()
    }()
    let extractor = ReferenceExtractor(sources: ReferenceTests.sources)

    func refs(_ text: String, document: [String] = []) -> [LegalReference] {
        var ctx = extractor.context(for: document + [text])
        return extractor.extract(text, context: &ctx)
    }

    func targets(_ text: String, document: [String] = []) -> [String] { refs(text, document: document).map(\.target) }

    func testGDPRArticlesInEveryCommonForm() {
        XCTAssertEqual(targets("enligt Art. 46 GDPR"), ["GDPR art. 46"])
        XCTAssertEqual(targets("med stöd av artikel 46.2 c i dataskyddsförordningen"), ["GDPR art. 46(2)(c)"])
        XCTAssertEqual(targets("Account Data does not contain information meeting the definition of Sensitive Personal Data found in Article 9 of the GDPR."), ["GDPR art. 9"])
        XCTAssertEqual(targets("the processor agreement under art. 28(3) GDPR"), ["GDPR art. 28(3)"])
        XCTAssertEqual(targets("enligt dataskyddsförordningen artikel 44 får"), ["GDPR art. 44"])
        XCTAssertEqual(targets("Article 46(2)(c) GDPR"), ["GDPR art. 46(2)(c)"])
        XCTAssertEqual(targets("Article 6(1)(f) of Regulation (EU) 2016/679"), ["GDPR art. 6(1)(f)"])
        XCTAssertEqual(targets("Chapter V GDPR sets out"), ["GDPR chapter V"])
        XCTAssertEqual(targets("kapitel V i dataskyddsförordningen"), ["GDPR chapter V"])
        XCTAssertEqual(targets("Recital 30 GDPR"), ["GDPR recital 30"])
    }

    func testArticleListsAndIntervals() {
        XCTAssertEqual(targets("Articles 44 and 46 GDPR"), ["GDPR art. 44", "GDPR art. 46"])
        XCTAssertEqual(targets("artiklarna 44–49 i dataskyddsförordningen"), (44...49).map { "GDPR art. \($0)" })
        XCTAssertEqual(targets("Art. 5(1)(a), (b) and (c) GDPR"), ["GDPR art. 5(1)(a)", "GDPR art. 5(1)(b)", "GDPR art. 5(1)(c)"])
    }

    func testBareArticlesNeedAGDPRDocumentAndOtherActsStayApart() {
        XCTAssertEqual(targets("enligt artikel 28 ska"), [], "no act named, document not about GDPR")
        XCTAssertEqual(targets("enligt artikel 28 ska", document: ["Dataskyddsförordningen gäller."]), ["GDPR art. 28"])
        XCTAssertEqual(targets("Article 47 of the Charter", document: ["GDPR"]), ["EU Charter art. 47"])
        XCTAssertEqual(targets("guaranteed by Articles 7 and 8 of the Charter.", document: ["GDPR"]), ["EU Charter art. 7", "EU Charter art. 8"])
        XCTAssertEqual(targets("Articles 7, 8, and 47 of the Charter.", document: ["GDPR"]), ["EU Charter art. 7", "EU Charter art. 8", "EU Charter art. 47"])
        XCTAssertEqual(targets("Art. 8 GRC und Art. 6 DSGVO", document: ["GDPR"]), ["EU Charter art. 8", "GDPR art. 6"])
        XCTAssertEqual(targets("§ 25 TTDSG und Art. 44 DSGVO"), ["GDPR art. 44"])
        XCTAssertEqual(targets("artikel 46 i fallet", document: ["GDPR"]), ["GDPR art. 46"], "'i' is a preposition, not point i")
    }

    func testSurfaceAndOffsetsAreExact() {
        let text = "Överföring enligt Article 46 GDPR och C‑311/18."
        let r = refs(text)
        XCTAssertEqual(r.map(\.surface), ["Article 46 GDPR", "C‑311/18"])
        let scalars = Array(text.unicodeScalars)
        for ref in r {
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[ref.start..<ref.end])), ref.surface)
        }
    }

    func testCasesEDPBAndUSLaw() {
        XCTAssertEqual(targets("domen i mål C-311/18"), ["CJEU C-311/18"])
        XCTAssertEqual(targets("efter Schrems II"), ["CJEU C-311/18"])
        XCTAssertEqual(targets("Schrems I och Schrems II"), ["CJEU C-362/14", "CJEU C-311/18"])
        XCTAssertEqual(targets("ECLI:EU:C:2020:559."), ["ECLI:EU:C:2020:559"])
        XCTAssertEqual(targets("C-413/23 P EDPS v SRB"), ["CJEU C-413/23 P", "CJEU C-413/23"])
        XCTAssertEqual(targets("Recommendations 01/2020 on measures that supplement transfer tools"), ["EDPB Recommendations 01/2020"])
        XCTAssertEqual(refs("EDPB Recommendations 1/2020, version 2.0").first?.label, "EDPB Recommendations 01/2020 (version 2.0)")
        XCTAssertEqual(targets("Guidelines 05/2021 on the Interplay"), ["EDPB Guidelines 05/2021"])
        XCTAssertEqual(targets("EDPB:s rekommendationer 01/2020"), ["EDPB Recommendations 01/2020"])
        XCTAssertEqual(targets("amerikansk lagstiftning FISA702 är extraterritoriell"), ["US FISA § 702"])
        XCTAssertEqual(targets("FISA 702 och CLOUD Act"), ["US FISA § 702", "US CLOUD Act"])
        XCTAssertEqual(targets("Section 702 and EO 12333, replaced by Executive Order 14086"), ["US FISA § 702", "US EO 12333", "US EO 14086"])
        XCTAssertEqual(targets("i en amerikansk FISA-process"), ["US FISA"])
    }

    func testSwedishStatutesAndProvisions() {
        XCTAssertEqual(targets("SFS 2018:218"), ["SFS 2018:218"])
        XCTAssertEqual(targets("enligt dataskyddslagen"), ["SFS 2018:218"])
        XCTAssertEqual(targets("OSL 2009:400"), ["SFS 2009:400"])
        XCTAssertEqual(targets("2 kap. 3 b § dataskyddslagen"), ["SFS 2018:218 2 kap. 3 b §"])
        XCTAssertEqual(targets("16 kap. 9 § brottsbalken"), ["SFS 1962:700 16 kap. 9 §"])
        XCTAssertEqual(targets("21 kap. 7 § OSL"), ["SFS 2009:400 21 kap. 7 §"])
        XCTAssertEqual(targets("3-5 §§ förvaltningslagen"), ["SFS 2017:900 3–5 §§"])
        XCTAssertEqual(targets("6 § första stycket 2 kommunallagen"), ["SFS 2017:725 6 § 1 st. 2 p."])
        XCTAssertEqual(targets("10 kap. 2 § andra stycket offentlighets- och sekretesslagen"), ["SFS 2009:400 10 kap. 2 § 2 st."])
        XCTAssertEqual(targets("4 § punkt 3 arkivlagen"), ["SFS 1990:782 4 § 3 p."])
    }

    func testLongestNameWinsAndShortFormsResolve() {
        XCTAssertEqual(targets("offentlighets- och sekretesslagen"), ["SFS 2009:400"])
        XCTAssertEqual(targets("Enligt 2 kap. 3 § brottsbalken och 4 § samma lag"), ["SFS 1962:700 2 kap. 3 §", "SFS 1962:700 4 §"])
        XCTAssertEqual(targets("Enligt 5 § gäller", document: ["Dataskyddslagen (2018:218) kompletterar.", "dataskyddslagen"]), ["SFS 2018:218 5 §"])
        XCTAssertEqual(targets("lagen (2019:123) om något nytt"), ["SFS 2019:123"])
    }

    func testDiaryNumbersPreparatoryWorksAndEUActs() {
        XCTAssertEqual(targets("Informationsbrev utsänt 21 september 2020, Dnr KS 2020/1281"), ["Dnr KS 2020/1281"])
        XCTAssertEqual(targets("Diary number: DI-2020-11373"), ["DI-2020-11373"])
        XCTAssertEqual(targets("prop. 2017/18:105 s. 47"), ["prop. 2017/18:105"])
        XCTAssertEqual(targets("SOU 2017:39 och Ds 2017:14"), ["SOU 2017:39", "Ds 2017:14"])
        XCTAssertEqual(targets("bet. 2017/18:KU23"), ["bet. 2017/18:KU23"])
        XCTAssertEqual(targets("förordning (EU) 2016/679"), ["Regulation (EU) 2016/679"])
        XCTAssertEqual(targets("direktiv 95/46/EG"), ["Directive 95/46/EC"])
        XCTAssertEqual(targets("CELEX 32016R0679"), ["CELEX 32016R0679"])
        XCTAssertEqual(targets("NJA 1998 s. 123 och HFD 2015 ref. 4"), ["NJA 1998 s. 123", "HFD 2015 ref. 4"])
    }

    func testNoFalseReferencesInOrdinaryText() {
        XCTAssertEqual(targets("Mötet hölls klockan 14:30 den 3 mars och 12 deltagare kom."), [])
        XCTAssertEqual(targets("Sida 3 av 12. Version 2.0 antogs."), [])
    }
}

final class ReferenceWindowTests: XCTestCase {
    /// Paragraphs of the bundled and the real documents, white space collapsed as passages are.
    func paragraphs() -> [String] {
        var files = (try? FileManager.default.contentsOfDirectory(at: Paths.corpus, includingPropertiesForKeys: nil)) ?? []
        files += (try? FileManager.default.contentsOfDirectory(at: Paths.corpusReal, includingPropertiesForKeys: nil)) ?? []
        var out = ["Dnr DI-2020-11373 och ärendenummer IMY-2022-1234, SOU 2017:39 s. 12 f., prop. 2017/18:105 s. 3, bet. 2017/18:KU16",
                   "EDPB:s rekommendationer 01/2020 om kompletterande åtgärder, version 2.0, samt Directive 95/46/EC och CELEX 32016R0679",
                   "HFD 2018 ref. 21, NJA 2019 s. 3, ECLI:EU:C:2020:559, section 702 FISA, E.O. 12333, PPD-28 och CLOUD Act",
                   "mål C‑311/18 och T - 123/45 P, Regulation (EU) 2016/679, direktiv 95/46/EG, kommissionens genomförandebeslut (EU) 2021/914",
                   "lagen (2018:218) med kompletterande bestämmelser, Dataskyddslagen  (2018:218) (förkortad DSL), SFS 2018:218, 3 kap. 5 § första stycket 2 p. samma lag, 21 kap. 7 § OSL, 5 kap. i förordningen",
                   "CELEX: 62018CJ0311, RÅ 2010 ref. 3, MÖD 2019:12, AD 2001 nr 7, Guidelines 05/2021 on the interplay, WP 216 rev. 01"]
        for f in files {
            guard let text = try? String(contentsOf: f, encoding: .utf8) else { continue }
            out += text.components(separatedBy: "\n\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        }
        // Those with a digit: every rule but the US-law names needs one. Every third, to keep the test quick.
        return out.filter { $0.contains(where: \.isNumber) }.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
    }

    func testEveryRuleFindsInItsWindowsWhatItFindsInTheWholeText() {
        XCTAssertEqual(Patterns.ruleSpots.count, Patterns.simpleRules.count)
        let texts = paragraphs()
        var found = 0
        for text in texts {
            let units = PassageUnits(text)
            guard !units.needsWholeText else { continue }
            for (rule, spot) in zip(Patterns.simpleRules, Patterns.ruleSpots) {
                let whole = rule.regex.matches(in: text, range: NSRange(location: 0, length: units.units.count)).map(\.range)
                let windowed = spot.matches(rule.regex, in: units).map(\.range)
                XCTAssertEqual(windowed, whole, text)
                found += whole.count
            }
            let all = NSRange(location: 0, length: units.units.count)
            let articles = Patterns.article.matches(in: text, range: all).map(\.range)
            XCTAssertEqual(units.matches(Patterns.article, startingAt: units.occurrences(of: "art").filter { !units.letterBefore($0) }).map(\.range), articles, text)
            XCTAssertEqual(ReferenceExtractor.sfsNumbers(in: units).map(\.range), Patterns.sfsNumber.matches(in: text, range: all).map(\.range), text)
            XCTAssertEqual(ReferenceExtractor.provisions(in: units).map(\.range), Patterns.provision.matches(in: text, range: all).map(\.range), text)
            XCTAssertEqual(ReferenceExtractor.chapters(in: units).map(\.range), Patterns.chapterOnly.matches(in: text, range: all).map(\.range), text)
        }
        XCTAssertGreaterThan(found, 10)
    }
}
