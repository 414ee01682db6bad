import Foundation

/// The grammar of legal references, as regular expressions compiled once.
enum Patterns {
    static func rx(_ p: String, _ options: Pattern.Options = [.caseInsensitive]) -> Pattern {
        // The patterns are constants of this file; a typo is a programming error caught by the tests.
        try! Pattern(pattern: p, options: options)
    }

    static let L = "\\p{L}"
    static let N = "\\p{N}"

    // MARK: Articles

    /// One article item: 46, 46(2), 46.2, 46(2)(c), 46.2 c, 46.2.c, or a lone (c) continuing the previous item.
    static let item = "\\d{1,3}(?:\\s*\\(\\d{1,2}\\)|\\.\\d{1,2}(?![\(N)]))?(?:\\s*\\((?-i:[a-z])\\)|[\\s.]?(?-i:[a-z])(?![\(L)\(N)]))?"
    static let separator = "\\s*(?:,?\\s*(?:och|and|or|eller|samt|&)|,|–|—|-|to|till)\\s*"
    static let article = rx("(?<![\(L)\(N)])(?:artiklarna|artiklar|artikel|articles|article|art\\.|art)\\s*(?:\(item))(?:\(separator)(?:\(item)|\\((?-i:[a-z])\\)))*")
    static let itemRegex = rx("(\\d{1,3})(?:\\s*\\((\\d{1,2})\\)|\\.(\\d{1,2})(?![\(N)]))?(?:\\s*\\(((?-i:[a-z]))\\)|[\\s.]?((?-i:[a-z]))(?![\(L)\(N)]))?|\\(((?-i:[a-z]))\\)", [])

    struct ArticleItem { var norm: String; var range: NSRange; var isLast: Bool }

    /// The articles a matched span names, with ranges expanded ("44–49" → 44, 45, ... 49).
    static func articleItems(_ surface: String, offset: Int) -> [ArticleItem] {
        let ns = UTF16Text(surface)
        // Skip the leading word ("Article", "artiklarna").
        guard let firstDigit = surface.firstIndex(where: \.isNumber) else { return [] }
        let start = surface.utf16.distance(from: surface.startIndex, to: firstDigit)
        var items: [ArticleItem] = []
        var lastArticle: String? = nil, lastPara: String? = nil
        var previousEnd = start
        var previousNumber: Int? = nil
        for m in itemRegex.matches(in: surface, range: NSRange(location: start, length: ns.length - start)) {
            func g(_ i: Int) -> String? { m.range(at: i).location == NSNotFound ? nil : ns.substring(with: m.range(at: i)) }
            let gap = ns.substring(with: NSRange(location: previousEnd, length: m.range.location - previousEnd)).lowercased()
            var norm: String
            var itemRange = m.range
            if let letterOnly = g(6) {
                guard let a = lastArticle else { continue }
                norm = a + (lastPara.map { "(\($0))" } ?? "") + "(\(letterOnly))"
            } else if let number = g(1) {
                let para = g(2) ?? g(3)
                var letter = g(4) ?? g(5)
                if g(5) != nil && para == nil {
                    // "artikel 46 i ..." — a bare letter only counts after a dotted paragraph ("46.2 c").
                    letter = nil
                    itemRange = NSRange(location: m.range.location, length: number.utf16.count)
                }
                if let prev = previousNumber, let n = Int(number), para == nil,
                   gap.contains("–") || gap.contains("-") || gap.contains("—") || gap.contains("to") || gap.contains("till"),
                   n > prev + 1, n - prev <= 15 {
                    for between in (prev + 1)..<n {
                        items.append(ArticleItem(norm: String(between), range: NSRange(location: offset + m.range.location, length: itemRange.length), isLast: false))
                    }
                }
                norm = number + (para.map { "(\($0))" } ?? "") + (letter.map { "(\($0))" } ?? "")
                lastArticle = number; lastPara = para
                previousNumber = para == nil ? Int(number) : nil
            } else { continue }
            items.append(ArticleItem(norm: norm, range: NSRange(location: offset + itemRange.location, length: itemRange.length), isLast: false))
            previousEnd = m.range.location + m.range.length
        }
        if !items.isEmpty {
            // The first item's surface includes the leading word ("Article 46").
            items[0].range = NSRange(location: offset, length: items[0].range.location + items[0].range.length - offset)
            items[items.count - 1].isLast = true
        }
        return items
    }

    static let actAlternatives = [
        "GDPR", "General Data Protection Regulation", "dataskyddsförordningen", "dataskyddsförordning", "DSF",
        "(?:Regulation|förordning|förordningen)\\s*\\(EU\\)\\s*(?:nr\\s*)?\\d{2,4}/\\d{1,4}",
        "Charter of Fundamental Rights(?: of the European Union)?", "Charter", "EU-stadgan", "rättighetsstadgan", "stadgan",
        "TFEU", "TEU", "EUF-fördraget", "EU-fördraget", "ECHR", "Europakonventionen", "European Convention on Human Rights",
        "(?:Directive|direktiv|direktivet)\\s*\\(E[UGC]\\)\\s*\\d{2,4}/\\d{1,4}", "(?:Directive|direktiv|direktivet)\\s+\\d{2,4}/\\d{1,4}/E[UGCE]{1,2}",
        "ePrivacy Directive", "e-dataskyddsdirektivet", "EU Charter", "Grundrechtecharta",
        // Any other act written as a capitalised abbreviation right after the article ("Art. 8 GRC", "§ 25 TTDSG").
        "(?-i:[A-ZÄÖÜ]{2,8}(?:-[A-ZÄÖÜ]{2,4})?|GRCh|DSGVO)",
    ]
    static let lawAfterArticle = rx("^\\s*(?:,\\s*)?(?:(?:of|in|i|enligt|av|under)\\s+)?(?:the\\s+|EU:s\\s+)?(\(actAlternatives.joined(separator: "|")))(?![\(L)])")
    static let gdprBefore = rx("(?:GDPR|dataskyddsförordningen|dataskyddsförordningens|DSF)(?::s|s)?\\s*,?\\s*$")
    static let gdprMention = rx("(?<![\(L)])(?:GDPR|dataskyddsförordning|General Data Protection Regulation|2016/679)")

    /// The act an article belongs to, in canonical short form.
    static func actName(_ raw: String) -> String {
        // Not `replacingOccurrences(options: .regularExpression)`: on Linux each such call compiles a pattern
        // that is never freed, which grew an ingest by kilobytes per document.
        let s = collapse(raw.lowercased())
        if s.contains("2016/679") || ["gdpr", "dsf", "dsgvo", "ds-gvo", "rgpd", "avg", "gdpr"].contains(s) || s.hasPrefix("general data")
            || s.hasPrefix("dataskyddsförordning") { return "GDPR" }
        if s.contains("charter") || s.contains("stadgan") || ["cfr", "grc", "grch", "cfreu"].contains(s) || s.contains("grundrechte") { return "EU Charter" }
        if s == "tfeu" || s.hasPrefix("euf") { return "TFEU" }
        if s == "teu" || s.hasPrefix("eu-fördraget") { return "TEU" }
        if s == "echr" || s.contains("europakonventionen") || s.contains("convention") { return "ECHR" }
        if s.contains("eprivacy") || s.contains("e-dataskydds") { return "Directive 2002/58/EC" }
        if let m = euAct.firstMatch(in: raw), let n = euActTarget(m, UTF16Text(raw)) { return n.0 }
        return raw
    }

    static let chapter = rx("(?<![\(L)])(?:Chapter|kapitel|kapitlet)\\s+((?-i:[IVX]{1,4}))(?![\(L)\(N)])(\\s+(?:of\\s+the\\s+|i\\s+|in\\s+(?:the\\s+)?)?(?:GDPR|dataskyddsförordningen|General Data Protection Regulation))?")
    static let recital = rx("(?<![\(L)])(?:recitals?|skäl|skälen|beaktandesats(?:en)?)\\s+(\\d{1,3})(?![\(N)])(\\s+(?:of\\s+the\\s+|i\\s+|in\\s+)?(?:GDPR|dataskyddsförordningen))?")

    // MARK: Swedish statutes

    /// The statute's word is searched from its first letter only (the look-behind before the run of letters):
    /// a run begun inside a word matches where the word's start does, and trying it at every letter made the
    /// engine scan each word once per letter.
    static let sfsNumber = rx("(?:(?<![\(L)])SFS\\s*|(?<![\(L)])[\(L)]*(?:lag|lagen|förordning|förordningen|balk|balken)\\s*\\()(\\d{4}:\\d{1,4})\\)?(?:\\s*\\((?:förkortad|förk\\.)\\s+([\(L)]{2,10})\\))?")
    static let section = "\\d{1,3}(?:\\s?(?-i:[a-z])(?![\(L)\(N)]))?"
    static let provision = rx("(?<![\(L)\(N)])(?:(\\d{1,3})\\s*kap\\.?\\s*)?(\(section)(?:\\s*(?:[-–—]|,|och|eller)\\s*\(section))*)\\s*§§?(?:\\s+(första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde|\\d{1,2})\\s*(?:stycket|st\\.))?(?:(?:(?<=stycket)\\s+|\\s*punkt(?:en)?\\s+|\\s+(?=\\d{1,2}\\s*p\\.))(\\d{1,2})(?:\\s*p\\.)?(?![\(N)]|\\s*(?:kap|§)))?(?:\\s+(samma\\s+lag|samma\\s+förordning|denna\\s+lag|denna\\s+förordning))?")
    static let chapterOnly = rx("(?<![\(L)\(N)])(\\d{1,3})\\s*kap\\.(?!\\s*\\d{1,3}\\s*(?:(?-i:[a-z])\\s*)?§)")

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func ordinal(_ s: String) -> String {
        let words = ["första": "1", "andra": "2", "tredje": "3", "fjärde": "4", "femte": "5", "sjätte": "6", "sjunde": "7",
                     "åttonde": "8", "nionde": "9", "tionde": "10"]
        return words[s.lowercased()] ?? s
    }

    // MARK: EU acts by number

    static let euAct = rx("(?<![\(L)])(?:(?:kommissionens\\s+)?(?:genomförande|delegerade\\s+)?(förordning(?:en)?|direktiv(?:et)?|beslut(?:et)?)|(?:Commission\\s+)?(?:Implementing\\s+|Delegated\\s+)?(Regulation|Directive|Decision))\\s*(?:\\((EU|EG|EEG|EC|EEC|Euratom)\\)\\s*)?(?:nr\\.?\\s*|No\\.?\\s*)?(\\d{2,4})/(\\d{1,4})(?:/(EG|EU|EEG|EC|EEC|Euratom))?(?![\(N)])")

    static func euActTarget(_ m: PatternMatch, _ ns: UTF16Text) -> (String, String)? {
        func g(_ i: Int) -> String? { m.range(at: i).location == NSNotFound ? nil : ns.substring(with: m.range(at: i)) }
        let rawType = (g(1) ?? g(2) ?? "").lowercased()
        let type = rawType.hasPrefix("förordning") || rawType == "regulation" ? "Regulation"
            : rawType.hasPrefix("direktiv") || rawType == "directive" ? "Directive" : "Decision"
        func en(_ s: String) -> String { ["EG": "EC", "EEG": "EEC"][s.uppercased()] ?? s.uppercased() }
        guard let a = g(4), let b = g(5) else { return nil }
        if let prefix = g(3) { return ("\(type) (\(en(prefix))) \(a)/\(b)", "\(type) (\(en(prefix))) \(a)/\(b)") }
        if let suffix = g(6) { return ("\(type) \(a)/\(b)/\(en(suffix))", "\(type) \(a)/\(b)/\(en(suffix))") }
        // "direktiv 95/46" with no institution named: still the act, by number.
        return ("\(type) \(a)/\(b)", "\(type) \(a)/\(b)")
    }

    /// Compiles every pattern now rather than on first use: a caller can have it done on another core while
    /// it loads data files, and a one-document refresh then waits for none of it.
    static func compileAll() {
        let compiled = [article, itemRegex, lawAfterArticle, gdprBefore, gdprMention, chapter, recital, sfsNumber, provision, chapterOnly, euAct]
        _ = compiled.count + simpleRules.count
    }

    // MARK: One-shape sources

    struct Rule: Sendable {
        var kind: LegalReference.Kind
        var regex: Pattern
        var priority: Int
        var normalise: @Sendable (PatternMatch, UTF16Text) -> (String, String)?
        /// Most sources carry a number; a passage without digits skips those rules.
        var needsDigit: Bool { kind != .usLaw }
        /// Lower-case words one of which the passage must contain before the pattern is tried.
        var triggers: [String] = []
    }

    /// Where a rule can match: spots every one of its matches holds (found on the passage's UTF-16 units),
    /// and how far a match reaches before and after a spot, in units, with room to spare on
    /// white-space-normalised text. The rule is searched only in those windows.
    struct Spot: Sendable {
        var find: @Sendable (PassageUnits) -> [Int]
        var before: Int
        var after: Int
        /// Every match begins at a spot: the pattern is tried there alone, one position each.
        var starts: Bool { before == 0 }

        init(find: @escaping @Sendable (PassageUnits) -> [Int], before: Int, after: Int) {
            self.find = find; self.before = before; self.after = after
        }
        /// A rule whose every match begins with one of `words`, at the start of a word (its pattern opens with
        /// a look-behind for no letter) unless `inWords`.
        static func starting(with words: [String], inWords: Bool = false) -> Spot {
            Spot(find: { u in u.occurrences(of: words).filter { inWords || !u.letterBefore($0) } }, before: 0, after: 0)
        }

        /// The rule's matches in a passage.
        func matches(_ regex: Pattern, in units: PassageUnits) -> [PatternMatch] {
            starts ? units.matches(regex, startingAt: find(units)) : units.matches(regex, near: find(units), before: before, after: after)
        }
    }

    /// One per rule in `simpleRules` (same order).
    static let ruleSpots: [Spot] = [
        // mål C-311/18: a "/" after one to four digits and a dash, two digits after it
        Spot(find: { $0.slashes(digitsBefore: 1...4, digitsAfter: 2...2, dashBefore: true) }, before: 60, after: 16),
        .starting(with: ["ecli"], inWords: true),
        // CELEX 32016R0679: four or more digits and a capital
        Spot(find: { $0.digitRunsBeforeCapital(atLeast: 4) }, before: 40, after: 16),
        // EDPB:s rekommendationer 01/2020 ... version 2.0
        Spot(find: { $0.slashes(digitsBefore: 1...2, digitsAfter: 4...4) }, before: 90, after: 200),
        .starting(with: ["wp"]),
        .starting(with: ["prop"]),
        .starting(with: ["sou", "ds"]),
        .starting(with: ["bet", "rskr", "dir"]),
        .starting(with: ["nja"]),
        // HFD 2018 ref. 21: four digits after a capital
        Spot(find: { $0.yearsAfterCapital() }, before: 12, after: 24),
        .starting(with: ["di-", "imy-"]),
        .starting(with: ["dnr", "diarie", "diary", "ärende", "reg."]),
        .starting(with: ["fisa"]),
        .starting(with: ["section", "sektion", "avsnitt"]),
        .starting(with: ["cloud"]),
        .starting(with: ["eo", "e.o", "executive", "exekutiv", "presidentorder"]),
        .starting(with: ["ppd"]),
        // kommissionens genomförandeförordning (EU) 2021/914: two to four digits, "/", one to four
        Spot(find: { $0.slashes(digitsBefore: 2...4, digitsAfter: 1...4) }, before: 90, after: 24),
    ]

    static func group(_ m: PatternMatch, _ ns: UTF16Text, _ i: Int) -> String? {
        m.range(at: i).location == NSNotFound ? nil : ns.substring(with: m.range(at: i))
    }

    /// Cheap pre-checks, one list per rule in `simpleRules` (same order): a passage without any of these words skips the rule.
    static let ruleTriggers: [[String]] = [
        ["/"], ["ecli"], [], ["/"], ["wp"], ["prop"], ["sou", "ds"], ["bet.", "rskr", "dir."], ["nja"], [],
        ["di-", "imy-"], ["dnr", "diarie", "diary", "ärende", "reg."], ["fisa"], ["702"], ["cloud"],
        ["eo", "e.o", "executive", "exekutiv", "presidentorder"], ["ppd"], ["/"],
    ]

    /// The longest run of digits each rule in `simpleRules` needs (same order): "SOU 2018:218" needs four, a
    /// CELEX number or "EO 12333" five. A passage without such a run skips the rule.
    static let ruleDigitRuns: [Int] = [2, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 2, 0, 3, 0, 5, 2, 2]

    /// Every rule's trigger words in one set, with the rule each belongs to.
    static let triggerSet = NeedleSet(ruleTriggers.flatMap { $0 })
    static let triggerRule: [Int] = ruleTriggers.enumerated().flatMap { i, t in t.map { _ in i } }

    /// Whether each rule of `simpleRules` may match: it has no triggers or the passage holds one of them.
    static func triggeredRules(_ lower: Haystack) -> [Bool] {
        var out = (0..<simpleRules.count).map { $0 >= ruleTriggers.count || ruleTriggers[$0].isEmpty }
        for (k, hit) in triggerSet.occurrences(in: lower).enumerated() where hit { out[triggerRule[k]] = true }
        return out
    }

    static let simpleRules: [Rule] = [
        Rule(kind: .euCase, regex: rx("(?<![\(L)\(N)])(?:(?:mål|målet|case|cases|case no\\.?|mål nr\\.?)\\s+)?((?-i:[CT]))\\s?[-‑–]\\s?(\\d{1,4})/(\\d{2})(?:\\s+((?-i:P)))?(?![\(N)])"), priority: 2) { m, ns in
            let t = "CJEU \(group(m, ns, 1)!)-\(group(m, ns, 2)!)/\(group(m, ns, 3)!)" + (group(m, ns, 4).map { " \($0)" } ?? "")
            return (t, t)
        },
        Rule(kind: .ecli, regex: rx("ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\\d{4}:[0-9A-Za-z.]{1,25}(?<!\\.)", []), priority: 2) { m, ns in
            let t = ns.substring(with: m.range); return (t, t)
        },
        Rule(kind: .celex, regex: rx("(?:CELEX(?:\\s*(?:nr|number|no\\.?))?:?\\s*([1-9CE]\\d{4}[A-Z]{1,2}\\d{4})|(?<![\(L)\(N)])([36]\\d{4}(?:R|L|D|H|J|C|O|PC)\\d{4}))(?![\(N)])", []), priority: 2) { m, ns in
            let t = "CELEX \(group(m, ns, 1) ?? group(m, ns, 2)!)"; return (t, t)
        },
        Rule(kind: .edpb, regex: rx("(?<![\(L)])(?:(EDPB(?::s|s)?|WP29|Article 29 Working Party|Artikel 29-gruppen(?:s)?|Europeiska dataskyddsstyrelsen(?:s)?)\\s+)?(recommendations?|guidelines|opinion|statement|rekommendation(?:er|erna)?|riktlinjer(?:na)?|yttrande(?:t)?|uttalande(?:t)?)\\s+(?:nr\\.?\\s*|no\\.?\\s*)?(\\d{1,2})/(\\d{4})(?![\(N)])(?:[^.\\n]{0,160}?(?:version|v\\.?)\\s*(\\d+\\.\\d+))?"), priority: 2) { m, ns in
            let raw = group(m, ns, 2)!.lowercased()
            let type = raw.hasPrefix("recommendation") || raw.hasPrefix("rekommendation") ? "Recommendations"
                : raw.hasPrefix("guideline") || raw.hasPrefix("riktlinje") ? "Guidelines"
                : raw.hasPrefix("opinion") || raw.hasPrefix("yttrande") ? "Opinion" : "Statement"
            let body = (group(m, ns, 1) ?? "").uppercased().hasPrefix("WP29") || (group(m, ns, 1) ?? "").lowercased().contains("29") ? "WP29" : "EDPB"
            if group(m, ns, 1) == nil && (type == "Opinion" || type == "Statement") { return nil }
            let number = String(format: "%02d", Int(group(m, ns, 3)!) ?? 0)
            let t = "\(body) \(type) \(number)/\(group(m, ns, 4)!)"
            return (t, t + (group(m, ns, 5).map { " (version \($0))" } ?? ""))
        },
        Rule(kind: .edpb, regex: rx("(?<![\(L)])WP\\s?(\\d{2,3})(?![\(N)])(?:\\s*rev\\.?\\s*(\\d{2}))?", []), priority: 1) { m, ns in
            let t = "WP29 WP\(group(m, ns, 1)!)" + (group(m, ns, 2).map { " rev.\($0)" } ?? ""); return (t, t)
        },
        Rule(kind: .preparatory, regex: rx("(?<![\(L)])prop\\.\\s*(\\d{4}/\\d{2,4}):(\\d{1,4})(?:\\s*s\\.\\s*(\\d{1,4}(?:\\s*f{1,2}\\.?)?))?"), priority: 2) { m, ns in
            let t = "prop. \(group(m, ns, 1)!):\(group(m, ns, 2)!)"; return (t, t + (group(m, ns, 3).map { " s. \($0)" } ?? ""))
        },
        Rule(kind: .preparatory, regex: rx("(?<![\(L)])(SOU|Ds)\\s*(\\d{4}):(\\d{1,3})(?![\(N)])(?:\\s*s\\.\\s*(\\d{1,4}(?:\\s*f{1,2}\\.?)?))?", []), priority: 2) { m, ns in
            let t = "\(group(m, ns, 1)!) \(group(m, ns, 2)!):\(group(m, ns, 3)!)"; return (t, t + (group(m, ns, 4).map { " s. \($0)" } ?? ""))
        },
        Rule(kind: .preparatory, regex: rx("(?<![\(L)])(bet|rskr|dir)\\.\\s*(\\d{4}(?:/\\d{2})?):((?-i:[A-ZÅÄÖ]{1,4}[a-zåäö]{0,2})?\\d{1,4})(?![\(N)])"), priority: 2) { m, ns in
            let t = "\(group(m, ns, 1)!.lowercased()). \(group(m, ns, 2)!):\(group(m, ns, 3)!)"; return (t, t)
        },
        Rule(kind: .swedishCase, regex: rx("(?<![\(L)])NJA\\s*(\\d{4})\\s*s\\.\\s*(\\d{1,4})(?![\(N)])", []), priority: 2) { m, ns in
            let t = "NJA \(group(m, ns, 1)!) s. \(group(m, ns, 2)!)"; return (t, t)
        },
        Rule(kind: .swedishCase, regex: rx("(?<![\(L)])(RÅ|HFD|RH|AD|MD|MÖD|MIG|FÖD|RK)\\s*(\\d{4})\\s*(ref\\.|ref|nr|not|:)\\s*(\\d{1,4})(?![\(N)])", []), priority: 2) { m, ns in
            let sep = group(m, ns, 3)!
            let t = "\(group(m, ns, 1)!) \(group(m, ns, 2)!)\(sep == ":" ? ":" : " \(sep.hasPrefix("ref") ? "ref." : sep) ")\(group(m, ns, 4)!)"; return (t, t)
        },
        Rule(kind: .diary, regex: rx("(?<![\(L)\(N)])((?-i:DI|IMY))-(\\d{4})-(\\d{1,6})(?![\(N)])"), priority: 3) { m, ns in
            let t = "\(group(m, ns, 1)!.uppercased())-\(group(m, ns, 2)!)-\(group(m, ns, 3)!)"; return (t, "IMY \(t)")
        },
        Rule(kind: .diary, regex: rx("(?<![\(L)])(?:dnr|diarienummer|diarienr|diary number|diary no\\.?|ärendenummer|ärende nr|reg\\.\\s*nr)\\.?:?\\s*((?:(?-i:[A-ZÅÄÖ]{1,6})[ -]?)?\\d{2,4}[-/:.]\\d{1,6}(?:[-/:.]\\d{1,6})?)(?![\(N)])"), priority: 2) { m, ns in
            let t = "Dnr \(collapse(group(m, ns, 1)!))"; return (t, t)
        },
        Rule(kind: .usLaw, regex: rx("(?<![\(L)])FISA(?:\\s*[-‑]?\\s*(?:(?:section|sektion|avsnitt|§)\\s*)?(702))?(?![\(L)\(N)])"), priority: 2) { m, ns in
            group(m, ns, 1) != nil ? ("US FISA § 702", "FISA section 702") : ("US FISA", "Foreign Intelligence Surveillance Act")
        },
        Rule(kind: .usLaw, regex: rx("(?<![\(L)])(?:section|sektion|avsnitt)\\s+702(?![\(N)])"), priority: 1) { _, _ in ("US FISA § 702", "FISA section 702") },
        Rule(kind: .usLaw, regex: rx("(?<![\(L)])CLOUD[\\s-]Act(?![\(L)])"), priority: 2) { _, _ in ("US CLOUD Act", "CLOUD Act") },
        Rule(kind: .usLaw, regex: rx("(?<![\(L)])(?:EO|E\\.O\\.|Executive Order|exekutiva? order|presidentorder(?:n)?)\\s*(?:nr\\.?\\s*|no\\.?\\s*)?(\\d{5})(?![\(N)])"), priority: 2) { m, ns in
            let t = "US EO \(group(m, ns, 1)!)"; return (t, "Executive Order \(group(m, ns, 1)!)")
        },
        Rule(kind: .usLaw, regex: rx("(?<![\(L)])PPD[\\s-]?28(?![\(N)])"), priority: 2) { _, _ in ("US PPD-28", "Presidential Policy Directive 28") },
        Rule(kind: .euAct, regex: euAct, priority: 2) { m, ns in euActTarget(m, ns) },
    ]
}
