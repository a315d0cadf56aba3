import AmuletRisks

extension Ledger {
    /// Records what an experiment measured and returns the rows recorded.
    ///
    /// One row per measurement of each role, carrying the dataset identity, the recipe, the
    /// seed and the repetition; a defended row also names the recipe of the baseline it was
    /// measured beside.
    @discardableResult
    public mutating func record(
        _ result: ExperimentResult, cell: Int, seed: UInt64, repetition: Int?
    ) -> [LedgerRow] {
        var rows: [LedgerRow] = []
        let baseline = result.roles.first { $0.role == .baseline }?.recipeKey
        for role in result.roles {
            for m in role.measurements {
                var row =
                    LedgerRow(
                        cell: cell, scenario: role.label, role: role.role, metric: m.metric,
                        subject: m.subject, value: m.value, dataset: role.datasetLabel,
                        datasetKey: role.datasetKey, recipe: role.recipeKey, seed: seed,
                        seconds: role.seconds, repetition: repetition, flags: m.flags,
                        note: m.note)
                row.defenses = role.defenses
                row.modality = role.modality
                if role.role == .defended { row.baselineRecipe = baseline }
                rows.append(row)
            }
        }
        record(rows)
        return rows
    }
}
