import Foundation

/// A legal reference found in a passage: what it points to, in canonical form, and exactly which text was read.
public struct LegalReference: Sendable, Equatable, Codable {
    /// The families of legal sources kb recognises.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case gdpr, euAct = "eu-act", euCase = "cjeu", ecli, celex, edpb, statute = "sfs", provision = "sfs-provision",
             swedishCase = "swedish-case", preparatory = "preparatory-work", diary = "diary-number", usLaw = "us-law", treaty
    }
    public var target: String
    public var kind: Kind
    public var label: String
    /// The text as written in the passage.
    public var surface: String
    /// Unicode scalar offsets of `surface` in the passage text.
    public var start: Int
    public var end: Int
}

/// Finds references to GDPR articles, EU acts, CJEU cases, EDPB documents, Swedish statutes and
/// provisions, preparatory works, diary numbers and US surveillance law, as a grammar of general
/// patterns rather than a list of strings.
public struct ReferenceExtractor: Sendable {
    let sources: LegalSources
    let statuteNames: PhraseMatcher
    let caseNames: PhraseMatcher
    let actNames: PhraseMatcher
    let caseTargets: [String]
    let actTargets: [String]

    /// Words one of which a passage needs before Swedish provisions, or GDPR chapters and recitals, are sought.
    static let statuteWords = NeedleSet(["§", "kap", "sfs", "lag", "förordning", "balk"])
    static let chapterWords = NeedleSet(["chapter", "kapitel", "recital", "skäl", "beaktandesats"])
    /// One of these, lower-cased, is in every match of `Patterns.gdprMention`.
    static let gdprWords = NeedleSet(["gdpr", "dataskyddsförordning", "general data protection regulation", "2016/679"])

    /// Compiles the reference grammar ahead of the first passage (see `Patterns.compileAll`).
    public static func compilePatterns() { Patterns.compileAll() }

    public init(sources: LegalSources) {
        self.sources = sources
        var statutePhrases: [(text: String, caseSensitive: Bool, genitive: Bool, value: Int)] = []
        for (i, s) in sources.statutes.enumerated() {
            for n in s.names { statutePhrases.append((n, false, true, i)) }
            for a in s.abbreviations { statutePhrases.append((a, true, false, i)) }
        }
        statuteNames = PhraseMatcher(statutePhrases)
        caseTargets = sources.cases.map(\.target)
        caseNames = PhraseMatcher(sources.cases.enumerated().flatMap { i, c in c.names.map { ($0, false, false, i) } })
        actTargets = sources.euActs.map(\.target)
        actNames = PhraseMatcher(sources.euActs.enumerated().flatMap { i, a in a.names.map { ($0, $0 == $0.uppercased(), true, i) } })
    }

    /// What a document is about, read once over all its passages, to resolve bare and short references.
    public struct DocumentContext: Sendable {
        /// The statute the text mostly speaks of: a bare "5 §" refers to it.
        public var mainStatute: LegalSources.Statute?
        /// Whether the document is about the GDPR, so a bare "artikel 28" is a GDPR article.
        public var aboutGDPR = false
        /// The last statute named, for "samma lag".
        public var lastStatute: LegalSources.Statute?
        /// Statutes the document introduced itself ("lagen (2019:123) om ..., LXY").
        public var defined: [String: LegalSources.Statute] = [:]
        public init() {}
    }

    public func context(for texts: [String]) -> DocumentContext { context(for: texts.map(PhraseMatcher.Words.init)) }

    /// As `context(for:)`, on passages already split into words (shared with `extract`).
    public func context(for passages: [PhraseMatcher.Words]) -> DocumentContext {
        var ctx = DocumentContext()
        var counts: [String: (LegalSources.Statute, Int)] = [:]
        for words in passages {
            let text = words.text
            for m in statuteNames.matches(in: words) {
                let s = sources.statutes[m.value]
                counts[s.sfs, default: (s, 0)].1 += 1
            }
            if !ctx.aboutGDPR, Self.gdprWords.containsAny(inAnyCase: text),
               Patterns.gdprMention.firstMatch(in: text) != nil {
                ctx.aboutGDPR = true
            }
        }
        ctx.mainStatute = counts.values.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.sfs > $1.0.sfs }?.0
        return ctx
    }

    func statute(named raw: String) -> LegalSources.Statute? {
        guard let m = statuteNames.matches(in: raw).first, m.range.location == 0 else { return nil }
        return sources.statutes[m.value]
    }

    /// References in one passage, in text order, without overlaps.
    public func extract(_ text: String, context ctx: inout DocumentContext) -> [LegalReference] {
        extract(PhraseMatcher.Words(text), context: &ctx)
    }

    /// As `extract(_:context:)`, on a passage already split into words.
    public func extract(_ words: PhraseMatcher.Words, context ctx: inout DocumentContext) -> [LegalReference] {
        let text = words.text
        guard text.utf8.count >= 2 else { return [] }
        let ns = UTF16Text(text)
        var found: [Candidate] = []
        func add(_ range: NSRange, _ target: String, _ kind: LegalReference.Kind, _ label: String? = nil, priority: Int = 1) {
            found.append(Candidate(range: range, target: target, kind: kind, label: label ?? target, priority: priority))
        }
        let lower = Haystack(text.fastLowercased)
        let hasDigit = lower.hasDigit
        let units = LazyUnits(ns)
        if hasDigit {
            if lower.contains("art") { gdprArticles(text, ns, units.value, &ctx, add) }
            if Self.statuteWords.containsAny(in: lower) { swedishProvisions(text, ns, units.value, &ctx, add, hay: lower) }
        }
        if Self.chapterWords.containsAny(in: lower) { gdprChapters(units.value, ns, &ctx, add) }
        simple(text, ns, units, hasDigit: hasDigit, lower: lower, add)
        namedSources(words, ns, &ctx, add)

        // Longest and most specific first; drop anything overlapping what was kept.
        found.sort { ($0.priority, $0.range.length, -$0.range.location) > ($1.priority, $1.range.length, -$1.range.location) }
        var kept: [Candidate] = []
        for c in found where !kept.contains(where: { NSIntersectionRange($0.range, c.range).length > 0 && !($0.range == c.range && $0.target != c.target && $0.allowsSiblings) }) {
            kept.append(c)
        }
        guard !kept.isEmpty else { return [] }
        kept.sort { ($0.range.location, $0.target) < ($1.range.location, $1.target) }
        let offsets = ScalarOffsets(text)
        return kept.map { c in
            LegalReference(target: c.target, kind: c.kind, label: c.label, surface: ns.substring(with: c.range),
                           start: offsets.scalar(c.range.location), end: offsets.scalar(c.range.location + c.range.length))
        }
    }

    struct Candidate {
        var range: NSRange
        var target: String
        var kind: LegalReference.Kind
        var label: String
        var priority: Int
        /// Expanded intervals ("artiklarna 44–49") share one surface.
        var allowsSiblings: Bool { kind == .gdpr || kind == .treaty }
    }

    typealias Add = (NSRange, String, LegalReference.Kind, String?, Int) -> Void

    // MARK: GDPR and other EU articles

    private func gdprArticles(_ text: String, _ ns: UTF16Text, _ units: PassageUnits, _ ctx: inout DocumentContext, _ add: (NSRange, String, LegalReference.Kind, String?, Int) -> Void) {
        // Every match begins with "art" ("artikel", "Article", "art."): tried there only, however long its list.
        for m in units.matches(Patterns.article, startingAt: units.occurrences(of: "art").filter { !units.letterBefore($0) }) {
            
            // Which act: named after ("Article 9 of the GDPR", "art. 47 of the Charter"), before ("dataskyddsförordningen artikel 44"), or the document's.
            let after = NSRange(location: m.range.location + m.range.length, length: min(90, ns.length - m.range.location - m.range.length))
            let before = NSRange(location: max(0, m.range.location - 40), length: min(40, m.range.location))
            var act: String? = nil
            var lawRange: NSRange? = nil
            var lawBefore: NSRange? = nil
            if let l = Patterns.lawAfterArticle.firstMatch(in: units.units, range: after) {
                act = Patterns.actName(ns.substring(with: l.range(at: 1)))
                lawRange = l.range
            } else if let b = Patterns.gdprBefore.firstMatch(in: units.units, range: before) {
                act = "GDPR"
                lawBefore = b.range
            } else if ctx.aboutGDPR {
                act = "GDPR"
            }
            guard let act else { continue }
            let items = Patterns.articleItems(ns.substring(with: m.range), offset: m.range.location)
            for item in items {
                var range = item.range
                if let lawRange, let last = items.last, item.range.location == last.range.location { range = NSUnionRange(range, lawRange) }
                if let lawBefore, item.range.location == m.range.location { range = NSUnionRange(range, lawBefore) }
                let kind: LegalReference.Kind = act == "GDPR" ? .gdpr : .treaty
                let label = act == "GDPR" ? "GDPR article \(item.norm)" : "\(act) article \(item.norm)"
                add(range, "\(act) art. \(item.norm)", kind, label, 3)
            }
        }
    }

    private func gdprChapters(_ units: PassageUnits, _ ns: UTF16Text, _ ctx: inout DocumentContext, _ add: (NSRange, String, LegalReference.Kind, String?, Int) -> Void) {
        let full = NSRange(location: 0, length: units.units.count)
        for pattern in [Patterns.chapter, Patterns.recital] {
            for m in pattern.matches(in: units.units, range: full) {
                
                let explicit = m.range(at: 2).location != NSNotFound
                guard explicit || ctx.aboutGDPR else { continue }
                let value = ns.substring(with: m.range(at: 1)).uppercased()
                let isChapter = pattern === Patterns.chapter
                add(m.range, isChapter ? "GDPR chapter \(value)" : "GDPR recital \(value)", .gdpr,
                    isChapter ? "GDPR chapter \(value)" : "GDPR recital \(value)", 2)
            }
        }
    }

    // MARK: Swedish statutes

    private func swedishProvisions(_ text: String, _ ns: UTF16Text, _ units: PassageUnits, _ ctx: inout DocumentContext, _ add: (NSRange, String, LegalReference.Kind, String?, Int) -> Void, hay: Haystack) {
        // Statutes introduced with their SFS number: "lagen (2019:123) om ...", "SFS 2018:218".
        for m in hay.hasYearNumber ? Self.sfsNumbers(in: units) : [] {
            
            let sfs = ns.substring(with: m.range(at: 1))
            let known = sources.statutes.first { $0.sfs == sfs }
            let statute = known ?? LegalSources.Statute(sfs: sfs, label: "SFS \(sfs)", names: [], abbreviations: [])
            ctx.lastStatute = statute
            if m.range(at: 2).location != NSNotFound { ctx.defined[ns.substring(with: m.range(at: 2))] = statute }
            add(m.range, statute.target, .statute, statute.label == statute.target ? statute.target : "\(statute.label) (\(sfs))", 2)
        }
        // A provision always has a section sign; a chapter alone is written "N kap.". "kap" by itself is in
        // every "skapa" and "kapacitet".
        for m in hay.contains("§") ? Self.provisions(in: units) : [] {
            
            var range = m.range
            let chapter = m.range(at: 1).location != NSNotFound ? ns.substring(with: m.range(at: 1)) : nil
            let sections = Patterns.collapse(ns.substring(with: m.range(at: 2)))
            var statute: LegalSources.Statute? = nil
            let lawGroup = m.range(at: 5)
            var lawText = ""
            if lawGroup.location != NSNotFound {
                lawText = ns.substring(with: lawGroup)
                let lower = lawText.fastLowercased
                if lower.hasPrefix("samma") { statute = ctx.lastStatute }
                else if lower.hasPrefix("denna") { statute = ctx.mainStatute }
                else { statute = self.statute(named: lawText) ?? ctx.defined[lawText] }
                if statute == nil { range = NSRange(location: m.range.location, length: lawGroup.location - m.range.location) }
            }
            if statute == nil, let s = nextStatute(text, ns, after: range) {
                statute = s.0
                range = NSUnionRange(range, s.1)
            }
            let resolved = statute ?? ctx.mainStatute
            if let s = statute { ctx.lastStatute = s }
            var norm = ""
            if let chapter { norm += "\(chapter) kap. " }
            norm += sections.contains(where: { $0 == "-" || $0 == "–" || $0 == "," }) || sections.contains(" och ")
                ? "\(sections.replacingOccurrences(of: "-", with: "–")) §§" : "\(sections) §"
            if m.range(at: 3).location != NSNotFound { norm += " \(Patterns.ordinal(ns.substring(with: m.range(at: 3)))) st." }
            if m.range(at: 4).location != NSNotFound { norm += " \(ns.substring(with: m.range(at: 4))) p." }
            if let resolved {
                add(range, "\(resolved.target) \(norm)", .provision, "\(resolved.label) \(norm)", 3)
            } else {
                add(range, norm, .provision, "\(norm) (statute not named)", 3)
            }
        }
        for m in hay.contains("kap.") ? Self.chapters(in: units) : [] {
            guard let s = nextStatute(text, ns, after: NSRange(location: m.range.location, length: m.range(at: 1).location + m.range(at: 1).length - m.range.location)) else { continue }
            let chapter = ns.substring(with: m.range(at: 1))
            add(NSUnionRange(m.range(at: 0), s.1), "\(s.0.target) \(chapter) kap.", .provision, "\(s.0.label) \(chapter) kap.", 2)
        }
    }

    /// Provisions, searched only near each section sign: the pattern starts with a look-behind that the
    /// regular-expression engine would otherwise try at every position of the passage.
    static func provisions(in units: PassageUnits) -> [PatternMatch] {
        units.matches(Patterns.provision, near: units.offsets(of: 0xA7), before: 100, after: 120)
    }

    /// Chapters named alone ("5 kap."), searched only near each "kap.".
    static func chapters(in units: PassageUnits) -> [PatternMatch] {
        units.matches(Patterns.chapterOnly, near: units.occurrences(of: "kap."), before: 12, after: 40)
    }

    /// Statutes with their SFS number ("lagen (2018:218)"), searched only near each number of that shape.
    /// A match begins either with "SFS" or with the word before "(2018:218)" (a word ending in "lag",
    /// "förordning", "balk"...), so the pattern is tried at those starts alone.
    static func sfsNumbers(in units: PassageUnits) -> [PatternMatch] {
        let u = units.units
        var starts = units.occurrences(of: "sfs").filter { !units.letterBefore($0) }
        for i in units.offsets(of: 0x3A) where i >= 5 && i + 1 < u.count && units.digits(endingAt: i) == 4 && PassageUnits.isDigit(u[i + 1]) {
            var k = i - 5   // the "(" before the year
            guard u[k] == 0x28 else { continue }
            while k > 0 && PassageUnits.isBlank(u[k - 1]) { k -= 1 }
            guard units.letterBefore(k) else { continue }
            while units.letterBefore(k) { k -= 1 }
            starts.append(k)
        }
        return units.matches(Patterns.sfsNumber, startingAt: starts.sorted())
    }

    /// A statute name right after a provision ("16 kap. 9 § brottsbalken", "21 kap. 7 § OSL").
    private func nextStatute(_ text: String, _ ns: UTF16Text, after range: NSRange) -> (LegalSources.Statute, NSRange)? {
        let start = range.location + range.length
        let length = min(80, ns.length - start)
        guard length > 0 else { return nil }
        let window = ns.substring(with: NSRange(location: start, length: length))
        guard let m = statuteNames.matches(in: window).first else { return nil }
        let gap = UTF16Text(window).substring(to: m.range.location).trimmingCharacters(in: CharacterSet(charactersIn: " ,\t\n\u{00A0}"))
        guard gap.isEmpty || ["i", "enligt", "av"].contains(gap) else { return nil }
        return (sources.statutes[m.value], NSRange(location: start, length: m.range.location + m.range.length))
    }

    // MARK: Numbered sources with one fixed shape each

    private func simple(_ text: String, _ ns: UTF16Text, _ units: LazyUnits, hasDigit: Bool, lower: Haystack, _ add: (NSRange, String, LegalReference.Kind, String?, Int) -> Void) {
        let digitRun = hasDigit ? lower.longestDigitRun : 0
        let triggered = Patterns.triggeredRules(lower)
        var whole: Bool? = nil
        for (i, rule) in Patterns.simpleRules.enumerated() where hasDigit || !rule.needsDigit {
            guard i >= Patterns.ruleDigitRuns.count || digitRun >= Patterns.ruleDigitRuns[i] else { continue }
            guard triggered[i] else { continue }
            let u = units.value
            if whole == nil { whole = u.needsWholeText }
            let spot = Patterns.ruleSpots[i]
            let found = whole == true ? rule.regex.matches(in: u.units, range: NSRange(location: 0, length: u.units.count))
                : spot.matches(rule.regex, in: u)
            for m in found {
                guard let (target, label) = rule.normalise(m, ns) else { continue }
                add(m.range, target, rule.kind, label, rule.priority)
            }
        }
    }

    // MARK: Sources known by name

    private func namedSources(_ words: PhraseMatcher.Words, _ ns: UTF16Text, _ ctx: inout DocumentContext, _ add: (NSRange, String, LegalReference.Kind, String?, Int) -> Void) {
        for m in caseNames.matches(in: words) {
            add(m.range, caseTargets[m.value], .euCase, "\(caseTargets[m.value]) (\(ns.substring(with: m.range)))", 1)
        }
        for m in actNames.matches(in: words) {
            add(m.range, actTargets[m.value], .euAct, actTargets[m.value], 0)
        }
        for m in statuteNames.matches(in: words) {
            let s = sources.statutes[m.value]
            ctx.lastStatute = s
            add(m.range, s.target, .statute, "\(s.label) (\(s.sfs))", 1)
        }
    }
}

/// A passage's units for the spot finders, made when a pattern first needs them (from its text's units).
final class LazyUnits {
    let text: UTF16Text
    lazy var value = PassageUnits(text.string, units: text.units)
    init(_ text: UTF16Text) { self.text = text }
}

/// Converts UTF-16 offsets (NSString) to Unicode scalar offsets, which tools in other languages count.
struct ScalarOffsets {
    /// Empty when every scalar is one unit (no scalar beyond U+FFFF): then the offsets are the same.
    private var map: [Int] = []
    init(_ text: String) {
        var copy = text
        let beyondBMP = copy.withUTF8 { $0.contains { $0 >= 0xF0 } }
        guard beyondBMP else { return }
        var scalarIndex = 0
        for scalar in text.unicodeScalars {
            map.append(scalarIndex)
            if scalar.value > 0xFFFF { map.append(scalarIndex) }
            scalarIndex += 1
        }
        map.append(scalarIndex)
    }
    func scalar(_ utf16: Int) -> Int {
        guard !map.isEmpty else { return utf16 }
        return utf16 < map.count ? map[utf16] : (map.last ?? 0)
    }
}
