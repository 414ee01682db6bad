import CTextSearch
import Foundation

/// How a claim stands toward a position.
public enum Stance: String, Sendable, Codable, CaseIterable { case affirms, denies, qualifies, uncertain }

/// What kind of speech act a claim is.
public enum Modality: String, Sendable, Codable { case asserts, decides, recommends, reports, opines }

/// A claim's link to a position, with the cues that decided the stance.
public struct PositionLink: Sendable, Equatable, Codable {
    public var position: String
    public var stance: Stance
    public var score: Double
    public var cues: [String]
}

/// A sentence (or clause) that asserts, denies, decides, recommends or concludes, with who holds it.
public struct Claim: Sendable, Equatable {
    /// Index of the passage in its document.
    public var passageIndex: Int
    /// Verbatim text of the sentence or clause.
    public var text: String
    /// Character offsets into the passage text.
    public var start: Int
    public var end: Int
    public var actor: String
    public var person: String?
    public var role: String?
    /// Who reports the actor's claim, innermost first ("eSam", then "Computer Sweden").
    public var reportedBy: [String]
    public var modality: Modality
    public var concepts: [String]
    public var links: [PositionLink]
    /// The cues behind the actor, the modality and each link, for `--explain`.
    public var why: [String]
    /// Stable across re-ingest: the document id and a hash of the normalised text, for reviews.
    public var key: String
}

/// Finds claims in a document's passages and decides their actor, attribution chain, modality, concepts
/// and stance toward the catalogue's positions, from general cues in Swedish and English.
public struct ClaimExtractor: Sendable {
    let positions: Positions
    let concepts: ConceptMatcher
    let organisations: OrganisationMatcher
    /// The keys that are thesaurus concepts (the others are literal terms from positions.yaml).
    let conceptKeys: KeySet
    /// Positions with their groups as keys and cues lower-cased once, for the per-sentence checks.
    /// A class, so the per-sentence loop over positions does not copy each one's arrays.
    final class PreparedPosition: Sendable {
        let position: Positions.Position
        /// Each required group's keys in the order positions.yaml gives (then lower-cased forms): the cue
        /// names the first one found, the same on every run. Words no phrase stands for are left out.
        let groups: [[Int]]
        /// The same groups as sets, for the test whether a sentence speaks of each.
        let masks: [KeySet]
        let affirm: [String]
        let deny: [String]
        let affirmSet: NeedleSet
        let denySet: NeedleSet
        init(position: Positions.Position, groups: [[Int]], masks: [KeySet], affirm: [String], deny: [String]) {
            self.position = position; self.groups = groups; self.masks = masks; self.affirm = affirm; self.deny = deny
            affirmSet = NeedleSet(affirm)
            denySet = NeedleSet(deny)
        }
    }
    let prepared: [PreparedPosition]

    public init(positions: Positions, thesaurus: Thesaurus, organisations: OrganisationMatcher) {
        self.positions = positions
        self.organisations = organisations
        let literal = positions.all.flatMap { $0.requires.flatMap { $0 } + $0.affirmCues + $0.denyCues }
        // Search-only concepts are everyday words: a sentence holding one says nothing on a position for it.
        let thesaurus = Thesaurus(concepts: thesaurus.concepts.filter { !$0.searchOnly })
        let ids = Set(thesaurus.concepts.map(\.id))
        let matcher = ConceptMatcher(thesaurus: thesaurus, extraTerms: literal.filter { !ids.contains($0) })
        concepts = matcher
        conceptKeys = KeySet(ids.compactMap(matcher.key))
        prepared = positions.all.map { p in
            let groups = p.requires.map { g in
                (g + g.map { $0.lowercased() }).compactMap(matcher.key).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
            }
            return PreparedPosition(position: p, groups: groups, masks: groups.map { KeySet($0) },
                                    affirm: p.affirmCues.map { $0.lowercased() }, deny: p.denyCues.map { $0.lowercased() })
        }
    }

    // MARK: Cue lexicons

    static let negations: Set<String> = ["inte", "ej", "icke", "ingen", "inget", "inga", "aldrig", "varken", "not", "no", "never", "cannot",
                                         "cant", "dont", "doesnt", "isnt", "arent", "wont", "insufficient", "otillräcklig", "otillräckliga", "none", "neither"]
    static let qualifiers = ["om man", "om det", "om staden", "om vi", "såvida", "förutsatt att", "endast om", "under förutsättning", "i vissa fall",
                             "delvis", "till viss del", "i viss mån", "unless", "provided that", "only if", "if the", "partly", "to some extent", "in some cases"]
    /// "om leverantören kan …", "if the vendor …": a condition on a definite subject.
    static let conditional = try! Pattern(pattern: "(?:,|\\s)\\s*(?:om|if|när|when)\\s+(?:man|det|den|de|vi|the|they|\\p{L}{2,}(?:en|et|na|erna|arna))\\s")
    /// The qualifiers as searched, " cue " and " cue," for each in turn: needle i stands for qualifier i / 2.
    static let qualifierSet = NeedleSet(qualifiers.flatMap { [" " + $0 + " ", " " + $0 + ","] })
    /// One of these, followed by a space, is in every match of `conditional`.
    static let conditionWords = ["om", "if", "när", "when"]
    static let contrastSet = NeedleSet(contrasts)
    /// Openers that present what follows as a real possibility ("there is no guarantee that the data will not be
    /// accessed", "does not rule out that the data are processed in the United States"): their own negation and
    /// any in what follows do not deny; the possibility is what the sentence asserts.
    static let possibilities = ["no guarantee that", "no guarantees that", "cannot be ruled out", "can not be ruled out", "does not rule out",
                                "do not rule out", "cannot rule out", "cannot be excluded", "not be excluded", "ingen garanti för att",
                                "inga garantier för att", "kan inte uteslutas", "inte kan uteslutas", "går inte att utesluta", "utesluter inte"]
    static let possibilitySet = NeedleSet(possibilities)
    static let clauseJoins = NeedleSet([" men ", "; ", ", but "])
    static let contrasts = ["men ", "däremot", "dock ", "however", " but ", "although", "även om", "trots att"]
    static let modalityCues: [(Modality, [String])] = [
        (.decides, ["beslutat", "beslutade", "beslut om", "har beslutat", "förelägger", "förbjuder", "slår fast", "decided", "orders", "ordered",
                    "held that", "found that", "imposed", "the dpa found", "the court held", "concluded that", "fastställer"]),
        (.recommends, ["bör ", "borde", "rekommenderar", "avråder", "avråda", "rekommendation", "should", "recommend", "advise", "must ", "måste", "ska inte"]),
        (.opines, ["anser", "menar", "bedömer", "bedömning", "tycker", "hävdar", "tror", "känner oss", "believes", "considers", "argues", "in our view", "enligt oss"]),
        (.reports, ["säger", "enligt", "according to", "uppger", "uppgett", "skriver", "hänvisar", "reported", "framhållit", "said"]),
    ]
    static let modalitySets = modalityCues.map { ($0.0, NeedleSet($0.1)) }
    /// Cues of deciding, recommending or opining: an assertion with no other stance cue affirms.
    static let assertiveSet = NeedleSet(modalityCues.prefix(3).flatMap(\.1))
    static let attributionVerbs = "menar|anser|hävdar|bedömer|påpekar|konstaterar|skriver|framhåller|framhållit|uppger|uppgett|avråder|rekommenderar|beslutar|beslutade|beslutat|säger|kräver|understryker|slår fast|fortsätter att avråda|held|found|considers|argues|states|concluded|decided|noted|recommends|says|said|claims|believes"

    /// Every match of the patterns built on `attributionVerbs` holds one of these, lower-cased.
    static let attributionVerbSet = NeedleSet(attributionVerbs.split(separator: "|").map(String.init))

    static let name = "\\p{Lu}\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+){1,2}"
    static let saysName = try! Pattern(pattern: "(?:säger|sa|berättar|says|said|skriver|påpekar|menar)(?:\\s+(?:vidare|också|till\\s+\\p{Lu}[\\p{L}]+(?:\\s+\\p{Lu}[\\p{L}]+)?))*\\s+(\(name))")
    static let nameSays = try! Pattern(pattern: "(\(name))(?:\\s+(?:från|på|vid)\\s+\\p{Lu}[\\p{L}]+)?\\s+(?:säger|menar|anser|påpekar|berättar|says|said|argues|understryker)")
    static let pronounSays = try! Pattern(pattern: "(?:säger|sa|says|said|menar|påpekar)\\s+(?:han|hon|de|he|she|they)\\b", options: [.caseInsensitive])
    static let apposition = try! Pattern(pattern: "(\(name)),\\s+(\\p{Ll}[\\p{L}-]*(?:\\s+\\p{Ll}[\\p{L}-]*){0,3})\\s+(?:på|vid|i|hos|från|at|of|med)\\s+")
    static let nameFrom = try! Pattern(pattern: "(\(name))\\s+(?:från|på|vid|at|of)\\s+")
    static let chain = try! Pattern(pattern: "hänvisar\\s+(?:de|han|hon|vi|\\p{Lu}[\\p{L}]+)\\s+till\\s+", options: [.caseInsensitive])
    static let enligt = try! Pattern(pattern: "(?:enligt|according to)\\s+$", options: [.caseInsensitive])
    /// "land som enligt EU-kommissionen inte uppnår adekvat skyddsnivå": the source qualifies one noun of the
    /// sentence, not what the sentence as a whole asserts.
    static let enligtInRelativeClause = try! Pattern(pattern: "\\b(?:som|vilka|vilket|which|who)\\s+(?:\\p{L}+\\s+){0,2}(?:enligt|according to)\\s+$", options: [.caseInsensitive])
    // Compiled once: on Linux a pattern compiled per call is never freed (kilobytes a document on a bulk ingest).
    // "Tele2 decided to implement …" is an act, not a statement: a verb followed by "to" attributes nothing.
    // "CDON's assessment is that …" attributes as "CDON considers that …" does.
    static let verbAfterName = try! Pattern(pattern: "^(?:s)?(?:\\s+\\p{L}+){0,3}?\\s+(?:\(attributionVerbs))\\b(?!\\s+to\\b)|^(?:'s|’s|s|:s)?\\s+(?:own\\s+|egen\\s+)?(?:assessment|view|position|opinion|argument|bedömning|uppfattning|ståndpunkt)\\s+(?:is|was|är|var)\\b")
    static let verbBeforeName = try! Pattern(pattern: "(?:\(attributionVerbs))\\s+$")
    /// Not a verb right after a comma: ", skriver fyra representanter …" is a speech tag whose subject follows it,
    /// and it does not make the organisation the sentence opens with ("Regeringen … tycks tro att …") the holder.
    static let verbAnywhere = try! Pattern(pattern: "(?<!,\\s)\\b(?:\(attributionVerbs)|avråda|bedömer|anser)\\b")
    static let pronounSubject = try! Pattern(pattern: "^(?:–\\s*)?(?:de|molngruppen|gruppen|myndigheten|staden|domstolen|the dpa|the court|they)\\s+(?:\(attributionVerbs))\\b|(?:\(attributionVerbs))\\s+(?:molngruppen|de|myndigheten|domstolen)\\b", options: [.caseInsensitive])

    /// The person a text introduced, with their organisation and role.
    struct Speaker { var person: String?; var org: String; var role: String? }

    // MARK: Extraction

    public func extract(passages: [(text: String, kind: Block.Kind)], metadata: DocumentMetadata) -> [Claim] {
        extract(passages: passages.map { ($0.text, $0.kind, nil) }, metadata: metadata)
    }

    static let appealInstructions = try! Pattern(pattern: "(?:how to appeal|hur man överklagar|hur du överklagar|hur ni överklagar|överklagandehänvisning|appeal instructions)", options: [.caseInsensitive])
    static let evaluativeHeading = try! Pattern(pattern: "(?:bedömning|yttrande|beslut|synpunkter|ståndpunkt|anser|assessment|opinion|position|view|holding)", options: [.caseInsensitive])

    /// Passages with their section heading: a heading such as "Integritetsskyddsmyndighetens bedömning" gives its items a holder.
    public func extract(passages: [(text: String, kind: Block.Kind, heading: String?)], metadata: DocumentMetadata) -> [Claim] {
        guard !positions.all.isEmpty else { return [] }
        let issuerOrg = metadata.issuer.flatMap { organisations.canonical($0) }
        let anonymousVoices = metadata.kind == .minutes || (issuerOrg?.reports == true && issuerOrg?.kind != "media")
            || (metadata.issuer?.lowercased().contains("anonym") ?? false)
        let issuerName = issuerOrg?.name ?? metadata.issuer ?? "unknown"
        var people: [String: Speaker] = [:]
        var lastSpeaker: Speaker? = nil
        var lastActor: Speaker? = nil
        var claims: [Claim] = []
        let docID = metadata.id ?? "doc"
        var previousKeys = KeySet()
        var lastHeading: (text: String, actor: Speaker?)? = nil
        let stems = ConceptMatcher.stemsPool.take()
        defer { ConceptMatcher.stemsPool.giveBack(stems) }

        for (pi, passage) in passages.enumerated() {

            guard passage.kind != .heading, passage.kind != .tableRow else { continue }
            // Instructions for appealing a decision ("How to appeal", "Hur man överklagar") state no position.
            if let heading = passage.heading, Self.appealInstructions.firstMatch(in: heading) != nil { continue }
            let text = passage.text
            let ns = UTF16Text(text)
            let full = NSRange(location: 0, length: ns.length)
            // People are introduced where they speak: only such passages are read for names.
            let speaks = Self.speechWordSet.containsAny(in: text)
            // Who is introduced in this passage ("Linda Lindström, jurist på Esam").
            for m in speaks ? Self.apposition.matches(in: text, range: full) : [] {
                let tail = String(Self.window(ns, after: m.range).prefix(120))
                let mentions = organisations.mentions(in: tail)
                guard let first = mentions.first, first.1.location == 0 else { continue }
                // "strateg på Skatteverket och medlem i Esams molngrupp": speaking as the member.
                let tailNS = UTF16Text(tail)
                let member = mentions.dropFirst().first { m in
                    let before = tailNS.substring(to: m.1.location).fastLowercased
                    return before.hasSuffix("medlem i ") || before.hasSuffix("member of ") || before.hasSuffix("representant för ") || before.hasSuffix("för ")
                }
                let person = ns.substring(with: m.range(at: 1))
                people[person] = Speaker(person: person, org: (member ?? first).0.name, role: ns.substring(with: m.range(at: 2)))
            }
            for m in speaks ? Self.nameFrom.matches(in: text, range: full) : [] {
                let person = ns.substring(with: m.range(at: 1))
                guard people[person] == nil else { continue }
                if let org = organisations.mentions(in: String(Self.window(ns, after: m.range).prefix(60))).first, org.1.location == 0 {
                    people[person] = Speaker(person: person, org: org.0.name, role: nil)
                }
            }
            // The speaker this passage names anywhere (the attribution often closes a quote: ", säger han.").
            var passageSpeaker: (Speaker, String)? = speaks ? speaker(in: text, people: people, lastSpeaker: lastSpeaker) : nil
            let isDialogue = text.hasPrefix("–") || text.hasPrefix("—") || text.hasPrefix("”") || text.hasPrefix("\"")
            if passageSpeaker == nil, isDialogue, let last = lastSpeaker { passageSpeaker = (last, "dialogue dash continues the last speaker") }

            var sentenceActor: Speaker? = nil   // an attribution earlier in this passage carries on
            var passageKeys = KeySet()
            defer { previousKeys = passageKeys }
            if let heading = passage.heading {
                // A section's passages share its heading: it is read once.
                if lastHeading?.text != heading {
                    var actor: Speaker? = nil
                    if let org = organisations.mentions(in: heading).first?.0, org.name != issuerName, !org.reports,
                       Self.evaluativeHeading.firstMatch(in: heading) != nil {
                        actor = Speaker(person: nil, org: org.name, role: nil)
                    }
                    lastHeading = (heading, actor)
                }
                sentenceActor = lastHeading?.actor
            }
            let characters = CharacterOffsets(text)
            for range in SentenceSplitter.split(text) {
                let sentence = String(characters[range] ?? "")
                let sentenceMatches = concepts.matches(sentence, stems: stems)
                let ownKeys = KeySet(sentenceMatches.map(\.key))
                // "Det innebär att …", "… kan därför inte …" lean on what was just said: this passage so far and the one before.
                defer { passageKeys.formUnion(ownKeys) }
                // A clause's concepts are among its sentence's: a sentence without any holds no claim, and reading
                // one for a claim changes nothing that later sentences read.
                if sentenceMatches.isEmpty { continue }
                for clause in clauses(sentence, offset: range.lowerBound, stems: stems) {
                    // The clause lower-cased once, for every cue and pre-check below.
                    let lowered = clause.text.fastLowercased
                    let lowerHay = Haystack(lowered)
                    let whole = clause.text.utf8.count == sentence.utf8.count
                    // "Det innebär att …", "Amerikanska myndigheter kan därför inte …": the sentence leans on the one before.
                    // A clause leans on the clauses before it in its own sentence as well ("… kan använda kryptering …,
                    // men Esam menar att detta inte räcker").
                    let context = Self.leansOnPrevious(lowerHay) ? passageKeys.union(previousKeys).union(whole ? KeySet() : ownKeys) : KeySet()
                    let found = whole ? sentenceMatches : concepts.matches(clause.text, stems: stems)
                    guard var claim = analyse(clause.text, start: clause.start, passageIndex: pi, context: context, found: found,
                                              lowered: lowered, count: whole ? range.count : nil) else { continue }
                    if !context.isEmpty { claim.why.append("context: continues the previous sentence") }
                    // Actor: a reporting chain, a speaker or organisation named in the sentence, the passage's speaker, the document's voice.
                    var why: [String] = []
                    var actor: Speaker
                    // The organisations named in the clause, found once for the rules that ask.
                    var clauseNames: [(Organisations.Organisation, NSRange)]? = nil
                    func names() -> [(Organisations.Organisation, NSRange)] {
                        if let known = clauseNames { return known }
                        let found = organisations.mentions(in: clause.text)
                        clauseNames = found
                        return found
                    }
                    var reported: [String] = []
                    if let (referred, reporter) = chainActor(clause.text, current: passageSpeaker?.0 ?? lastActor, lower: lowerHay) {
                        actor = referred
                        if let reporter { reported.append(reporter.org) }
                        why.append("actor: reported chain 'hänvisar … till \(referred.org) som'")
                    } else if let (s, cue) = speaker(in: clause.text, people: people, lastSpeaker: lastSpeaker, lower: lowerHay) {
                        actor = s; why.append("actor: \(cue)")
                    } else if let (s, cue) = passageSpeaker {
                        actor = s; why.append("actor: \(cue) (same passage)")
                    } else if let org = leadingOrganisation(clause.text, names: names()) ?? subjectOrganisation(clause.text, names: names()) {
                        actor = Speaker(person: nil, org: org, role: nil); why.append("actor: \(org) as subject of an attribution verb")
                    } else if lastActor != nil, Self.attributionVerbSet.containsAny(in: lowerHay),
                              Self.pronounSubject.firstMatch(in: clause.text) != nil, let last = lastActor {
                        actor = last; why.append("actor: pronoun refers to \(last.org)")
                    } else if let (s, cue) = accordingTo(clause.text, names: names()) {
                        actor = s; why.append("actor: \(cue)")
                    } else if let carried = sentenceActor {
                        actor = carried; why.append("actor: \(carried.org) continues from the previous sentence")
                    } else if anonymousVoices {
                        actor = Speaker(person: nil, org: "anonymous participant", role: nil); why.append("actor: meeting notes of anonymous participants")
                    } else {
                        actor = Speaker(person: nil, org: issuerName, role: nil); why.append("actor: the document's issuer")
                    }
                    // Whoever the document's issuer quotes is reported by that issuer.
                    if actor.org != issuerName && actor.org != "anonymous participant" && issuerName != "unknown" && !reported.contains(issuerName) {
                        reported.append(issuerName)
                    }
                    if actor.org == "anonymous participant", let host = issuerOrg?.name, !reported.contains(host) { reported.append(host) }
                    claim.actor = actor.org
                    claim.person = actor.person
                    claim.role = actor.role
                    claim.reportedBy = reported
                    if !reported.isEmpty, claim.modality == .asserts { claim.modality = .reports }
                    claim.why = why + claim.why
                    claim.key = "\(docID):" + Self.keyHash(clause.text)
                    if actor.org != "anonymous participant" && actor.org != issuerName { lastActor = actor; sentenceActor = actor }
                    claims.append(claim)
                }
            }
            if let (s, _) = passageSpeaker { lastSpeaker = s; lastActor = s }
        }
        return claims
    }

    /// The text just after a match, enough for the 120 characters read there: copying the whole rest of a long
    /// passage for each match made reading a passage quadratic in its length.
    static func window(_ ns: UTF16Text, after range: NSRange) -> String {
        let start = range.location + range.length
        return ns.substring(with: NSRange(location: start, length: min(ns.length - start, 1_024)))
    }

    /// One sentence, or its clauses when a contrast joins two claims about different positions.
    func clauses(_ sentence: String, offset: Int, stems: ConceptMatcher.Stems? = nil) -> [(text: String, start: Int)] {
        guard Self.clauseJoins.containsAny(in: sentence) else { return [(sentence, offset)] }
        for marker in [", men ", "; ", ", but ", " men "] {
            guard let r = Self.firstRange(of: marker, in: sentence) else { continue }
            let first = String(sentence[..<r.lowerBound]), second = String(sentence[r.upperBound...])
            guard first.count > 25, second.count > 25 else { continue }
            let a = links(first, stems: stems).map(\.position), b = links(second, stems: stems).map(\.position)
            // "Zoom har uppgett att …, men Esam menar att …": two holders, two claims.
            let secondHasHolder = leadingOrganisation(second) != nil || speaker(in: second, people: [:], lastSpeaker: nil) != nil
            if (!a.isEmpty && !b.isEmpty && Set(a) != Set(b)) || (secondHasHolder && subjectOrganisation(first) != nil) {
                let secondStart = offset + sentence.distance(from: sentence.startIndex, to: r.upperBound)
                return [(first, offset), (second, secondStart)]
            }
        }
        return [(sentence, offset)]
    }

    /// Where `marker` (ASCII) first occurs in `text`: found on the bytes when every Character of the text is one
    /// scalar, as Foundation's `range(of:)` finds it (it compares Characters) without its round trip through
    /// `NSString` (40,000 instructions a call).
    static func firstRange(of marker: String, in text: String) -> Range<String.Index>? {
        guard text.isOneScalarPerCharacter else { return text.range(of: marker) }
        var t = text, m = marker
        let at = t.withUTF8 { tb in m.withUTF8 { mb in kb_find(tb.baseAddress, tb.count, mb.baseAddress, mb.count) } }
        guard at >= 0 else { return nil }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: at)
        return from..<utf8.index(from, offsetBy: marker.utf8.count)
    }

    static let anaphora = ["det innebär", "det betyder", "därför", "därmed", "detta innebär", "detta betyder", "vilket innebär", "this means",
                           "therefore", "thus", "consequently", "as a result", "det räcker", "detta räcker", "det gör att", "detta ", "dvs", "d.v.s", "i praktiken",
                           // A demonstrative naming what was just described: "avråda … från den här lösningen".
                           "den här lösningen", "den här tjänsten", "this solution", "this service"]

    static let anaphoraSet = NeedleSet(anaphora)
    static func leansOnPrevious(_ lower: Haystack) -> Bool { anaphoraSet.containsAny(in: lower) }

    /// Whether a sentence is a claim, and if so its modality, concepts and position links.
    /// `lowered` is the sentence lower-cased and `count` its length in Characters, when the caller has them.
    func analyse(_ sentence: String, start: Int, passageIndex: Int, context: KeySet = KeySet(), found precomputed: [ConceptMatcher.Match]? = nil,
                 lowered: String? = nil, count: Int? = nil) -> Claim? {
        let trimmed = sentence.trimmingBlanks
        guard !trimmed.hasSuffix("?") else { return nil }
        let found = precomputed ?? concepts.matches(trimmed)
        let own = KeySet(found.map(\.key))
        let conceptKeys = own.intersection(self.conceptKeys).elements
        // Most sentences speak of no position and of fewer than two concepts: stop before the costlier cues.
        guard conceptKeys.count >= 2 || !own.isEmpty && !context.isEmpty || positionsTouched(own) else { return nil }
        let conceptIDs = conceptKeys.map(concepts.name).sorted()
        guard Self.hasWords(trimmed, atLeast: 5) else { return nil }
        let lower = " " + (lowered.flatMap { trimmed.utf8.count == sentence.utf8.count ? $0 : nil } ?? trimmed.fastLowercased) + " "
        let hay = Haystack(lower)
        var modality = Modality.asserts
        var modalityCue: String? = nil
        for (m, cues) in Self.modalitySets { if let c = cues.first(in: hay) { modality = m; modalityCue = c; break } }
        // Context may complete a link the sentence starts, never make one on its own.
        let negated = Self.negationCount(lower, excluding: []) > 0
        let scope = negated ? NegationScope(trimmed, matches: found) : nil
        let linked = links(trimmed, keys: own.union(context), lower: (lower, hay), scope: scope).filter { link in
            guard !context.isEmpty, let pp = prepared.first(where: { $0.position.id == link.position }) else { return true }
            // … or make it when the clause holds one of the position's own cues ("detta inte räcker för att skydda").
            return pp.masks.contains { $0.intersects(own) } || pp.affirmSet.containsAny(in: hay) || pp.denySet.containsAny(in: hay)
        }
        guard !linked.isEmpty || (conceptIDs.count >= 2 && (modality != .asserts || negated)) else { return nil }
        var why: [String] = []
        if let modalityCue { why.append("modality: \(modality.rawValue) ('\(modalityCue.trimmingBlanks)')") }
        if !conceptIDs.isEmpty { why.append("concepts: " + conceptIDs.joined(separator: ", ")) }
        for l in linked { why.append("position \(l.position): \(l.stance.rawValue) (score \(Self.twoDecimals(l.score)); " + l.cues.joined(separator: "; ") + ")") }
        return Claim(passageIndex: passageIndex, text: trimmed, start: start, end: start + (count ?? sentence.count), actor: "", person: nil, role: nil,
                     reportedBy: [], modality: modality, concepts: conceptIDs, links: linked, why: why, key: "")
    }

    /// Whether the keys satisfy every group of some position.
    func positionsTouched(_ keys: KeySet) -> Bool {
        guard !keys.isEmpty else { return false }
        return prepared.contains { p in p.masks.allSatisfy { $0.intersects(keys) } }
    }

    func links(_ sentence: String, stems: ConceptMatcher.Stems? = nil) -> [PositionLink] {
        links(sentence, keys: concepts.keys(sentence, stems: stems))
    }

    /// Positions whose every required group the sentence speaks of, with the stance the cues give.
    /// `lower` is " sentence " lower-cased, with its haystack, when the caller has it.
    /// `scope`, when given, says which of the sentence's negations bear on a position's own words.
    func links(_ sentence: String, keys: KeySet, lower given: (String, Haystack)? = nil, scope: NegationScope? = nil) -> [PositionLink] {
        var out: [PositionLink] = []
        var sentenceCues: SentenceCues? = nil
        var lower = "", hay = Haystack(bytes: [])
        for pp in prepared where pp.masks.allSatisfy({ $0.intersects(keys) }) {
            let cues = pp.groups.compactMap { g in g.first(where: keys.contains).map { "concept '\(concepts.name(of: $0))'" } }
            if sentenceCues == nil {
                if let given { (lower, hay) = given } else {
                    lower = " " + sentence.fastLowercased + " "
                    hay = Haystack(lower)
                }
                sentenceCues = SentenceCues(lower, hay)
            }
            var cuesHere = sentenceCues!
            if let scope, cuesHere.negations > 0 {
                let bearing = scope.negations(near: pp.groups)
                if bearing != cuesHere.negations { cuesHere.negations = bearing; cuesHere.negationsApart = true }
            }
            let (stance, stanceCues, strength) = stance(hay, position: pp, cues: cuesHere)
            out.append(PositionLink(position: pp.position.id, stance: stance, score: min(1, 0.5 + strength), cues: cues + stanceCues))
        }
        return out
    }

    /// What a sentence says regardless of position: its negations, conditions and contrasts.
    struct SentenceCues {
        var negations: Int
        /// Some of the sentence's negations stand too far from a position's words to bear on it.
        var negationsApart = false
        var qualifier: String?
        var contrast: String?
        var assertive: String?
        var possibility: String?

        init(_ lower: String, _ hay: Haystack) {
            negations = ClaimExtractor.negationCount(lower, excluding: [])
            qualifier = ClaimExtractor.qualifierSet.firstIndex(in: hay).map { ClaimExtractor.qualifiers[$0 / 2] }
                ?? (!ClaimExtractor.conditionWords.contains(where: hay.containsWordEnd) ? nil
                    : ClaimExtractor.conditional.firstMatch(in: lower)
                        .map { UTF16Text(lower).substring(with: $0.range).trimmingBlanks })
            contrast = ClaimExtractor.contrastSet.first(in: hay)
            assertive = ClaimExtractor.assertiveSet.first(in: hay)
            possibility = ClaimExtractor.possibilitySet.first(in: hay)
        }
    }

    /// Affirm and deny cues first; then negation, conditions and contrasts; weak evidence is "uncertain".
    func stance(_ hay: Haystack, position pp: PreparedPosition, cues c: SentenceCues) -> (Stance, [String], Double) {
        var affirm = zip(pp.affirm, pp.affirmSet.occurrences(in: hay)).filter(\.1).map(\.0)
        var deny = zip(pp.deny, pp.denySet.occurrences(in: hay)).filter(\.1).map(\.0)
        // "… kan inte räknas som en överföring", "does not constitute personal data": a negated affirm cue denies.
        if !affirm.isEmpty {
            let negated = affirm.filter { Self.isNegated($0, in: hay) }
            if !negated.isEmpty {
                affirm.removeAll { negated.contains($0) }
                deny += negated.map { "negated: \($0)" }
            }
        }
        if !affirm.isEmpty && deny.isEmpty {
            if let q = c.qualifier { return (.qualifies, ["affirm cue '\(affirm[0])'", "condition '\(q)'"], 0.3) }
            return (.affirms, ["affirm cue '\(affirm[0])'"], 0.4)
        }
        if !deny.isEmpty && affirm.isEmpty { return (.denies, ["deny cue '\(deny[0])'"], 0.4) }
        if !affirm.isEmpty && !deny.isEmpty {
            return (.uncertain, ["conflicting cues '\(affirm[0])' and '\(deny[0])'"], 0.1)
        }
        if let q = c.qualifier { return (.qualifies, ["condition '\(q)'"], 0.2) }
        // "No guarantee that … will not be accessed": a negation after the opener states the access as possible,
        // which affirms the position. Otherwise the opener's own negation denies nothing, and what a possibility
        // means for a negatively worded position is left to the reader.
        if let p = c.possibility {
            if !pp.position.negationAffirms, Self.negationCount(Self.text(after: p, in: hay), excluding: []) % 2 == 1 {
                return (.affirms, ["possibility '\(p)' of what it negates"], 0.2)
            }
            return (.uncertain, ["possibility '\(p)'"], 0.05)
        }
        if c.negations % 2 == 1 {
            let s: Stance = pp.position.negationAffirms ? .affirms : .denies
            var cues = ["negation (\(c.negations))"]
            if let contrast = c.contrast { cues.append("contrast '\(contrast.trimmingBlanks)'") }
            return (c.contrast == nil ? s : .uncertain, cues, c.contrast == nil ? 0.25 : 0.1)
        }
        // A negation elsewhere in a long sentence ("… cannot be respected …") says nothing either way of this position.
        if c.negationsApart { return (.uncertain, ["negation away from the position's words"], 0.05) }
        if pp.position.negationAffirms { return (.uncertain, ["no negation for a negatively worded position"], 0.05) }
        if let a = c.assertive { return (.affirms, ["assertion cue '\(a.trimmingBlanks)'"], 0.2) }
        return (.uncertain, ["no stance cue"], 0.05)
    }

    /// A score in [0, 1] with two decimals, as "%.2f" writes it; `String(format:)` costs more than the rest of the sentence's cues.
    static func twoDecimals(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let tail = hundredths % 100
        return "\(hundredths / 100).\(tail < 10 ? "0" : "")\(tail)"
    }

    /// The lower-cased sentence after the first occurrence of `marker` ("" when it is not there).
    static func text(after marker: String, in hay: Haystack) -> String {
        guard let at = hay.offset(of: marker) else { return "" }
        return String(decoding: hay.bytes[(at + marker.utf8.count)...], as: UTF8.self)
    }

    /// Whether one of the two words just before the first occurrence of `cue` in the lower-cased sentence is a
    /// negation ("inte" in "kan inte räknas som …", "not" in "does not constitute …").
    static func isNegated(_ cue: String, in hay: Haystack) -> Bool {
        let bytes = hay.bytes
        guard let start = hay.offset(of: cue), start > 0 else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80 || b == 0x27 }
        var end = start
        for _ in 0..<2 {
            while end > 0, !isLetter(bytes[end - 1]) { end -= 1 }
            var wordStart = end
            while wordStart > 0, isLetter(bytes[wordStart - 1]) { wordStart -= 1 }
            guard wordStart < end else { return false }
            let word = bytes[wordStart..<end].filter { $0 != 0x27 }
            if word.count < negationsByLength.count, negationsByLength[word.count].contains(where: { $0.elementsEqual(word) }) { return true }
            end = wordStart
        }
        return false
    }

    /// Where a sentence's negations stand among its words, counted as the concept matcher counts them, so that a
    /// negation can be tied to the words of the position it would deny: "Fjärråtkomst är inte en överföring"
    /// denies, but in "… the clauses cannot be respected in the third country …" the negation is about the
    /// clauses, many words away from what the position speaks of.
    struct NegationScope {
        /// The word numbers of the negations.
        let negationWords: [Int]
        let matches: [ConceptMatcher.Match]
        /// Words either side of a position's own words within which a negation still bears on it.
        static let reach = 5
        /// English contractions split at the apostrophe ("can’t" → "can", "t"), negations when whole.
        static let contractions: [[UInt8]] = ["can", "don", "doesn", "isn", "aren", "won"].map { Array($0.utf8) }

        init(_ sentence: String, matches: [ConceptMatcher.Match]) {
            self.matches = matches
            var found: [Int] = []
            var previousOpensContraction = false
            var index = 0
            let byLength = ClaimExtractor.negationsByLength
            ConceptMatcher.scanWords(sentence) { word in
                let isNegation = word.count < byLength.count && byLength[word.count].contains { $0.elementsEqual(word) }
                if isNegation || (previousOpensContraction && word.count == 1 && word[0] == UInt8(ascii: "t")) { found.append(index) }
                previousOpensContraction = Self.contractions.contains { $0.elementsEqual(word) }
                index += 1
            }
            negationWords = found
        }

        /// The negations within `reach` words of the span the position's concepts cover in the sentence; all of
        /// them when none of its concepts is in the sentence itself (it leans on the one before).
        func negations(near groups: [[Int]]) -> Int {
            let keys = Set(groups.joined())
            let own = matches.filter { keys.contains($0.key) }
            guard let first = own.map(\.words.lowerBound).min(), let last = own.map(\.words.upperBound).max() else { return negationWords.count }
            return negationWords.filter { $0 >= first - Self.reach && $0 < last + Self.reach }.count
        }
    }

    static func negationCount(_ lower: String, excluding phrases: [String]) -> Int {
        var text = lower
        for p in phrases { text = text.replacingOccurrences(of: p.lowercased(), with: " ") }
        var count = 0
        // A word's letters as UTF-8 in a fixed buffer, compared with the negations of the same length: no string
        // or array is made per word. A word longer than the buffer is longer than every negation.
        let longest = negationsByLength.count - 1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longest + 1) { word in
            var length = 0
            func endWord() {
                if length > 0, length <= longest {
                    let w = UnsafeBufferPointer(rebasing: word[0..<length])
                    if negationsByLength[length].contains(where: { $0.elementsEqual(w) }) { count += 1 }
                }
                length = 0
            }
            func append(_ b: UInt8) {
                if length <= longest { word[length] = b }
                length += 1
            }
            // Read on the bytes: a letter's bytes are appended as they stand, apostrophes inside a word are skipped.
            text.withUTF8 { u in
                var i = 0
                while i < u.count {
                    let b = u[i]
                    if b < 0x80 {
                        i += 1
                        if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { append(b) } else if b != 0x27 { endWord() }
                        continue
                    }
                    let (v, n) = WordScalars.decode(u, i)
                    if WordScalars.isLetter(v) { for k in i..<(i + n) { append(u[k]) } }
                    else if v != 0x2019 { endWord() }
                    i += n
                }
            }
            endWord()
        }
        return count
    }
    /// The negations as UTF-8, by length in bytes.
    static let negationsByLength: [[[UInt8]]] = {
        var out = [[[UInt8]]](repeating: [], count: (negations.map(\.utf8.count).max() ?? 0) + 1)
        for n in negations { out[n.utf8.count].append(Array(n.utf8)) }
        return out
    }()

    // MARK: Attribution

    /// A speaker named in the text: "säger Linda Lindström", "Peter Nordström säger", "säger han", "enligt X".
    func speaker(in text: String, people: [String: Speaker], lastSpeaker: Speaker?, lower: Haystack? = nil) -> (Speaker, String)? {
        guard Self.mayNameSpeaker(lower ?? Haystack(text.fastLowercased)) else { return nil }
        let ns = UTF16Text(text)
        let full = NSRange(location: 0, length: ns.length)
        for regex in [Self.saysName, Self.nameSays] {
            if let m = regex.firstMatch(in: text, range: full) {
                let person = ns.substring(with: m.range(at: 1))
                if let known = people[person] { return (known, "'\(ns.substring(with: m.range))'") }
                let surname = person.split(separator: " ").last.map(String.init) ?? person
                if let known = people.values.first(where: { $0.person?.hasSuffix(surname) == true }) { return (known, "'\(ns.substring(with: m.range))'") }
                // A person with an organisation right after ("Peter Nordström från Esam").
                if let org = organisations.mentions(in: String(Self.window(ns, after: m.range).prefix(50))).first {
                    return (Speaker(person: person, org: org.0.name, role: nil), "'\(ns.substring(with: m.range))'")
                }
            }
        }
        if Self.pronounSays.firstMatch(in: text, range: full) != nil, let last = lastSpeaker {
            return (last, "'säger han/hon' refers to \(last.person ?? last.org)")
        }
        // A person the text introduced, named again beside a speech verb ("Anders Häregård, …, säger till …").
        if Self.speechVerb.firstMatch(in: text, range: full) != nil {
            for (person, speaker) in people.sorted(by: { $0.key < $1.key }) where text.contains(person) {
                return (speaker, "'\(person)' with a speech verb")
            }
        }
        return nil
    }

    /// Whether any pattern of `speaker(in:)` could match: each needs one of its verbs, and "sa" only counts
    /// before a space (every pattern wants a space or a name after it). A superset, checked on bytes.
    static func mayNameSpeaker(_ text: String) -> Bool { mayNameSpeaker(Haystack(text.fastLowercased)) }
    static func mayNameSpeaker(_ lower: Haystack) -> Bool {
        if speakerVerbSet.containsAny(in: lower) { return true }
        return lower.containsWordEnd("sa")
    }
    static let speakerVerbSet = NeedleSet(speakerVerbs)
    static let speakerVerbs = ["säger", "berättar", "says", "said", "skriver", "påpekar", "menar", "anser", "argues", "understryker", "told"]

    /// Cheap pre-check for the attribution patterns: speech and opinion verbs, Swedish and English.
    static let speechWordSet = NeedleSet(speechWords)
    static let speechWords = ["säger", " sa ", "berättar", "påpekar", "understryker", "menar", "anser", "skriver", "says", "said", "argues", "told", "writes"]

    static let speechVerb = try! Pattern(pattern: "\\b(?:säger|sa|berättar|påpekar|understryker|menar|anser|says|said|argues|told)\\b")

    /// "enligt X" / "according to X": X holds the claim when no one else is its subject.
    func accordingTo(_ text: String, names: [(Organisations.Organisation, NSRange)]? = nil) -> (Speaker, String)? {
        let ns = UTF16Text(text)
        for (org, range) in names ?? organisations.mentions(in: text) {
            let before = ns.substring(to: range.location)
            if Self.enligt.firstMatch(in: before) != nil, Self.enligtInRelativeClause.firstMatch(in: before) == nil {
                return (Speaker(person: nil, org: org.name, role: nil), "'enligt \(org.name)'")
            }
        }
        return nil
    }

    /// An organisation as the subject of an attribution verb ("Esam menar", "hävdar Esams molngrupp att").
    func subjectOrganisation(_ text: String, names: [(Organisations.Organisation, NSRange)]? = nil) -> String? {
        let ns = UTF16Text(text)
        var found: [(String, Int)] = []
        for (org, range) in names ?? organisations.mentions(in: text) where !org.reports {
            let afterStart = range.location + range.length
            let after = ns.substring(with: NSRange(location: afterStart, length: min(60, ns.length - afterStart))).fastLowercased
            let beforeStart = max(0, range.location - 25)
            let before = ns.substring(with: NSRange(location: beforeStart, length: range.location - beforeStart)).fastLowercased
            if Self.verbAfterName.firstMatch(in: after) != nil
                || Self.verbBeforeName.firstMatch(in: before) != nil {
                found.append((org.name, range.location))
            }
        }
        // "X uppgav …, men Y menar …": after a contrast the last holder speaks for the sentence.
        guard let first = found.first else { return nil }
        if let last = found.last, found.count > 1 {
            let between = ns.substring(with: NSRange(location: first.1, length: last.1 - first.1)).fastLowercased
            if Self.contrasts.contains(where: { between.contains($0) }) { return last.0 }
        }
        return first.0
    }

    /// A sentence opening with an organisation ("Men Esam, som …, fortsätter att avråda …") that goes on to an attribution verb.
    func leadingOrganisation(_ text: String, names: [(Organisations.Organisation, NSRange)]? = nil) -> String? {
        let ns = UTF16Text(text)
        guard let (org, range) = (names ?? organisations.mentions(in: text)).first, !org.reports else { return nil }
        let before = ns.substring(to: range.location).trimmingBlanks.fastLowercased
        guard ["", "men", "och", "även", "–", "dessutom", "but", "and", "however,", "also"].contains(before) else { return nil }
        let after = ns.substring(from: range.location + range.length).fastLowercased
        return Self.verbAnywhere.firstMatch(in: after) != nil ? org.name : nil
    }

    /// "I rapporten hänvisar de till EDPB som … preciserat att …": EDPB's claim, reported by the current actor.
    func chainActor(_ text: String, current: Speaker?, lower: Haystack? = nil) -> (Speaker, Speaker?)? {
        let ns = UTF16Text(text)
        guard (lower ?? Haystack(text.fastLowercased)).contains("hänvisar"),
              let m = Self.chain.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        guard let org = organisations.mentions(in: String(Self.window(ns, after: m.range).prefix(80))).last else { return nil }
        return (Speaker(person: nil, org: org.0.name, role: nil), current)
    }

    /// Whether `text` holds at least `n` space-separated words, counted on bytes without splitting.
    static func hasWords(_ text: String, atLeast n: Int) -> Bool {
        var count = 0, inWord = false
        for b in text.utf8 {
            if b == 0x20 { inWord = false } else if !inWord {
                inWord = true
                count += 1
                if count >= n { return true }
            }
        }
        return false
    }

    static func keyHash(_ text: String) -> String {
        var h = ContentHash()
        var normal = TextLayout.collapse(text).fastLowercased
        normal.withUTF8 { h.add(bytes: UnsafeRawBufferPointer($0)) }
        return String(h.hex.prefix(16))
    }
}
