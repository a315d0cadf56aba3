import AmuletData
import Foundation
import Testing

@Suite struct CSVTests {
    @Test func quotedFieldsEscapesAndEmbeddedNewlines() throws {
        let text = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",3\n\"multi\nline\",,5\r\n"
        let records = try CSVReader().parse(text, file: "t.csv")
        #expect(records.count == 3)
        #expect(records[1].fields == ["x, y", "say \"hi\"", "3"])
        #expect(records[2].fields == ["multi\nline", "", "5"])
        #expect(records[2].line == 3)
    }

    @Test func unclosedQuoteNamesItsLineAndColumn() {
        #expect(
            throws: DataError.malformed(
                file: "t.csv", line: 2, column: 3, reason: "quoted field is never closed")
        ) {
            try CSVReader().parse("a,b\n1,\"oops\n", file: "t.csv")
        }
    }

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-\(UUID().uuidString).csv"
        ).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func csvDatasetEncodesNumbersCategoriesAndMissingValues() throws {
        var text = "age,city,group,label\n"
        for i in 0..<40 {
            let age = i % 7 == 0 ? "" : String(20 + i)
            text +=
                "\(age),\(["Oslo", "Rome", "?"][i % 3]),\(i % 2 == 0 ? "f" : "m"),\(i % 4 == 0 ? "yes" : "no")\n"
        }
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let split = try CSVDataset.load(path: path, target: "label", sensitive: ["group"], seed: 1)
        #expect(split.train.count + split.test.count == 40)
        // age (numeric) + city levels {Oslo, Rome, Unknown} minus the first.
        #expect(split.train.featureNames == ["age", "city=Rome", "city=Unknown"])
        #expect(split.train.classNames == ["no", "yes"])
        #expect(split.train.sensitive.first?.positiveGroup == "m")
        #expect(split.train.features.storage.allSatisfy { $0.isFinite })
    }

    @Test func csvRowWithTheWrongFieldCountIsNamed() throws {
        let path = try write("x,y,label\n1,2,a\n3,4,b\n5,6\n7,8,a\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try CSVDataset.load(path: path, target: "label", sensitive: [], seed: 1)
            Issue.record("expected an error")
        } catch let error as DataError {
            guard case .malformed(_, let line, _, let reason) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(line == 4)
            #expect(reason.contains("expected 3 fields"))
        }
    }

    @Test func csvUnknownTargetListsTheColumns() throws {
        let path = try write("x,label\n1,a\n2,b\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: DataError.unknownColumn(
                file: URL(fileURLWithPath: path).lastPathComponent, column: "target",
                available: ["x", "label"])
        ) {
            try CSVDataset.load(path: path, target: "target", sensitive: [], seed: 1)
        }
    }
}
