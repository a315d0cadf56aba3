/// Which way the literature expects a risk to move when a defense is effective.
public enum ExpectedChange: String, Sendable, CaseIterable {
    /// The risk rises.
    case rises = "↑"
    /// The risk falls.
    case falls = "↓"
    /// No study has looked.
    case unexplored = "?"
}

/// One cell of the SoK's defense × risk table: the expected change of `risk` under a defense.
///
/// Reference: Duddu, Szyller & Asokan, "SoK: Unintended Interactions among Machine Learning
/// Defenses and Risks", IEEE S&P 2024 (arXiv 2312.04542), Table 3.
public struct RiskInteraction: Sendable, Equatable {
    /// The risk.
    public var risk: Risk
    /// The expected change when the defense is effective.
    public var change: ExpectedChange
    /// Whether the risk is the one the defense targets (the SoK's †).
    public var isTarget: Bool

    /// An interaction.
    public init(_ risk: Risk, _ change: ExpectedChange, isTarget: Bool = false) {
        self.risk = risk
        self.change = change
        self.isTarget = isTarget
    }

    /// The SoK's risk columns, in its order.
    public static let sokRisks: [Risk] = [
        .evasion, .poisoning, .ownership, .membership, .reconstruction, .attributeInference,
        .distributionInference, .fairness,
    ]

    /// A row of the SoK's Table 3: the expected change of each of its risk columns, named,
    /// with the defense's target marked (the SoK's †).
    ///
    /// Every column is a labelled argument, so a row cannot lose, gain or shift an arrow.
    public static func sokRow(
        evasion: ExpectedChange, poisoning: ExpectedChange, ownership: ExpectedChange,
        membership: ExpectedChange, reconstruction: ExpectedChange, attribute: ExpectedChange,
        distribution: ExpectedChange, fairness: ExpectedChange, target: Risk
    ) -> [RiskInteraction] {
        let changes = [
            evasion, poisoning, ownership, membership, reconstruction, attribute, distribution,
            fairness,
        ]
        return zip(sokRisks, changes).map { RiskInteraction($0, $1, isTarget: $0 == target) }
    }

    /// How `explain` shows a row: `evasion ↑, membership ↓ (its target), …`.
    public static func describe(_ row: [RiskInteraction]) -> String {
        row.map { "\($0.risk.rawValue) \($0.change.rawValue)" + ($0.isTarget ? " (target)" : "") }
            .joined(separator: ", ")
    }
}
