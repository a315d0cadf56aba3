/// The underlying factors through which, by the SoK's account, every defense interacts with
/// every risk.
///
/// Reference: Duddu, Szyller & Asokan, "SoK: Unintended Interactions among Machine Learning
/// Defenses and Risks", IEEE S&P 2024 (arXiv 2312.04542), Table 1.
public enum SoKFactor: String, Sendable, CaseIterable, Codable {
    /// D1: size of the training data.
    case trainingSize = "D1"
    /// D2: the tail of the data distribution (rare, atypical, memorised rows).
    case distributionTail = "D2"
    /// D3: the dimensionality of the data.
    case dimensionality = "D3"
    /// D4: priority of learning stable, useful features.
    case usefulFeatures = "D4"
    /// O1: curvature of the loss around the trained parameters.
    case lossCurvature = "O1"
    /// O2.1: distinguishability of observables between training and test data.
    case trainTestDistinguishability = "O2.1"
    /// O2.2: distinguishability of observables across subgroups.
    case subgroupDistinguishability = "O2.2"
    /// O2.3: distinguishability of observables across models.
    case modelDistinguishability = "O2.3"
    /// O3: distance of training points to the decision boundary.
    case boundaryDistance = "O3"
    /// M1: model capacity.
    case capacity = "M1"

    /// The SoK names O1–O3 (every O factor) the dominant ones: when shared factors disagree,
    /// they decide.
    public var isDominant: Bool { rawValue.hasPrefix("O") }

    /// A short description for `explain`.
    public var summary: String {
        switch self {
        case .trainingSize: "training-set size"
        case .distributionTail: "tail of the distribution"
        case .dimensionality: "data dimensionality"
        case .usefulFeatures: "priority of useful features"
        case .lossCurvature: "loss curvature"
        case .trainTestDistinguishability: "train/test distinguishability"
        case .subgroupDistinguishability: "subgroup distinguishability"
        case .modelDistinguishability: "distinguishability across models"
        case .boundaryDistance: "distance to the decision boundary"
        case .capacity: "model capacity"
        }
    }
}

/// One arrow of the SoK's Table 2: a defense's effectiveness (or a risk's susceptibility)
/// rises (`rises`) or falls (`falls`) as the factor grows.
public struct FactorArrow: Sendable, Equatable {
    /// The factor.
    public var factor: SoKFactor
    /// Which way effectiveness or susceptibility moves as the factor grows.
    public var change: ExpectedChange

    /// An arrow.
    public init(_ factor: SoKFactor, _ change: ExpectedChange) {
        self.factor = factor
        self.change = change
    }
}

/// A row of the SoK's Table 2: the arrows of one defense or one risk.
public struct FactorProfile: Sendable, Equatable {
    /// The arrows, in the table's order.
    public var arrows: [FactorArrow]

    /// A profile from `D1↑ D2↓ …` written as (factor, arrow) pairs.
    public init(_ arrows: [(SoKFactor, ExpectedChange)]) {
        self.arrows = arrows.map { FactorArrow($0.0, $0.1) }
    }

    /// The arrow of `factor`, if the row has one.
    public func change(of factor: SoKFactor) -> ExpectedChange? {
        arrows.first { $0.factor == factor }?.change
    }

    /// How `explain` writes it: `D2↓ O1↓ O3↓`.
    public var description: String {
        arrows.map { $0.factor.rawValue + $0.change.rawValue }.joined(separator: " ")
    }

    // MARK: - Defenses (Table 2)

    /// Adversarial training.
    public static let adversarialTraining = FactorProfile([
        (.trainingSize, .rises), (.distributionTail, .falls), (.usefulFeatures, .rises),
        (.lossCurvature, .rises), (.trainTestDistinguishability, .rises),
        (.boundaryDistance, .rises), (.capacity, .rises),
    ])
    /// Outlier removal.
    public static let outlierRemoval = FactorProfile([(.distributionTail, .rises)])
    /// Watermarking.
    public static let watermarking = FactorProfile([
        (.distributionTail, .rises), (.modelDistinguishability, .falls), (.capacity, .rises),
    ])
    /// Fingerprinting.
    public static let fingerprinting = FactorProfile([
        (.modelDistinguishability, .falls), (.boundaryDistance, .falls),
    ])
    /// Differential privacy.
    public static let differentialPrivacy = FactorProfile([
        (.distributionTail, .falls), (.usefulFeatures, .rises), (.lossCurvature, .falls),
        (.trainTestDistinguishability, .falls), (.boundaryDistance, .falls), (.capacity, .falls),
    ])
    /// Group fairness.
    public static let groupFairness = FactorProfile([
        (.usefulFeatures, .rises), (.subgroupDistinguishability, .falls),
        (.boundaryDistance, .falls),
    ])
    /// Explanations.
    public static let explanations = FactorProfile([
        (.dimensionality, .falls), (.trainTestDistinguishability, .rises),
        (.subgroupDistinguishability, .rises),
    ])
}

extension Risk {
    /// The risk's row of the SoK's Table 2 (susceptibility against each factor); nil for
    /// utility and privacy accounting, which are not risks there.
    public var factorProfile: FactorProfile? {
        switch self {
        case .evasion:
            FactorProfile([
                (.distributionTail, .rises), (.lossCurvature, .falls), (.boundaryDistance, .falls),
            ])
        case .poisoning: FactorProfile([(.distributionTail, .rises), (.capacity, .rises)])
        case .ownership: FactorProfile([(.capacity, .falls)])
        case .membership:
            FactorProfile([
                (.trainingSize, .falls), (.distributionTail, .rises), (.usefulFeatures, .falls),
                (.trainTestDistinguishability, .rises), (.boundaryDistance, .falls),
                (.capacity, .rises),
            ])
        case .reconstruction:
            FactorProfile([
                (.distributionTail, .rises), (.dimensionality, .falls),
                (.trainTestDistinguishability, .rises), (.subgroupDistinguishability, .rises),
            ])
        case .attributeInference:
            FactorProfile([
                (.distributionTail, .rises), (.usefulFeatures, .falls),
                (.subgroupDistinguishability, .rises),
            ])
        case .distributionInference:
            FactorProfile([
                (.distributionTail, .rises), (.usefulFeatures, .rises),
                (.trainTestDistinguishability, .rises), (.capacity, .rises),
            ])
        case .fairness:
            FactorProfile([(.distributionTail, .rises), (.subgroupDistinguishability, .rises)])
        case .utility, .privacy, .factors: nil
        }
    }
}
