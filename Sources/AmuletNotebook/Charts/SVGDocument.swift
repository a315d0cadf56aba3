import Foundation

/// An SVG image built element by element, written as text with no plotting dependency.
///
/// Coordinates are in pixels from the top-left corner and are written with two decimals, so
/// the same chart always gives the same bytes. Text is escaped for XML. The root element
/// carries `class` (for the report's tests and styles), `role="img"` and a `<title>` so screen
/// readers and browsers name the chart.
public struct SVGDocument: Sendable, Equatable {
    /// Width in pixels.
    public var width: Double
    /// Height in pixels.
    public var height: Double
    /// The chart's name, written as `<title>`.
    public var title: String
    /// The class of the root element, such as `chart roc-chart`.
    public var className: String
    /// The elements, in drawing order.
    public private(set) var elements: [String] = []

    /// An empty image.
    public init(width: Double, height: Double, title: String, className: String) {
        self.width = width
        self.height = height
        self.title = title
        self.className = className
    }

    /// A straight line, optionally dashed (`dash` such as `4 3`) and named by `className`.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil, className: String? = nil
    ) {
        var element =
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
            + "y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
        if let dash { element += " stroke-dasharray=\"\(dash)\"" }
        if let className { element += " class=\"\(Self.escape(className))\"" }
        elements.append(element + "/>")
    }

    /// A filled rectangle; `className` names it for styles and tests.
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        className: String? = nil, tooltip: String? = nil
    ) {
        var element =
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" "
            + "height=\"\(Self.number(height))\" fill=\"\(fill)\""
        if let className { element += " class=\"\(Self.escape(className))\"" }
        if let tooltip {
            elements.append(element + "><title>\(Self.escape(tooltip))</title></rect>")
        } else {
            elements.append(element + "/>")
        }
    }

    /// A polyline through `points`, unfilled.
    public mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2,
        dash: String? = nil, className: String? = nil
    ) {
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(
            separator: " ")
        var element =
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\""
        if let dash { element += " stroke-dasharray=\"\(dash)\"" }
        if let className { element += " class=\"\(Self.escape(className))\"" }
        elements.append(element + "/>")
    }

    /// A filled circle, optionally outlined; `className` names it for styles and tests and
    /// `tooltip` is shown on hover.
    public mutating func circle(
        x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil,
        className: String? = nil, tooltip: String? = nil
    ) {
        var element =
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" "
            + "fill=\"\(fill)\""
        if let stroke { element += " stroke=\"\(stroke)\" stroke-width=\"1.5\"" }
        if let className { element += " class=\"\(Self.escape(className))\"" }
        if let tooltip {
            elements.append(element + "><title>\(Self.escape(tooltip))</title></circle>")
        } else {
            elements.append(element + "/>")
        }
    }

    /// How text is anchored horizontally at its x coordinate.
    public enum Anchor: String, Sendable {
        /// x is the left end.
        case start
        /// x is the centre.
        case middle
        /// x is the right end.
        case end
    }

    /// A line of text with its baseline at `y`, `size` pixels high (`ChartText`'s sizes);
    /// `rotated` turns it 90° anticlockwise; `className` names it for styles and tests
    /// (`axis-title`); `tooltip`, shown on hover, keeps the whole of a label drawn cut or in
    /// several lines.
    public mutating func text(
        _ text: String, x: Double, y: Double, anchor: Anchor = .start,
        size: Double = ChartText.label, fill: String = "#333", bold: Bool = false,
        rotated: Bool = false, className: String? = nil, tooltip: String? = nil
    ) {
        var element =
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\" "
            + "font-size=\"\(Self.number(size))\" fill=\"\(fill)\""
        if bold { element += " font-weight=\"bold\"" }
        if let className { element += " class=\"\(Self.escape(className))\"" }
        if rotated {
            element += " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\""
        }
        let title = tooltip.map { "<title>\(Self.escape($0))</title>" } ?? ""
        elements.append(element + ">\(title)\(Self.escape(text))</text>")
    }

    /// Opens a group `<g class="…">`: what follows, up to `closeGroup()`, belongs to it (a
    /// legend, so a test can find its box).
    public mutating func openGroup(className: String) {
        elements.append("<g class=\"\(Self.escape(className))\">")
    }

    /// Closes the group `openGroup` opened.
    public mutating func closeGroup() { elements.append("</g>") }

    /// Any embedded element, already written as SVG (an image's pixels).
    mutating func raw(_ element: String) { elements.append(element) }

    /// The document as SVG text, one element per line.
    public func render() -> String {
        let open =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(Self.escape(className))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" role=\"img\" "
            + "font-family=\"sans-serif\">"
        return ([open, "<title>\(Self.escape(title))</title>"] + elements + ["</svg>"]).joined(
            separator: "\n")
    }

    /// A coordinate with at most two decimals and no trailing zeros (`12.5`, `40`).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Escapes the characters XML reserves.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
