import Foundation

/// Number formatting for messages.
enum Format {
    /// `value` with `digits` decimals.
    static func number(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        return String(format: "%.\(digits)f", value)
    }

    /// `count` and the noun, plural unless the count is one: `1 epoch`, `5 epochs`.
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// A byte count as `12.3 MB`.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\(number(value, digits: 1)) \(units[unit])"
    }
}
