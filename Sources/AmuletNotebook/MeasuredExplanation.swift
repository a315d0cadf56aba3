import AmuletRisks

/// The measured explanation of one matrix cell: which of the SoK's factors the defense moved,
/// which way, what those moves imply for the risk through its Table 2 arrows, and whether
/// that agrees with the risk change the matrix measured.
///
/// A factor moved when its defended − baseline change reaches its metric's smallest effect
/// and, under `repeat N`, its 95% CI excludes zero. A moved factor with a risk arrow implies
/// the risk rises when the factor moved the way the arrow points (factor up and
/// susceptibility ↑, or factor down and ↓), and falls otherwise. The moved factors vote, a
/// tie is settled by the dominant ones (O1–O3) as in the SoK's §4.4, and the result is set
/// beside the cell's measured change: the conjecture (`FactorConjecture`) reasons from the
/// declared arrows alone, this from the factors as measured.
///
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, §4.4 and Table 2.
public struct MeasuredExplanation: Sendable, Equatable {
    /// One measured factor read against the risk.
    public struct Factor: Sendable, Equatable {
        /// The measured change.
        public var change: InteractionMatrix.FactorChange
        /// The risk's Table 2 arrow for the factor, if any.
        public var riskArrow: ExpectedChange?
        /// Whether the factor moved (size and, with repetitions, evidence).
        public var moved: Bool
        /// The risk change it implies; nil unless it moved and the risk has an arrow.
        public var implied: ExpectedChange?
    }

    /// How the implied change compares with the measured one.
    public enum Agreement: String, Sendable, Equatable {
        /// The factors imply the change measured.
        case agrees
        /// They imply the other way.
        case disagrees
        /// The cell shows no effect to explain (no interaction or inconclusive).
        case noEffectToExplain = "no measured effect"
        /// The cell rests on a degenerate model.
        case notMeasurable = "not measurable"
        /// No shared factor moved, or they tie.
        case unexplained = "unexplained"
        /// No factor of the defended recipe was measured.
        case notMeasured = "factors not measured"
    }

    /// Every measured factor, in Table 1's order.
    public var factors: [Factor]
    /// The change the moved shared factors imply (`unexplored` when none, or a tie).
    public var implied: ExpectedChange
    /// Whether the dominant factors settled a tie.
    public var settledByDominantFactors: Bool
    /// The comparison with the measured change.
    public var agreement: Agreement

    /// The explanation of `cell` from the factor `changes` of its defended recipe.
    ///
    /// - Parameters:
    ///   - cell: The matrix cell.
    ///   - changes: The factor changes of its defended recipe (`factorChanges`).
    ///   - thresholds: Each factor's smallest effect of interest.
    public init(
        cell: InteractionMatrix.Cell, changes: [InteractionMatrix.FactorChange],
        thresholds: [SoKFactor: Double]
    ) {
        let profile = cell.risk.factorProfile
        factors = changes.map { change in
            let arrow = profile?.change(of: change.factor).flatMap { $0 == .unexplored ? nil : $0 }
            let moved =
                abs(change.delta) >= (thresholds[change.factor] ?? 0)
                && (change.halfWidth == nil || change.moved) && change.delta != 0
            let implied: ExpectedChange? =
                moved
                ? arrow.map { (change.delta > 0) == ($0 == .rises) ? .rises : .falls } : nil
            return Factor(change: change, riskArrow: arrow, moved: moved, implied: implied)
        }
        func vote(_ factors: [Factor]) -> ExpectedChange {
            let up = factors.filter { $0.implied == .rises }.count
            let down = factors.filter { $0.implied == .falls }.count
            return up > down ? .rises : (down > up ? .falls : .unexplored)
        }
        let voting = factors.filter { $0.implied != nil }
        let all = vote(voting)
        if all != .unexplored || voting.isEmpty {
            implied = all
            settledByDominantFactors = false
        } else {
            implied = vote(voting.filter { $0.change.factor.isDominant })
            settledByDominantFactors = implied != .unexplored
        }
        if changes.isEmpty {
            agreement = .notMeasured
        } else if cell.verdict == .notMeasurable {
            agreement = .notMeasurable
        } else if ![.confirms, .contradicts, .new].contains(cell.verdict) {
            agreement = .noEffectToExplain
        } else if implied == .unexplored || cell.riskRises == nil {
            agreement = .unexplained
        } else {
            agreement = (implied == .rises) == cell.riskRises ? .agrees : .disagrees
        }
    }

    /// Whether the factors come from one run (no CI).
    public var fromOneRun: Bool { factors.contains { $0.change.halfWidth == nil } }

    /// One line for a table: the moved factors with their direction, what the shared ones
    /// imply, and the agreement: `O1↓ O3↓ ⇒ ↑: agrees`.
    public var summary: String {
        guard agreement != .notMeasured else { return "" }
        let moved = factors.filter(\.moved).map {
            $0.change.factor.rawValue + ($0.change.delta > 0 ? "↑" : "↓")
                + ($0.riskArrow == nil ? "" : "*")
        }
        let head = moved.isEmpty ? "none moved" : moved.joined(separator: " ")
        let sharedMoved = factors.contains { $0.implied != nil }
        let implication = sharedMoved ? " ⇒ \(implied.rawValue)" : ""
        return head + implication + ": " + agreement.rawValue + (fromOneRun ? " (one run)" : "")
    }

    /// The reasoning in sentences, for `explain DEFENSE RISK`.
    public func reasoning(riskName: String) -> String {
        let voting = factors.filter { $0.implied != nil }
        guard !voting.isEmpty else {
            let others = factors.filter(\.moved).map(\.change.factor.rawValue)
            return "no factor of \(riskName)'s Table 2 row moved"
                + (others.isEmpty ? "" : " (moved, not shared: \(others.joined(separator: ", ")))")
                + "; " + verdictClause
        }
        let parts = voting.map { factor -> String in
            let arrow = factor.riskArrow?.rawValue ?? "?"
            let direction = factor.change.delta > 0 ? "↑" : "↓"
            return "\(factor.change.factor.rawValue) \(direction) with \(riskName) "
                + "\(factor.change.factor.rawValue)\(arrow) → \(factor.implied?.rawValue ?? "?")"
        }
        let verdict: String
        switch (implied, settledByDominantFactors) {
        case (.unexplored, _): verdict = "they tie, the dominant ones too"
        case (_, true): verdict = "a tie, settled by the dominant factors: \(implied.rawValue)"
        case (_, false):
            let agreeing = voting.filter { $0.implied == implied }.count
            verdict = "\(agreeing) of \(voting.count) imply \(implied.rawValue)"
        }
        return parts.joined(separator: ", ") + "; " + verdict + "; " + verdictClause
    }

    /// How the reasoning ends: the agreement, said of the measured change.
    private var verdictClause: String {
        switch agreement {
        case .agrees: "agrees with the measured change"
        case .disagrees: "disagrees with the measured change"
        case .noEffectToExplain: "but the cell shows no measured effect"
        case .notMeasurable: "but the cell is not measurable"
        case .unexplained: "which leaves the measured change unexplained"
        case .notMeasured: "factors not measured"
        }
    }

    /// The explanation of every cell the matrix measures in `rows`, from the `measure
    /// factors` rows of the same ledger (`measured` names each factor's metric).
    public static func explanations(
        cells: [InteractionMatrix.Cell], rows: [LedgerRow],
        measured: [(factor: SoKFactor, metric: MetricID)]
    ) -> [MeasuredExplanation] {
        let thresholds = Dictionary(
            measured.map { ($0.factor, $0.metric.smallestEffect) }, uniquingKeysWith: { a, _ in a })
        var changesByDefense: [String: [InteractionMatrix.FactorChange]] = [:]
        return cells.map { cell in
            let changes =
                changesByDefense[cell.defense]
                ?? InteractionMatrix.factorChanges(rows, defense: cell.defense, measured: measured)
            changesByDefense[cell.defense] = changes
            return MeasuredExplanation(cell: cell, changes: changes, thresholds: thresholds)
        }
    }
}

extension MeasuredExplanation {
    /// The matrix table's footnote for its `factors moved` column.
    public static let tableNote =
        "factors moved: the SoK factors 'measure factors' saw change (defended − baseline at "
        + "least the metric's smallest effect, CI excluding 0 under 'repeat N'), ↑/↓ the "
        + "factor's direction, * a factor of the risk's Table 2 row; ⇒ what those imply for the "
        + "risk, and whether that agrees with the measured change."
}
