/// Stretches of a text around the spots a pattern needs (a "§", a year): searching only these keeps the
/// regular-expression engine off the rest of a passage.
enum SearchWindows {
    /// `ranges` in order of their starts, with overlapping or touching ones joined.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(r.upperBound, last.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
