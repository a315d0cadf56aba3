/// Parameters every dataset accepts: the test fraction and the member fraction.
public enum DatasetParameters {
    /// `test` and `members`, shared by all datasets.
    public static let common: [ParameterSpec] = [
        ParameterSpec(
            "test", .number, default: .number(0.5), range: 0.05...0.95,
            doc: "fraction of all rows held out for testing (stratified)"),
        ParameterSpec(
            "members", .number, default: .number(0.5), range: 0.01...1,
            doc: "fraction of the training split the target trains on; the rest is the adversary's"),
    ]
}
