import AmuletData

/// Parameters every dataset accepts: the test fraction and the member fraction.
public enum DatasetParameters {
    /// Fraction of all rows held out for testing.
    public static let test = Parameter<Double>(
        "test", default: 0.5, range: 0.05...0.95,
        doc: "fraction of all rows held out for testing (stratified)")
    /// Fraction of the training split the target trains on.
    public static let members = Parameter<Double>(
        "members", default: 0.5, range: 0.01...1,
        doc: "fraction of the training split the target trains on; the rest is the adversary's")

    /// Classes that form sensitive group 1 of an image set (which has no demographic column).
    public static let labelGroup = OptionalParameter<[Int]>(
        "group", range: 0...255,
        doc: "classes forming sensitive attribute 'group' = 1, such as [0, 1, 2, 3, 4]; the "
            + "other classes are group 0 (images carry no demographic column)")

    /// The split with the `group=` attribute added, when the call lists classes.
    static func applyLabelGroup(_ call: PluginCall, to split: DataSplit) throws -> DataSplit {
        guard let listed = call[labelGroup], !listed.isEmpty else { return split }
        let classes = split.train.classCount
        if let bad = listed.first(where: { $0 >= classes }) {
            throw ScenarioError.invalidParameter(
                name: labelGroup.name,
                message: "group=: there is no class \(bad) (classes 0–\(classes - 1))")
        }
        guard Set(listed).count < classes else {
            throw ScenarioError.invalidParameter(
                name: labelGroup.name,
                message: "group=: every class is listed, so group 0 would be empty")
        }
        return split.withLabelGroup(Set(listed))
    }

    /// `test` and `members`, shared by all datasets.
    public static let common = [test, members]
}
