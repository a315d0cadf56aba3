extension ParetoChart {
    /// A setting's label, placed beside its dot.
    public struct PlacedLabel: Sendable, Equatable {
        /// The label.
        public var text: String
        /// The x of its anchor.
        public var x: Double
        /// Its baseline.
        public var y: Double
        /// Which end of the text `x` is.
        public var anchor: SVGDocument.Anchor
        /// Its estimated box: left, top, right and bottom in pixels.
        public var left: Double, top: Double, right: Double, bottom: Double

        /// A label of `text` at (`x`, `y`); its box spans the estimated width
        /// (`ChartText.width`) and from a font size above the baseline to a quarter below.
        init(_ text: String, x: Double, y: Double, anchor: SVGDocument.Anchor) {
            self.text = text
            self.x = x
            self.y = y
            self.anchor = anchor
            let width = ChartText.width(text)
            switch anchor {
            case .start: left = x
            case .middle: left = x - width / 2
            case .end: left = x - width
            }
            right = left + width
            top = y - ChartText.label
            bottom = y + ChartText.label / 4
        }

        /// The area this label's box shares with the box from `left` to `right`, `top` to
        /// `bottom` (zero when they only touch).
        func overlap(left: Double, top: Double, right: Double, bottom: Double) -> Double {
            let width = min(self.right, right) - max(self.left, left)
            let height = min(self.bottom, bottom) - max(self.top, top)
            return width > 0 && height > 0 ? width * height : 0
        }

        /// Whether this label's box and `other`'s overlap.
        public func intersects(_ other: PlacedLabel) -> Bool {
            overlap(left: other.left, top: other.top, right: other.right, bottom: other.bottom)
                > 0
        }
    }

    /// Each placed setting's label, in sweep order, beside its dot where it hides no other.
    ///
    /// Greedy and deterministic: each label takes the first of six slots (above right, above
    /// left, below right, below left, above, below) whose box stays on the chart and overlaps
    /// neither an earlier label nor any dot; when every slot overlaps something, the slot that
    /// overlaps least. Close settings (a sweep whose values barely move) so get labels on
    /// different sides instead of one over another.
    public var labels: [PlacedLabel] {
        let points = placed
        let dot = 5.0
        var labels: [PlacedLabel] = []
        for point in points {
            let slots = [
                PlacedLabel(point.label, x: point.x + 7, y: point.y - 6, anchor: .start),
                PlacedLabel(point.label, x: point.x - 7, y: point.y - 6, anchor: .end),
                PlacedLabel(point.label, x: point.x + 7, y: point.y + 15, anchor: .start),
                PlacedLabel(point.label, x: point.x - 7, y: point.y + 15, anchor: .end),
                PlacedLabel(point.label, x: point.x, y: point.y - 10, anchor: .middle),
                PlacedLabel(point.label, x: point.x, y: point.y + 22, anchor: .middle),
            ]
            func cost(_ slot: PlacedLabel) -> Double {
                var sum = labels.reduce(0) {
                    $0
                        + slot.overlap(
                            left: $1.left, top: $1.top, right: $1.right, bottom: $1.bottom)
                }
                for other in points {
                    sum += slot.overlap(
                        left: other.x - dot, top: other.y - dot, right: other.x + dot,
                        bottom: other.y + dot)
                }
                let outside =
                    slot.left < 0 || slot.top < 0 || slot.right > frame.width
                    || slot.bottom > frame.height
                return sum + (outside ? 1e6 : 0)
            }
            var best = slots[0]
            var bestCost = cost(best)
            for slot in slots.dropFirst() where bestCost > 0 {
                let slotCost = cost(slot)
                if slotCost < bestCost {
                    best = slot
                    bestCost = slotCost
                }
            }
            labels.append(best)
        }
        return labels
    }
}
