import AmuletRisks

extension Ledger {
    /// Records what an experiment measured and returns the rows recorded.
    ///
    /// One row per measurement of each role, carrying the dataset identity, the recipe, the
    /// seed and the repetition.
    @discardableResult
    public mutating func record(
        _ result: ExperimentResult, cell: Int, seed: UInt64, repetition: Int?
    ) -> [LedgerRow] {
        var rows: [LedgerRow] = []
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
                rows.append(row)
            }
        }
        record(rows)
        return rows
    }
}
