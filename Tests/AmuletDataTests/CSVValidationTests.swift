import AmuletData
import AmuletTensor
import Foundation
import Testing

/// Cells and headers that must stop a CSV load with file:line:column and a fix.
@Suite struct CSVValidationTests {
    /// Loads `text` from a fresh temporary folder; returns the error's position and reason.
    func loadError(_ text: String) throws -> (line: Int, column: Int, reason: String)? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CSVDataset.load(path: path, target: "label", sensitive: [], seed: 1)
            return nil
        } catch let error as DataError {
            guard case .malformed(let file, let line, let column, let reason) = error else {
                Issue.record("wrong error \(error)")
                return nil
            }
            #expect(file == "table.csv")
            return (line, column, reason)
        }
    }

    /// Twenty numeric rows with `cell` as column x of line 12 (row 11).
    func table(badCell cell: String) -> String {
        var text = "name,x,label\n"
        for i in 0..<20 {
            text += "Éé\(i),\(i == 10 ? cell : String(i)),\(i % 2 == 0 ? "a" : "b")\n"
        }
        return text
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e309", "NaN"])
    func nonFiniteNumberIsAnErrorAtItsCell(cell: String) throws {
        let error = try loadError(table(badCell: cell))
        // "Éé10," is five characters, so x starts at character 6 of line 12.
        #expect(error?.line == 12)
        #expect(error?.column == 6)
        #expect(error?.reason.contains("non-finite number '\(cell)'") == true)
        #expect(error?.reason.contains("leave the cell empty") == true)
    }

    @Test func strayWordInANumericColumnIsAnErrorNotOneHotColumns() throws {
        let error = try loadError(table(badCell: "12O"))
        #expect(error?.line == 12)
        #expect(error?.column == 6)
        #expect(error?.reason.contains("holds numbers in 19 of 20 filled rows") == true)
        #expect(error?.reason.contains("'12O'") == true)
    }

    @Test func mostlyWordsStayCategorical() throws {
        var text = "x,label\n"
        for i in 0..<20 { text += "\(i % 3 == 0 ? String(i) : "w\(i % 4)"),\(i % 2)\n" }
        #expect(try loadError(text) == nil)
    }

    @Test func duplicateColumnNameIsAnErrorAtTheSecondOne() throws {
        let error = try loadError("x,y,x,label\n1,2,3,a\n4,5,6,b\n7,8,9,a\n1,1,1,b\n")
        #expect(error?.line == 1)
        #expect(error?.column == 5)
        #expect(error?.reason.contains("'x' is used twice") == true)
    }

    @Test func nulCharacterIsAnErrorAtItsPosition() throws {
        let error = try loadError("x,y,label\n1,2,a\n3,4\u{0}5,b\n")
        #expect(error?.line == 3)
        #expect(error?.column == 4)
        #expect(error?.reason.contains("NUL") == true)
    }
}

/// A CSV whose encoding would not fit is refused before it is encoded.
@Suite struct CSVMemoryTests {
    @Test func wideOneHotEncodingIsRefusedNamingPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("wide.csv").path
        var text = "city,label\n"
        for i in 0..<200 { text += "c\(i),\(i % 2)\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        // 200 rows × 199 one-hot columns × 4 bytes × 3 copies = 477,600 bytes; the file
        // (about 2 kB, ×10) passes the first check.
        let budget = MemoryBudget(availableBytes: 100_000)
        #expect(
            throws: ResourceError.insufficientMemory(
                neededBytes: 477_600, availableBytes: 100_000, parameter: "path")
        ) {
            try CSVDataset.load(
                path: path, target: "label", sensitive: [], seed: 1, memoryBudget: budget)
        }
        let roomy = MemoryBudget(availableBytes: 1_000_000)
        let split = try CSVDataset.load(
            path: path, target: "label", sensitive: [], seed: 1, memoryBudget: roomy)
        #expect(split.train.features.cols == 199)
    }

    @Test func fileTooLargeToReadIsRefusedBeforeReading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.csv").path
        try Data(repeating: UInt8(ascii: "1"), count: 1000).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: ResourceError.insufficientMemory(
                neededBytes: 10_000, availableBytes: 5_000, parameter: "path")
        ) {
            try CSVDataset.load(
                path: path, target: "label", sensitive: [], seed: 1,
                memoryBudget: MemoryBudget(availableBytes: 5_000))
        }
    }
}
