/// The risks of the SoK "Unintended Interactions among ML Defenses and Risks" (S&P 2024).
public enum Risk: String, Sendable, CaseIterable, Codable {
    /// How well the model does its job (accuracy); every defense moves it.
    case utility
    /// Evasion: adversarial examples at inference time.
    case evasion
    /// Poisoning: backdoors and label flipping at training time.
    case poisoning
    /// Model ownership: extraction and its defenses (watermarks, fingerprints).
    case ownership
    /// Membership inference: was this record in the training set?
    case membership
    /// Attribute inference: recovering a sensitive attribute from model outputs.
    case attributeInference = "attribute"
    /// Distribution inference: recovering properties of the training distribution.
    case distributionInference = "distribution"
    /// Data reconstruction: recovering training inputs (model inversion).
    case reconstruction
    /// Discriminatory behaviour: unequal treatment of groups.
    case fairness
    /// Privacy accounting: the formal (ε, δ) guarantee of a training run.
    case privacy
    /// The SoK's underlying factors (Table 1) measured on a model and its data: not a risk,
    /// the explanation of how defenses move risks.
    case factors

    /// A paragraph for `explain`.
    public var explanation: String {
        switch self {
        case .utility:
            return "Utility is how well the model does the task it was trained for, measured as "
                + "accuracy on held-out test data. Every defense costs some utility; the question "
                + "is how much, and whether the protection is worth it."
        case .evasion:
            return "Evasion: an adversary perturbs an input slightly at inference time so the "
                + "model misclassifies it (adversarial examples, Szegedy et al. 2014; PGD, Madry "
                + "et al. 2018). Measured as accuracy on perturbed inputs."
        case .poisoning:
            return "Poisoning: an adversary who controls part of the training data plants a "
                + "backdoor trigger or flips labels, so the trained model misbehaves on demand "
                + "(BadNets, Gu et al. 2017). Measured as attack success rate and clean accuracy."
        case .ownership:
            return "Model ownership: an adversary with query access trains a copy of the model "
                + "(extraction, Tramèr et al. 2016); owners defend with watermarks and "
                + "fingerprints that prove a suspect model was derived from theirs."
        case .membership:
            return "Membership inference: given a record and the model, an adversary decides "
                + "whether the record was in the training set (Shokri et al. 2017; LiRA, Carlini "
                + "et al. 2022). Models that overfit leak membership; DP-SGD bounds the leak. "
                + "Measured as AUC and true-positive rate at low false-positive rates."
        case .attributeInference:
            return "Attribute inference: an adversary predicts a sensitive attribute (race, sex) "
                + "of a record from the model's outputs (Duddu et al. CIKM 2022). 'attack "
                + "attribute' trains an MLP from the model's output probabilities to each "
                + "attribute on the adversary's records and infers it for the members; it "
                + "reports balanced accuracy and AUC per attribute, 0.5 being a guess."
        case .distributionInference:
            return "Distribution inference: an adversary learns a property of the training "
                + "distribution, such as the fraction of women, from the model (Suri & Evans 2022)."
        case .reconstruction:
            return "Data reconstruction: an adversary recovers representative training inputs "
                + "from the model, such as a class's typical face (model inversion, Fredrikson "
                + "et al. CCS 2015)."
        case .fairness:
            return "Discriminatory behaviour: the model treats demographic groups differently. "
                + "Measured as gaps in selection rate (demographic parity) and in error rates "
                + "(equalized odds, equal opportunity) between groups."
        case .factors:
            return
                "The SoK's underlying factors (Duddu, Szyller & Asokan, IEEE S&P 2024, Table 1): "
                + "properties of the data, the model's observables and the model that explain why "
                + "a defense moves a risk. 'measure factors' measures D1 (training rows), M1 "
                + "(parameters), O2.1 (member/non-member loss AUC) and O2.2 (the largest KS "
                + "distance between sensitive groups' scores); 'explain DEFENSE RISK' pairs the "
                + "SoK's arrows with them."
        case .privacy:
            return "Privacy accounting: the (ε, δ) differential-privacy guarantee of a training "
                + "run, computed by a Rényi-DP accountant from the noise multiplier, sampling "
                + "rate and number of steps (Abadi et al. 2016; Mironov 2017)."
        }
    }
}
