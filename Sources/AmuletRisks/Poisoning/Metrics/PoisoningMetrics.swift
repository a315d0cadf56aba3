/// The metrics poisoning attacks and the outlier-removal defense report.
public enum PoisoningMetrics {
    /// Backdoor attack success rate, as BadNets (Gu and co-authors, 2017) measures it.
    public static let backdoorSuccess = MetricID(
        "backdoor.success_rate", risk: .poisoning, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline,
        doc: "fraction of triggered test points whose true label is not the target that the "
            + "poisoned model classifies as the target")
    /// The same rate on the model trained without poison: what the trigger does by itself.
    public static let backdoorUnpoisonedSuccess = MetricID(
        "backdoor.unpoisoned_success_rate", risk: .poisoning, unit: .ratio, direction: .neutral,
        doc: "the success rate of the trigger on the model trained without poison (the floor)")
    /// Clean accuracy of the backdoored model.
    public static let backdoorCleanAccuracy = MetricID(
        "backdoor.clean_accuracy", risk: .poisoning, unit: .ratio, direction: .higherIsBetter,
        doc: "test accuracy of the poisoned model on clean (untriggered) test points")
    /// Clean accuracy of the model trained on flipped labels.
    public static let labelFlipAccuracy = MetricID(
        "labelflip.accuracy", risk: .poisoning, unit: .ratio, direction: .higherIsBetter,
        doc: "test accuracy of the model trained on members with flipped labels")
    /// The accuracy lost to label flipping.
    public static let labelFlipDrop = MetricID(
        "labelflip.accuracy_drop", risk: .poisoning, unit: .ratio, direction: .lowerIsBetter,
        scope: .headline,
        doc: "test accuracy of the model trained without poison minus that of the flipped one")
    /// Rows the attack poisoned.
    public static let poisonedRows = MetricID(
        "poisoning.poisoned_rows", risk: .poisoning, unit: .count, direction: .neutral,
        doc: "member rows the attack altered")
    /// Training rows the recipe's defenses removed before training on the poisoned members.
    public static let removedRows = MetricID(
        "poisoning.removed_rows", risk: .poisoning, unit: .count, direction: .neutral,
        doc: "rows the recipe's defenses removed from the poisoned training set")
    /// Poisoned rows among the removed ones.
    public static let removedPoisonedRows = MetricID(
        "poisoning.removed_poisoned_rows", risk: .poisoning, unit: .count,
        direction: .higherIsBetter,
        doc: "poisoned rows among the rows the recipe's defenses removed")
}
