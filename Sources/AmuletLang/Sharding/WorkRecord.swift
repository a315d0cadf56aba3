import AmuletNotebook
import AmuletRisks

/// What one expensive command left in its cell and the ledger, recorded by the shard that ran
/// it so the merge can put it back without running it again.
///
/// A command only appends to its cell (notes repeated across a loop are dropped when the cell
/// ends, not when they are added), so what it shows does not depend on the outputs before it,
/// which differ between a shard and the merge.
public struct WorkRecord: Sendable, Equatable, Codable {
    /// The ledger rows the command recorded or replaced, in ledger order.
    public var rows: [LedgerRow]
    /// What the command added to its cell's outputs.
    public var outputs: [Output]
    /// The ROC curves the command drew.
    public var curves: [CellCurve]
    /// The identities of the rows the command gathered for its loop's table.
    public var loopRows: [String]
    /// What the command's evaluations left behind for `export` (scores, ROC curves), in the
    /// order they ran.
    public var artifacts: [RunArtifacts]

    /// A record.
    public init(
        rows: [LedgerRow], outputs: [Output], curves: [CellCurve], loopRows: [String],
        artifacts: [RunArtifacts] = []
    ) {
        self.rows = rows
        self.outputs = outputs
        self.curves = curves
        self.loopRows = loopRows
        self.artifacts = artifacts
    }
}

/// The state of a cell and ledger before an expensive command, to record what it changed.
struct WorkSnapshot {
    let rows: [LedgerRow]
    let outputCount: Int
    let curveCount: Int
    let loopRows: Set<String>
    let artifactCount: Int

    init(ledger: Ledger, context: CellContext) {
        rows = ledger.rows
        outputCount = context.outputs.count
        curveCount = context.curves.count
        loopRows = context.loopRows
        artifactCount = context.artifacts.count
    }

    /// What changed since the snapshot.
    func record(ledger: Ledger, context: CellContext) -> WorkRecord {
        var changed: [LedgerRow] = []
        for (index, row) in ledger.rows.enumerated()
        where index >= rows.count || rows[index] != row {
            changed.append(row)
        }
        return WorkRecord(
            rows: changed,
            outputs: Array(context.outputs[min(outputCount, context.outputs.count)...]),
            curves: Array(context.curves[min(curveCount, context.curves.count)...]),
            loopRows: context.loopRows.subtracting(loopRows).sorted(),
            artifacts: Array(context.artifacts[min(artifactCount, context.artifacts.count)...]))
    }
}

extension WorkRecord {
    /// Puts the command's results back into the ledger, the cell and the artifacts `export`
    /// reads, as the command itself updated them.
    func apply(
        ledger: inout Ledger, artifacts latest: inout RunArtifacts?, context: inout CellContext
    ) {
        ledger.record(rows)
        context.outputs += outputs
        context.curves += curves
        context.loopRows.formUnion(loopRows)
        for produced in artifacts { latest = latest?.merging(produced) ?? produced }
    }
}
