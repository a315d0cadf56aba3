/// The SoK's guideline for an interaction nobody measured: the risk's expected change under a
/// defense, conjectured from the factors both share.
///
/// For each shared factor, paired arrows that agree (both ↑ or both ↓) say an effective
/// defense raises the risk through it, arrows that disagree say it lowers it. Shared factors
/// vote; a tie is settled by the dominant factors (O1–O3) alone, and stays `unexplored` when
/// they tie too, or when nothing is shared.
///
/// Reference: Duddu, Szyller & Asokan, IEEE S&P 2024, §4.4 and Table 2.
public struct FactorConjecture: Sendable, Equatable {
    /// One shared factor and the change it implies.
    public struct Link: Sendable, Equatable {
        /// The factor.
        public var factor: SoKFactor
        /// The defense's arrow.
        public var defense: ExpectedChange
        /// The risk's arrow.
        public var risk: ExpectedChange
        /// The risk's change it implies under an effective defense.
        public var implied: ExpectedChange
    }

    /// The shared factors, in the defense's order.
    public var links: [Link]
    /// The conjectured change of the risk.
    public var change: ExpectedChange
    /// Whether the dominant factors settled a tie.
    public var settledByDominantFactors: Bool

    /// The conjecture for a defense of profile `defense` and a risk of profile `risk`.
    public init(defense: FactorProfile, risk: FactorProfile) {
        links = defense.arrows.compactMap { arrow in
            guard let riskArrow = risk.change(of: arrow.factor),
                arrow.change != .unexplored, riskArrow != .unexplored
            else { return nil }
            return Link(
                factor: arrow.factor, defense: arrow.change, risk: riskArrow,
                implied: arrow.change == riskArrow ? .rises : .falls)
        }
        func vote(_ links: [Link]) -> ExpectedChange {
            let up = links.filter { $0.implied == .rises }.count
            let down = links.count - up
            return up > down ? .rises : (down > up ? .falls : .unexplored)
        }
        let all = vote(links)
        if all != .unexplored || links.isEmpty {
            change = all
            settledByDominantFactors = false
        } else {
            change = vote(links.filter { $0.factor.isDominant })
            settledByDominantFactors = change != .unexplored
        }
    }

    /// The reasoning in one line: `D2 ↓/↑ → ↓, O3 ↓/↓ → ↑; 2 of 3 say ↓`.
    public var reasoning: String {
        guard !links.isEmpty else { return "no shared factor: no conjecture" }
        let parts = links.map {
            "\($0.factor.rawValue) \($0.defense.rawValue)/\($0.risk.rawValue) → \($0.implied.rawValue)"
        }
        let agreeing = links.filter { $0.implied == change }.count
        let verdict: String
        switch (change, settledByDominantFactors) {
        case (.unexplored, _): verdict = "the shared factors tie, the dominant ones too: ?"
        case (_, true):
            verdict = "a tie, settled by the dominant factors (O1–O3): \(change.rawValue)"
        case (_, false): verdict = "\(agreeing) of \(links.count) say \(change.rawValue)"
        }
        return parts.joined(separator: ", ") + "; " + verdict
    }
}
