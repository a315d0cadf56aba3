import Foundation

/// One cell of a `Table`: text, a rounded number, a signed difference, or a mean ± half-width.
public enum TableCell: Sendable, Equatable, Codable {
    /// Plain text, left-aligned.
    case text(String)
    /// A number shown with `digits` decimals.
    case number(Double, digits: Int)
    /// A signed difference against the baseline, such as `+0.012` or `−0.034`.
    ///
    /// `significant` is nil when there were too few runs to test; when true the cell carries
    /// a `*` marker.
    case delta(Double, digits: Int, significant: Bool?)
    /// A mean with the half-width of its 95% confidence interval, shown `0.812 ± 0.004`.
    case interval(mean: Double, halfWidth: Double, digits: Int)
    /// No value.
    case empty
    /// A value that does not exist (a ratio over an empty group), shown `–`.
    case undefined
    /// A value about a degenerate model, shown with a `!` after it.
    indirect case flagged(TableCell)
    /// A Δ judged by its metric's direction: `better` when the change helps the defender.
    indirect case judged(TableCell, better: Bool)
    /// A value with its unit written after it: `60.7%`, or `−10.7 pp` for a Δ of percentages.
    indirect case suffixed(TableCell, String)

    /// The cell without its flag or judgement.
    public var unflagged: TableCell {
        switch self {
        case .flagged(let inner), .judged(let inner, _), .suffixed(let inner, _): inner.unflagged
        default: self
        }
    }

    /// Whether the cell holds a number (and so is right-aligned).
    public var isNumeric: Bool {
        switch self {
        case .number, .delta, .interval, .undefined: true
        case .text, .empty: false
        case .flagged(let inner), .judged(let inner, _), .suffixed(let inner, _): inner.isNumeric
        }
    }

    /// The significance marker appended to a delta: `*` when significant, else nothing.
    public var marker: String {
        if case .delta(_, _, significant: true) = unflagged { return "*" }
        return ""
    }

    /// The cell as display text, rounded, with a `*` after a significant delta.
    public var displayText: String {
        switch self {
        case .text(let text):
            text
        case .number(let value, let digits):
            Self.format(value, digits: digits)
        case .delta(let value, let digits, _):
            Self.formatSigned(value, digits: digits) + marker
        case .interval(let mean, let halfWidth, let digits):
            Self.format(mean, digits: digits) + " ± "
                + String(format: "%.\(max(0, digits))f", halfWidth)
        case .empty:
            ""
        case .undefined:
            "–"
        case .flagged(let inner):
            inner.displayText + "!"
        case .judged(let inner, _):
            inner.displayText
        case .suffixed(let inner, let suffix):
            String(inner.displayText.dropLast(inner.marker.count)) + suffix + inner.marker
        }
    }

    /// Formats a number with a fixed count of decimals; non-finite values as `nan`, `inf`.
    public static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        // Tiny magnitudes (δ = 1e-5) would print as 0.000: show them in scientific notation.
        if value != 0 && abs(value) < 0.5 * pow(10, -Double(max(0, digits))) {
            return String(format: "%.\(max(0, digits - 1))e", value)
        }
        return String(format: "%.\(max(0, digits))f", value)
    }

    /// Formats a difference with an explicit sign, using `+` and the minus sign `−` (U+2212).
    ///
    /// Always in fixed notation: a difference too small for the shown digits is `+0.000`, so
    /// neither a sign nor an exponent claims more than the digits do.
    public static func formatSigned(_ value: Double, digits: Int) -> String {
        guard !value.isNaN else { return "nan" }
        guard value.isFinite else { return value > 0 ? "+inf" : "−inf" }
        let magnitude = String(format: "%.\(max(0, digits))f", abs(value))
        let roundsToZero = magnitude.allSatisfy { $0 == "0" || $0 == "." }
        return (value < 0 && !roundsToZero ? "−" : "+") + magnitude
    }
}
