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

    /// `test` and `members`, shared by all datasets.
    public static let common = [test, members]
}
