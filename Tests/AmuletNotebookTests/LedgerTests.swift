import AmuletNotebook
import Testing

@Suite struct LedgerTests {
    static func row(cell: Int, value: Double) -> LedgerRow {
        LedgerRow(
            cell: cell, scenario: "mlp", role: .current, risk: "utility", metric: "accuracy",
            value: value)
    }

    @Test func appendKeepsOrderAndLastCellFollowsTheNewestRow() {
        var ledger = Ledger()
        #expect(ledger.lastCell == nil)
        ledger.append(Self.row(cell: 1, value: 0.1))
        ledger.append(contentsOf: [Self.row(cell: 3, value: 0.3), Self.row(cell: 3, value: 0.4)])
        #expect(ledger.rows.map(\.value) == [0.1, 0.3, 0.4])
        #expect(ledger.lastCell == 3)
        #expect(ledger.rows(inCell: 3).map(\.value) == [0.3, 0.4])
        #expect(ledger.filtered(cell: 1).count == 1)
    }

    @Test func clearEmptiesTheLedger() {
        var ledger = Ledger(rows: [Self.row(cell: 1, value: 0.1)])
        ledger.clear()
        #expect(ledger.isEmpty && ledger.lastCell == nil)
    }
}
