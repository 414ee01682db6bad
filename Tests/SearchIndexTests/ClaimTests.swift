import Foundation
import XCTest
import Yams
@testable import Ingest
@testable import SearchIndex

/// Claim extraction measured against the gold annotations, and the attribution and stance rules.
final class ClaimQualityTests: XCTestCase {
    nonisolated(unsafe) static let store: (Index, URL) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kb-claims-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let index = try! Index(path: dir.appendingPathComponent("i.sqlite").path)
        _ = try! Ingestor(index: index).ingest([Paths.corpus.path])
        return (index, dir)
    }()

    struct Gold { var doc: String; var quote: String; var actor: String; var reportedBy: [String]?; var links: [String: String] }

    static func gold() throws -> [Gold] {
        let text = try String(contentsOf: Paths.repo.appendingPathComponent("Tests/Fixtures/gold-claims.yaml"), encoding: .utf8)
        let list = try XCTUnwrap(try Yams.load(yaml: text) as? [[String: Any]])
        return list.map { m in
            Gold(doc: "\(m["doc"]!)", quote: "\(m["quote"]!)", actor: "\(m["actor"]!)", reportedBy: (m["reported_by"] as? [Any])?.map { "\($0)" },
                 links: (m["links"] as? [String: Any])?.mapValues { "\($0)" } ?? [:])
        }
    }

    func testLinkingQualityOnGoldClaims() throws {
        let claims = try ClaimStore(index: Self.store.0).claims(ClaimStore.Filter())
        let gold = try Self.gold()
        var found = 0, actorRight = 0, goldPairs = 0, pairsFound = 0, stanceRight = 0, predictedPairs = 0, predictedRight = 0
        var misses: [String] = []
        for g in gold {
            goldPairs += g.links.count
            guard let c = claims.first(where: { $0.passage.document.slug == g.doc && $0.text.contains(g.quote) }) else {
                misses.append("not a claim: \(g.quote)"); continue
            }
            found += 1
            if c.actor == g.actor { actorRight += 1 } else { misses.append("actor \(c.actor) ≠ \(g.actor): \(g.quote)") }
            let predicted = c.positions.filter { $0.stance != "uncertain" }
            predictedPairs += predicted.count
            predictedRight += predicted.filter { g.links[$0.id] != nil }.count
            for extra in predicted where g.links[extra.id] == nil { misses.append("extra link \(extra.id) \(extra.stance): \(g.quote)") }
            for (position, stance) in g.links {
                if let link = c.positions.first(where: { $0.id == position }) {
                    pairsFound += 1
                    if link.stance == stance { stanceRight += 1 } else { misses.append("\(position): \(link.stance) ≠ \(stance): \(g.quote)") }
                } else { misses.append("no link \(position): \(g.quote)") }
            }
        }
        let recall = Double(pairsFound) / Double(goldPairs)
        let precision = predictedPairs == 0 ? 0 : Double(predictedRight) / Double(predictedPairs)
        let actorAccuracy = Double(actorRight) / Double(max(found, 1))
        let stanceAccuracy = Double(stanceRight) / Double(max(pairsFound, 1))
        print(String(format: "claims-eval: %d/%d gold claims found; link recall %.2f, link precision %.2f (non-uncertain links on gold claims), actor accuracy %.2f, stance accuracy %.2f",
                     found, gold.count, recall, precision, actorAccuracy, stanceAccuracy))
        for m in misses { print("claims-eval miss: \(m)") }
        XCTAssertGreaterThanOrEqual(recall, 0.7)
        XCTAssertGreaterThanOrEqual(precision, 0.7)
        XCTAssertGreaterThanOrEqual(actorAccuracy, 0.8)
        XCTAssertGreaterThanOrEqual(stanceAccuracy, 0.7)
    }

    func testStoredExplanationsReadBackAsExtracted() throws {
        let claims = try ClaimStore(index: Self.store.0).claims(ClaimStore.Filter())
        XCTAssertFalse(claims.isEmpty)
        // Every claim explains its actor in its first line, the issuer's line included (which is stored implicitly).
        for c in claims { XCTAssertTrue(c.why.first?.hasPrefix("actor: ") ?? false, "\(c.key): \(c.why)") }
        XCTAssertTrue(claims.contains { $0.why.first == "actor: the document's issuer" })
        XCTAssertTrue(claims.contains { ($0.why.first ?? "").hasPrefix("actor: ") && $0.why.first != "actor: the document's issuer" })
        XCTAssertEqual(claims.filter { c in c.why.filter { $0.hasPrefix("actor: ") }.count != 1 }.count, 0)
    }

    func testRemoteAccessPositionHoldersAndChains() throws {
        let p = try XCTUnwrap(try ClaimStore(index: Self.store.0).position("remote-access-is-transfer"))
        let affirming = p.claims.filter { $0.positions.first?.stance == "affirms" }
        XCTAssertTrue(affirming.contains { $0.actor == "eSam" && $0.reportedBy == ["Computer Sweden"] })
        XCTAssertTrue(affirming.contains { $0.actor == "EDPB" && $0.reportedBy == ["eSam", "Computer Sweden"] })
        XCTAssertTrue(affirming.contains { $0.actor == "anonymous participant" })
        let store = ClaimStore(index: Self.store.0)
        var f = ClaimStore.Filter(); f.document = "remm-chat-2021"
        XCTAssertFalse(try store.claims(f).contains { $0.actor == "REMM" }, "the host of the meeting holds no positions")
        let eu = try XCTUnwrap(try store.position("eu-storage-protects"))
        XCTAssertTrue(eu.holders("affirms").contains("Stockholms stad"))
        XCTAssertTrue(eu.holders("denies").contains("eSam"))
        let stockholm = try XCTUnwrap(eu.claims.first { $0.actor == "Stockholms stad" && $0.positions.first?.stance == "affirms" })
        XCTAssertTrue(try store.links(claimID: stockholm.id).contains { $0.relation == "contradicts" })
    }
}

/// Attribution and stance rules on small sentences.
final class ClaimRuleTests: XCTestCase {
    /// The speaker patterns are skipped when no verb of theirs is in the text; the check must never skip a match.
    func testSpeakerPreCheckPassesEverySpeechVerb() {
        for text in ["Linda Lindström säger att molnet är säkert.", "Det sa hon i går.", "SÄGER HAN", "menar Esam", "Peter Nordström från Esam anser",
                     "as Anna Berg said", "the court argues", "sa\u{A0}Anna Berg"] {
            XCTAssertTrue(ClaimExtractor.mayNameSpeaker(text), text)
        }
        for text in ["Krypteringen skyddar personuppgifterna.", "Sammanfattning av samarbetet.", "Samarbetet fortsätter."] {
            XCTAssertFalse(ClaimExtractor.mayNameSpeaker(text), text)
        }
    }

    /// A link's cue names the first concept of a required group that the sentence has: in the order
    /// positions.yaml gives, so the same corpus gives the same explanations on every run.
    func testRequiredGroupsKeepTheirOrderFromPositionsYAML() {
        let matcher = Self.extractor.concepts
        for p in Self.extractor.prepared {
            for (group, required) in zip(p.groups, p.position.requires) {
                // Groups hold keys; words written with capitals are keyed by their lower-cased form, after the rest.
                let keyed = required.filter { matcher.key($0) != nil }
                XCTAssertFalse(keyed.isEmpty, p.position.id)
                XCTAssertEqual(Array(group.map(matcher.name(of:)).prefix(keyed.count)), keyed, p.position.id)
            }
        }
    }

    static let extractor: ClaimExtractor = {
        let positions = try! Positions.parse(String(contentsOf: Paths.corpus.appendingPathComponent("positions.yaml"), encoding: .utf8), file: "p")
        let thesaurus = try! Thesaurus.load(Paths.corpus.appendingPathComponent("thesaurus.yaml"))
        let orgs = OrganisationMatcher(try! Organisations.parse(String(contentsOf: Paths.corpus.appendingPathComponent("organisations.yaml"), encoding: .utf8), file: "o"))
        return ClaimExtractor(positions: positions, thesaurus: thesaurus, organisations: orgs)
    }()

    func claims(_ paragraphs: [String], issuer: String = "Computer Sweden", kind: DocumentKind = .news) -> [Claim] {
        Self.extractor.extract(passages: paragraphs.map { ($0, Block.Kind.paragraph) }, metadata: DocumentMetadata(id: "t", issuer: issuer, kind: kind))
    }

    func testDirectSpeechGivesPersonRoleAndOrganisation() {
        let c = claims(["Åtkomsten räcker för att det ska räknas som en överföring, säger Linda Lindström, jurist på Esam."])
        XCTAssertEqual(c.first?.actor, "eSam")
        XCTAssertEqual(c.first?.person, "Linda Lindström")
        XCTAssertEqual(c.first?.role, "jurist")
        XCTAssertEqual(c.first?.reportedBy, ["Computer Sweden"])
    }

    func testEnligtAndVerbAttribution() {
        XCTAssertEqual(claims(["Enligt IMY är fjärråtkomst från tredjeland en överföring av personuppgifter."]).first?.actor, "IMY")
        XCTAssertEqual(claims(["Esam menar att fjärråtkomst räknas som en överföring till tredjeland."]).first?.actor, "eSam")
        XCTAssertEqual(claims(["EDPB anser att åtkomst från tredjeland är en överföring."]).first?.actor, "EDPB")
    }

    /// A source inside a relative clause qualifies one noun, an act is not a statement, and a party's stated
    /// assessment is its own.
    func testAttributionLeavesRelativeClausesAndActsAlone() {
        let relative = claims(["Inga nya molntjänster som innebär överföringar av personuppgifter i klartext till land som enligt EU-kommissionen inte uppnår adekvat skyddsnivå införs."], issuer: "Stockholms stad", kind: .decision)
        XCTAssertEqual(relative.first?.actor, "Stockholms stad")
        let act = claims(["Secondly, the DPA held that Tele2 decided to implement the Google Analytics tool on its website for its own analytics purposes."], issuer: "IMY", kind: .decision)
        XCTAssertEqual(act.first?.actor, "IMY")
        let assessment = claims(["CDON's assessment is that the IP addresses transferred to Google cannot be linked to an individual and are not personal data."], issuer: "IMY", kind: .decision)
        XCTAssertEqual(assessment.first?.actor, "CDON")
    }

    func testReportedSpeechChain() {
        let c = claims(["Esam har gjort en analys.", "I rapporten hänvisar de till EDPB som preciserat att fjärråtkomst ska betraktas som överföring."])
        let chained = c.first { $0.text.contains("hänvisar") }
        XCTAssertEqual(chained?.actor, "EDPB")
        XCTAssertEqual(chained?.reportedBy.last, "Computer Sweden")
    }

    func testStanceFromNegationContrastAndConditions() {
        let deny = claims(["IMY anser att fjärråtkomst inte är en överföring till tredjeland."], issuer: "IMY", kind: .decision)
        XCTAssertEqual(deny.first?.links.first { $0.position == "remote-access-is-transfer" }?.stance, .denies)
        let qualify = claims(["IMY anser att fjärråtkomst är en överföring till tredjeland om leverantören kan läsa uppgifterna."], issuer: "IMY", kind: .decision)
        XCTAssertEqual(qualify.first?.links.first { $0.position == "remote-access-is-transfer" }?.stance, .qualifies)
        let affirm = claims(["The DPA held that remote access from a third country is a transfer of personal data."], issuer: "CNIL", kind: .decision)
        XCTAssertEqual(affirm.first?.links.first { $0.position == "remote-access-is-transfer" }?.stance, .affirms)
        XCTAssertEqual(affirm.first?.modality, .decides)
        let negative = claims(["Avtalet binder inte amerikanska myndigheter, så avtal kan inte ändra amerikansk lagstiftning."], issuer: "IMY", kind: .guidance)
        XCTAssertEqual(negative.first?.links.first { $0.position == "contracts-cannot-override-us-law" }?.stance, .affirms)
    }

    /// The stance of the first claim in `text`, an IMY decision's sentence, on `position`.
    func stance(of text: String, on position: String) -> Stance? {
        claims([text], issuer: "IMY", kind: .decision).first?.links.first { $0.position == position }?.stance
    }

    /// Encryption protects when the party cannot read the data, and does not when it holds the key.
    func testEncryptionStanceFollowsWhoCanRead() {
        XCTAssertEqual(stance(of: "Cloudflare cannot access the encrypted data of the online questionnaire.", on: "encryption-protects-from-access"), .affirms)
        let key = "Microsoft has access to the encryption key, and thus, even when law does not oblige it to decrypt the data on an authority request, it may do it voluntarily."
        XCTAssertEqual(stance(of: key, on: "encryption-protects-from-access"), .denies)
    }

    /// A negation bears on a position only near the position's own words: one about something else in a long
    /// sentence leaves the stance uncertain, and a second negation elsewhere does not cancel a near one.
    func testANegationCountsOnlyNearThePositionsWords() {
        let stance = { (text: String) in self.stance(of: text, on: "remote-access-is-transfer") }
        XCTAssertEqual(stance("The company cannot ensure adequate protection of the complainant's personal data under the contract and its safeguards, since the data are accessed by the vendor and transferred to the United States."), .uncertain)
        XCTAssertEqual(stance("There is no violation of the regulation in this case, because a theoretical possibility of access by the third country does not represent a transfer."), .denies)
        XCTAssertEqual(stance("IMY anser att fjärråtkomst inte är en överföring till tredjeland."), .denies)
    }

    /// "… kryptering …, men IMY menar att detta inte räcker …": the second clause leans on the first, and its
    /// position's own deny cue lets the first clause's concepts complete the link.
    func testAClauseLeansOnTheClauseBeforeIt() {
        let c = claims(["Zoom har uppgett att kunden kan använda kryptering mot åtkomst från tredjelands myndigheter, men IMY menar att detta inte räcker för att skydda uppgifterna."], issuer: "IMY", kind: .guidance)
        let clause = c.first { $0.text.hasPrefix("IMY menar") }
        XCTAssertEqual(clause?.links.first { $0.position == "encryption-protects-from-access" }?.stance, .denies, "\(c.map(\.text))")
    }

    /// "… avråda … från den här lösningen": a demonstrative names what the sentence before described, whose
    /// concepts complete the link.
    func testADemonstrativeLeansOnTheSentenceBefore() {
        let c = claims(["Stockholms stad har valt Zoom X som videomötestjänst. Men eSam fortsätter att avråda sina medlemmar från den här lösningen."])
        let advice = c.first { $0.text.contains("avråda") }
        XCTAssertEqual(advice?.actor, "eSam")
        XCTAssertEqual(advice?.links.first { $0.position == "us-vendor-unlawful-public-sector" }?.stance, .affirms, "\(c.map(\.text))")
        let alone = claims(["Men eSam fortsätter att avråda sina medlemmar från den här lösningen."])
        XCTAssertNil(alone.first?.links.first { $0.position == "us-vendor-unlawful-public-sector" }, "nothing before it to name")
    }

    /// The instructions for appealing a decision hold no position, whatever words they use.
    func testAppealInstructionsHoldNoClaims() {
        let text = "IMY anser att en IP-adress inte är en personuppgift när överklagandet skickas med e-post."
        let meta = DocumentMetadata(id: "t", issuer: "IMY", kind: .decision)
        XCTAssertTrue(Self.extractor.extract(passages: [(text, .paragraph, "4.1 How to Appeal")], metadata: meta).isEmpty)
        XCTAssertTrue(Self.extractor.extract(passages: [(text, .paragraph, "Hur man överklagar")], metadata: meta).isEmpty)
        XCTAssertFalse(Self.extractor.extract(passages: [(text, .paragraph, "The Appeal")], metadata: meta).isEmpty, "a section about an appeal is not instructions")
    }

    /// "There is no guarantee that … will not be accessed" asserts that access is possible; the opener's own
    /// negation denies nothing.
    func testNoGuaranteeThatNotAffirmsThePossibility() {
        XCTAssertEqual(stance(of: "Therefore, there is no guarantee that the personal data collected through the website will not be accessed by the US authorities through the vendor.", on: "vendor-operations-access"), .affirms)
        XCTAssertEqual(stance(of: "The US authorities will not access the personal data held by the vendor.", on: "vendor-operations-access"), .denies)
    }

    /// An affirm cue right after a negation denies: "inte är en personuppgift", "does not constitute personal data".
    func testANegatedAffirmCueDenies() {
        let stance = { (text: String) in self.stance(of: text, on: "ip-address-personal-data") }
        XCTAssertEqual(stance("Bolaget anser att en IP-adress som kortats inte är en personuppgift för användaren."), .denies)
        XCTAssertEqual(stance("The company argued that the truncated IP address does not constitute personal data of the user."), .denies)
        XCTAssertEqual(stance("IMY anser att en IP-adress är en personuppgift för användaren."), .affirms)
    }

    /// A speech tag after a comma (", skriver fyra representanter …") is not the verb of the organisation the
    /// sentence opens with: the government is what the writers describe, not who holds the view.
    func testASpeechTagDoesNotMakeTheOpeningOrganisationTheHolder() {
        let c = claims(["Regeringen och It-driftsutredningen tycks tro att amerikanska molntjänster är de enda som finns att använda, skriver fyra representanter från den svenska molnbranschen, och uppmanar regeringen att skapa förutsättningar för den inhemska och europeiska utvecklingen på molntjänstområdet."],
                       issuer: "Safespring", kind: .news)
        XCTAssertFalse(c.isEmpty)
        XCTAssertTrue(c.allSatisfy { $0.actor != "Regeringen" }, "\(c.map(\.actor))")
        // An organisation that opens a sentence with its own verb still holds it.
        XCTAssertEqual(claims(["Men Esam, som är ett samarbete mellan 34 myndigheter, fortsätter att avråda från molntjänster som innebär överföring till tredjeland."]).first?.actor, "eSam")
    }

    func testQuestionsAndNarrationAreNotClaims() {
        XCTAssertTrue(claims(["Är fjärråtkomst en överföring till tredjeland?"]).isEmpty)
        XCTAssertTrue(claims(["Mötet hölls i Stockholm den 14 september."]).isEmpty)
    }

    func testAnonymousParticipantsInMeetingNotes() {
        let c = claims(["Staten och Microsoft kan inte avtala bort amerikansk lagstiftning."], issuer: "REMM", kind: .minutes)
        XCTAssertEqual(c.first?.actor, "anonymous participant")
    }
}

final class PositionHoldersTests: XCTestCase {
    /// `kb positions` reads holders without the claims; they must be the holders the full claims give, with
    /// reviews that reject, rename, restance and move claims.
    func testHoldersWithoutClaimsMatchTheClaimsThemselves() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: Paths.corpus, to: corpus)
        try? FileManager.default.removeItem(at: corpus.appendingPathComponent("reviews.yaml"))
        let index = try Index(path: dir.appendingPathComponent("i.sqlite").path)
        _ = try Ingestor(index: index).ingest([corpus.path])
        let linked = try ClaimStore(index: index).claims(ClaimStore.Filter()).filter { !$0.positions.isEmpty }
        let unlinked = try ClaimStore(index: index).claims(ClaimStore.Filter()).filter { $0.positions.isEmpty }
        XCTAssertGreaterThanOrEqual(linked.count, 5)
        XCTAssertFalse(unlinked.isEmpty)
        try """
            - claim: \(linked[0].key)
              status: rejected
            - claim: \(linked[1].key)
              stance: denies
            - claim: \(linked[2].key)
              position: remote-access-is-transfer
            - claim: \(linked[3].key)
              actor: Testaktören
              position: scc-insufficient
              stance: qualifies
            - claim: \(linked[4].key)
              actor: Annan aktör
            - claim: \(unlinked[0].key)
              position: ip-address-personal-data
            """.write(to: corpus.appendingPathComponent("reviews.yaml"), atomically: true, encoding: .utf8)
        _ = try Ingestor(index: index).ingest([corpus.path])

        let store = ClaimStore(index: index)
        for asOf in [nil, "2020-06-01"] as [String?] {
            let full = try store.positions(asOf: asOf)
            let fast = try store.holders(asOf: asOf)
            XCTAssertEqual(fast.map(\.id), full.map(\.id))
            for (a, b) in zip(fast, full) {
                XCTAssertEqual(a.claimCount, b.claims.count, a.id)
                for stance in Stance.allCases.map(\.rawValue) {
                    XCTAssertEqual(a.holders(stance), b.holders(stance), "\(a.id) \(stance) as of \(asOf ?? "now")")
                }
            }
        }
        let scc = try XCTUnwrap(try store.holders().first { $0.id == "scc-insufficient" })
        XCTAssertTrue(scc.holders("qualifies").contains("Testaktören"), "the moved, renamed and restanced claim")
        XCTAssertFalse(try store.holders().first { $0.id == "ip-address-personal-data" }?.byStance.isEmpty ?? true)
    }

    func testSuggestionsGroupUnlinkedClaimsByTheirConcepts() throws {
        let dir = try Paths.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index(path: dir.appendingPathComponent("i.sqlite").path)
        _ = try Ingestor(index: index).ingest([Paths.corpus.path])
        let store = ClaimStore(index: index)
        let groups = try store.suggestions()
        XCTAssertFalse(groups.isEmpty)
        XCTAssertEqual(groups.map(\.claims.count), groups.map(\.claims.count).sorted(by: >))
        let all = try store.claims(ClaimStore.Filter())
        for g in groups {
            XCTAssertGreaterThanOrEqual(g.claims.count, 2)
            let expected = all.filter { $0.positions.isEmpty && Array($0.concepts.sorted().prefix(3)) == g.concepts }
            XCTAssertEqual(g.claims.map(\.id), expected.map(\.id), g.concepts.joined(separator: " + "))
            XCTAssertEqual(g.count, expected.count)
        }
        // Reading only the first claims of each group gives the same groups, counts and first claims.
        let shown = try store.suggestions(examples: 1)
        XCTAssertEqual(shown.map(\.concepts), groups.map(\.concepts))
        XCTAssertEqual(shown.map(\.count), groups.map(\.count))
        XCTAssertEqual(shown.map { $0.claims.map(\.id) }, groups.map { Array($0.claims.prefix(1).map(\.id)) })
    }
}

/// Everyday words in the thesaurus (`scope: search`) widen searches but do not make sentences into claims.
final class SearchOnlyConceptTests: XCTestCase {
    static func extractor(scope: String?) throws -> ClaimExtractor {
        // The bundled thesaurus, with the scope of its "user" concept set as asked.
        let bundled = try String(contentsOf: Paths.corpus.appendingPathComponent("thesaurus.yaml"), encoding: .utf8)
        XCTAssertTrue(bundled.contains("- id: user\n  scope: search\n"))
        let line = scope.map { "  scope: \($0)\n" } ?? ""
        let thesaurus = try Thesaurus.parse(bundled.replacingOccurrences(of: "- id: user\n  scope: search\n", with: "- id: user\n" + line), file: "t")
        let positions = try Positions.parse(String(contentsOf: Paths.corpus.appendingPathComponent("positions.yaml"), encoding: .utf8), file: "p")
        let orgs = OrganisationMatcher(try Organisations.parse(String(contentsOf: Paths.corpus.appendingPathComponent("organisations.yaml"), encoding: .utf8), file: "o"))
        return ClaimExtractor(positions: positions, thesaurus: thesaurus, organisations: orgs)
    }

    /// "använder" (uses) shares its stem with "användare" (user): as a concept for claims, the word would
    /// make an FAQ's plain answer a claim of its issuer.
    func testASearchOnlyConceptMakesNoClaim() throws {
        let answer = "Nej. När man använder Zoom hos Nordunet behövs inga kreditkortsuppgifter."
        func claims(_ scope: String?) throws -> [Claim] {
            try Self.extractor(scope: scope).extract(passages: [(answer, Block.Kind.paragraph)],
                                                     metadata: DocumentMetadata(id: "t", issuer: "Nordiska ministerrådet", kind: .faq))
        }
        XCTAssertFalse(try claims(nil).isEmpty, "a concept for claims makes the sentence a claim")
        XCTAssertTrue(try claims("search").isEmpty)
        XCTAssertFalse(try claims("all").isEmpty)
        XCTAssertThrowsError(try Self.extractor(scope: "claims"), "an unknown scope is an error, not ignored")
    }
}
