/// The charts' one set of font sizes, the estimate of how wide their text is, and the
/// breaking of a label too wide for its column into lines.
///
/// Sizes are pixels at a chart's own size. A report is shown on projectors, read from the
/// back of a room, and on phones, so no chart draws text below `label` (12 px) and the values
/// inside heat-map cells are drawn at `value` (14 px). The width estimate is what the charts
/// lay out their label columns, cells and legends with: an average advance per character of
/// 0.58 em (0.6 em bold). Measured in Chromium over the charts' labels, DejaVu Sans (the usual
/// Linux sans-serif) averages 0.54 em a character (0.61 em bold) and Liberation Sans (Arial's
/// metrics) 0.47 em (0.50 em bold), so the estimate errs wide on either.
public enum ChartText {
    /// A chart's title.
    public static let title = 14.0
    /// A group's heading and an axis's title.
    public static let heading = 13.0
    /// Labels, tick labels, legends and notes: the smallest text any chart draws.
    public static let label = 12.0
    /// A value printed inside a heat-map cell.
    public static let value = 14.0
    /// The distance between the baselines of two lines of `label` text.
    public static let lineHeight = 15.0

    /// Estimated advance of one character, as a fraction of the font size.
    static let advance = 0.58
    static let boldAdvance = 0.6

    /// The estimated width in pixels of `text` drawn at `size`.
    public static func width(_ text: String, size: Double = label, bold: Bool = false) -> Double {
        Double(text.count) * size * (bold ? boldAdvance : advance)
    }

    /// How many characters of `size` text fit in `width` pixels (at least one).
    public static func characters(
        fitting width: Double, size: Double = label, bold: Bool = false
    ) -> Int {
        max(1, Int(width / (size * (bold ? boldAdvance : advance))))
    }

    /// `text` broken into at most `maxLines` lines, each at most `width` pixels wide.
    ///
    /// A label breaks around ` · ` (`backdoor p=1%` / `text`), a metric's name after a `.`
    /// that a letter follows (`backdoor.p=0.2%.` / `success_rate`, never inside `0.2`), other
    /// text at a space, then after `_`, `,`, `×` or `=`: the first kind, in that order, that
    /// leaves a third of a line or more on the line. A word wider than a line is cut, and the
    /// last line ends in `…` when text is left over (the caller keeps the whole in a tooltip).
    public static func lines(
        _ text: String, fitting width: Double, size: Double = label, bold: Bool = false,
        maxLines: Int = 2
    ) -> [String] {
        let fits = characters(fitting: width, size: size, bold: bold)
        var lines: [String] = []
        var rest = Array(text)
        while rest.count > fits {
            if lines.count >= max(1, maxLines) - 1 {
                return lines + [String(rest.prefix(max(1, fits - 1))) + "…"]
            }
            let (end, next) = lineBreak(in: rest, fits: fits)
            lines.append(String(rest[..<end]))
            rest = Array(rest[next...].drop { $0 == " " })
        }
        return lines + [String(rest)]
    }

    /// Where a line of at most `fits` characters of `text` ends and where the next begins.
    static func lineBreak(in text: [Character], fits: Int) -> (end: Int, next: Int) {
        let earliest = max(1, fits / 3)
        let separator = Array(" · ")
        // A ` · ` that starts within the line or just after it: the line ends before it, the
        // next begins after it.
        for start in stride(from: fits, through: earliest, by: -1)
        where start + separator.count <= text.count
            && Array(text[start..<start + separator.count]) == separator
        {
            return (start, start + separator.count)
        }
        // A `.` before a letter, and the marks after the space, stay at the end of their line;
        // a space ends the line before it (it may be the character just after a full line).
        for at in stride(from: fits - 1, through: earliest - 1, by: -1)
        where text[at] == "." && text[at + 1].isLetter {
            return (at + 1, at + 1)
        }
        for at in stride(from: min(fits, text.count - 1), through: earliest, by: -1)
        where text[at] == " " {
            return (at, at + 1)
        }
        for at in stride(from: fits - 1, through: earliest - 1, by: -1)
        where "_,×=".contains(text[at]) {
            return (at + 1, at + 1)
        }
        return (fits, fits)
    }
}
