import Foundation
import XCTest
@testable import Ingest

final class MetadataInferenceTests: XCTestCase {
    static let organisations: OrganisationMatcher = {
        let text = (try? String(contentsOf: Paths.corpus.appendingPathComponent(Organisations.fileName), encoding: .utf8)) ?? ""
        return OrganisationMatcher((try? Organisations.parse(text, file: "organisations.yaml")) ?? Organisations())
    }()

    /// Data files are read as text: a term that YAML would turn into a boolean or a number stays as written.
    func testDataFileValuesStayAsTheLawyerWroteThem() throws {
        let t = try Thesaurus.parse("- id: consent\n  sv: [nej, \"on\"]\n  en: [no, 2020, 1.10]\n", file: "thesaurus.yaml")
        XCTAssertEqual(t.concepts.first?.terms.map(\.text), ["1.10", "2020", "no", "nej", "on"])
        let o = try Organisations.parse("- id: dn\n  name: Dagens Nyheter\n  reports: yes\n- id: imy\n  name: IMY\n  reports: false\n", file: "o.yaml")
        XCTAssertEqual(o.all.map(\.reports), [true, false])
    }

    func testLanguagesAreDetected() {
        XCTAssertEqual(LanguageDetector.detect("Kommunen får inte överföra personuppgifter till en leverantör i USA utan skyddsåtgärder."), "sv")
        XCTAssertEqual(LanguageDetector.detect("The controller shall not transfer personal data to a third country without safeguards."), "en")
        XCTAssertEqual(LanguageDetector.detect("Der Verantwortliche darf die Daten nicht ohne Garantien in ein Drittland übermitteln, das ist klar."), "de")
        XCTAssertEqual(LanguageDetector.detect("Kommunen må ikke overføre personoplysninger til et tredjeland, og det er ikke tilladt efter reglerne."), "da")
        XCTAssertEqual(LanguageDetector.detect("Kommunen kan ikke overføre personopplysninger, og det ble ikkje godkjent etter reglene av tilsynet."), "no")
    }

    func testDatesInSwedishAndEnglishForms() {
        XCTAssertEqual(DateMentions.find(in: "Beslut den 29 januari 2021."), ["2021-01-29"])
        XCTAssertEqual(DateMentions.find(in: "Adopted on 18 June 2021"), ["2021-06-18"])
        XCTAssertEqual(DateMentions.find(in: "June 18, 2021"), ["2021-06-18"])
        XCTAssertEqual(DateMentions.find(in: "Datum 2023-06-30"), ["2023-06-30"])
        XCTAssertEqual(DateMentions.find(in: "Decided: 16.07.2020"), ["2020-07-16"])
        XCTAssertEqual(DateMentions.find(in: "den 1:a april 2020"), ["2020-04-01"])
    }

    /// "Datum: 2023-06-30" in a decision's or memo's header states its date; other dates it mentions do not.
    func testALabelledDateInTheTextIsTheDocumentsDate() {
        func infer(_ texts: [String]) -> DocumentMetadata {
            MetadataInference.infer(blocks: texts.enumerated().map { Block(kind: .paragraph, text: $1, lineStart: $0 + 1, lineEnd: $0 + 1) }, fileName: "x.txt")
        }
        let memo = infer(["Promemoria om molntjänster", "Datum: 2019-01-25 Diarienummer: RS 2018/6461", "Domen meddelades den 16 juli 2020."])
        XCTAssertEqual(memo.date, "2019-01-25")
        XCTAssertNil(memo.dateNote)
        XCTAssertEqual(infer(["Decision", "Privacy Agency Diary number: DI-2020-11397 Date: 2023-06-30", "On August 14, 2020, the complaint"]).date, "2023-06-30")
        XCTAssertEqual(infer(["Beslut", "Beslutsdatum: 12 maj 2021"]).date, "2021-05-12")
        // Dates without a label, or after a longer word that ends like one ("Update:"), are only mentions.
        let mentions = infer(["Rapport", "Update: 2020-01-01", "Domen meddelades den 16 juli 2020."])
        XCTAssertNil(mentions.date)
        XCTAssertEqual(mentions.dateNote, "not stated; not before 2020-07-16 (latest date in the text)")
    }

    /// A statute's article dropped in without a title: its opening words ("a decision pursuant to …") do not
    /// make it a decision; a real title line still names the genre.
    func testATitleCutFromTheOpeningParagraphNamesNoKind() {
        let article = "1. In the absence of a decision pursuant to Article 45(3), a controller or processor may transfer personal data to a third country or an international organisation only if the controller or processor has provided appropriate safeguards."
        let m = MetadataInference.infer(blocks: [Block(kind: .paragraph, text: article, lineStart: 1, lineEnd: 1)], fileName: "art-46.md")
        XCTAssertNil(m.kind)
        XCTAssertEqual(m.title?.hasSuffix("..."), true)
        // Named after the article it holds, it is a statute.
        let named = MetadataInference.infer(blocks: [Block(kind: .paragraph, text: article, lineStart: 1, lineEnd: 1)], fileName: "gdpr-en-art-46-transfers-safeguards.md")
        XCTAssertEqual(named.kind, .statute)
        XCTAssertEqual(MetadataInference.infer(blocks: [Block(kind: .paragraph, text: article, lineStart: 1, lineEnd: 1)], fileName: "GDPR artikel 6.txt").kind, .statute)
        XCTAssertNil(MetadataInference.infer(blocks: [Block(kind: .paragraph, text: article, lineStart: 1, lineEnd: 1)], fileName: "gdpr-smart-2021.md").kind)
        // Its title, maker and date come from the name and the Regulation, not from its first sentence.
        XCTAssertEqual(named.title, "GDPR Article 46 – Transfers safeguards")
        XCTAssertEqual(named.issuer, "European Parliament and Council")
        XCTAssertEqual(named.date, "2016-04-27")
        let titled = MetadataInference.infer(blocks: [Block(kind: .paragraph, text: "Beslut om tillsyn – Helsingborgs stad", lineStart: 1, lineEnd: 1),
                                                      Block(kind: .paragraph, text: article, lineStart: 3, lineEnd: 3)], fileName: "b.txt")
        XCTAssertEqual(titled.kind, .decision)
    }

    func testTimestampsAndDaysAreWrittenInUTCAsISO8601() {
        let formatter = ISO8601DateFormatter()
        for seconds in [0, 1_595_030_400, 1_796_227_263.75, 4_102_444_799] as [Double] {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(ISODate.timestamp(date), formatter.string(from: date))
        }
        XCTAssertEqual(ISODate.format(Date(timeIntervalSince1970: 1_595_030_400)), "2020-07-18")
        XCTAssertEqual(ISODate.format(Date(timeIntervalSince1970: 814_492_800)), "1995-10-24")
        // Before 1970: a negative count of seconds.
        XCTAssertEqual(ISODate.timestamp(Date(timeIntervalSince1970: -626_011_200)), "1950-03-01T12:00:00Z")
        XCTAssertEqual(ISODate.format(Date(timeIntervalSince1970: -0.5)), "1969-12-31")
    }

    func testIssuerFromInfoboxTitleAndVoice() {
        let m = Self.organisations
        XCTAssertEqual(m.canonical("IMY (Sweden)")?.name, "IMY")
        XCTAssertEqual(m.canonical("Datatilsynet (Denmark)")?.name, "Datatilsynet (Denmark)")
        XCTAssertNil(m.canonical("VK Baden-Württemberg (Germany)"))
        let voice = [Block(kind: .paragraph, text: "Nu har vi på Safespring släppt ett white paper om rättsläget.", lineStart: 1, lineEnd: 1)]
        XCTAssertEqual(m.inferIssuer(title: "Ett white paper", blocks: voice), "Safespring")
        let news = [Block(kind: .paragraph, text: "– Vi har granskat tjänsten, säger han till Computer Sweden.", lineStart: 1, lineEnd: 1)]
        XCTAssertEqual(m.inferIssuer(title: "Välj en sida", blocks: news), "Computer Sweden")
        XCTAssertEqual(m.inferIssuer(title: "Stockholms stad och molnfrågan", blocks: []), "Stockholms stad")
        let vendorTalk = Array(repeating: Block(kind: .paragraph, text: "Zoom och Zoom igen.", lineStart: 1, lineEnd: 1), count: 5)
        XCTAssertNil(m.inferIssuer(title: "Vi skyddar dina personuppgifter", blocks: vendorTalk), "a vendor discussed is not the author")
        // When the text names no issuer, a file name that opens with an organisation does.
        XCTAssertEqual(m.namedFirst(inFileName: "016_safespring-whitepaper-cloudact-fisa702-sv.md")?.name, "Safespring")
        XCTAssertEqual(m.namedFirst(inFileName: "IMY beslut 2023.pdf")?.name, "IMY")
        XCTAssertNil(m.namedFirst(inFileName: "000123.txt"))
        XCTAssertNil(m.namedFirst(inFileName: "beslut-imy-2023.pdf"), "only the name's first word")
    }

    func testKindFromCues() {
        XCTAssertEqual(MetadataInference.kind(title: "Vägledning om molntjänster", text: "", fileName: "x.txt"), .guidance)
        XCTAssertEqual(MetadataInference.kind(title: "Beslut efter tillsyn", text: "", fileName: "x.txt"), .decision)
        XCTAssertEqual(MetadataInference.kind(title: "Yttrande över förhandssamråd", text: "", fileName: "x.txt"), .dpaOpinion)
        XCTAssertEqual(MetadataInference.kind(title: "Zoom", text: "Frågor och svar om tjänsten", fileName: "x.txt"), .faq)
        XCTAssertEqual(MetadataInference.kind(title: "Transfer Impact Assessment Data Sheet", text: "", fileName: "x.txt"), .dataSheet)
        XCTAssertNil(MetadataInference.kind(title: "Article 46", text: "In the absence of a decision pursuant to Article 45", fileName: "x.txt"))
    }

    func testMarkdownSectionBecomesKind() throws {
        let url = try Paths.real("015_")
        let r = try MarkdownReader().read(try Data(contentsOf: url), name: url.lastPathComponent)
        XCTAssertEqual(r.metadata.kind, .whitePaper)
    }
}
