/// The verbs that start a command, such as `train` in `train mlp epochs=20`.
///
/// The list is fixed by the grammar; what each verb accepts comes from the Catalog.
public enum Verb: String, CaseIterable, Sendable, Equatable, Hashable {
    /// Loads a dataset and splits it: `load adult`.
    case load
    /// Sets the baseline recipe and trains it: `train mlp epochs=20`.
    case train
    /// Adds or replaces a defense in the recipe: `defend dp eps=1`.
    case defend
    /// Removes a defense from the recipe: `undefend dp`.
    case undefend
    /// Runs an attack against the current scenario: `attack mia shadows=16`.
    case attack
    /// Computes a metric on the current scenario: `measure fairness`.
    case measure
    /// Pivots the result ledger into a comparison table: `compare`.
    case compare
    /// Prints a value or a part of the session: `show $n`.
    case show
    /// Changes a session setting: `set seed=7`.
    case set
    /// Lists verbs or explains one: `help train`.
    case help
    /// Explains an attack, defense, metric or dataset: `explain dp`.
    case explain
    /// Writes the session as a notebook: `report out/report.html`.
    case report
    /// Writes a table or predictions to a file: `export predictions out.csv`.
    case export
    /// Writes the session's cells back as a script: `save lesson.amu`.
    case save
    /// Runs another script in this session: `import "prelude.amu"`.
    case `import`
    /// Clears the scenario and the ledger: `reset`.
    case reset

    /// Verbs that only look at or write out the session; a report leaves out a cell that ran
    /// nothing else.
    public static let bookkeeping: Set<Verb> = [
        .help, .explain, .show, .save, .report, .export, .reset,
    ]
}

/// The words with a fixed meaning at the start of a statement.
public enum Keyword: String, CaseIterable, Sendable, Equatable, Hashable {
    /// Binds a variable: `let n = 3`.
    case `let`
    /// Loops over a list: `for d in [adult, compas] { … }`.
    case `for`
    /// Separates a `for` loop's variable from its sequence.
    case `in`
    /// Runs a block a fixed number of times: `repeat 5 { … }`.
    case `repeat`
    /// Defines a named block that a bare name calls: `def baseline { … }`.
    case def
    /// Checks the latest value of a metric: `assert accuracy > 0.8`.
    case assert
    /// Sweeps defense settings under constraints: `tune dp eps=[1, 8] subject to accuracy >= 0.8`.
    case tune
}
