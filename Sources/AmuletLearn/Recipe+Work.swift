extension Recipe {
    /// The work of one training step of this recipe relative to a plain step:
    /// 1 + Σᵢ (fᵢ − 1) over its defenses' `stepWorkFactor`s, each adding its own extra work
    /// (adversarial examples and per-sample norms are computed side by side, not nested).
    public var defenseWorkFactor: Double {
        defenses.reduce(1) { $0 + max($1.stepWorkFactor, 1) - 1 }
    }

    /// The multiply-accumulate equivalents the defenses' `prepare` hooks cost before the
    /// first epoch on `rows` rows of `inputWidth` features.
    public func preparationWork(rows: Int, inputWidth: Int) -> Double {
        defenses.reduce(0) { $0 + $1.preparationWork(rows: rows, inputWidth: inputWidth) }
    }
}
