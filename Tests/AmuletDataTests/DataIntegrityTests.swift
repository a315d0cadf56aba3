import AmuletData
import AmuletTestSupport
import Foundation
import Testing

/// Built-in raw files are checked against their published SHA-256 before use.
@Suite struct DataIntegrityTests {
    /// A fresh temporary folder holding the given files.
    func folder(with files: [String: Data]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: url.appendingPathComponent(name)) }
        return url
    }

    /// Expects `load` to fail with `damagedFile` naming `file` and the fetch command.
    func expectDamaged(
        _ file: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ load: () throws(DataError) -> DataSplit
    ) {
        do {
            _ = try load()
            Issue.record("expected \(file) to be reported damaged", sourceLocation: sourceLocation)
        } catch {
            guard case .damagedFile(let path, let why, let command) = error else {
                Issue.record("wrong error \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(path.hasSuffix("/" + file), sourceLocation: sourceLocation)
            #expect(why.contains(reason), sourceLocation: sourceLocation)
            #expect(command == "scripts/fetch-data", sourceLocation: sourceLocation)
            #expect(
                error.description.contains("run 'scripts/fetch-data'"),
                sourceLocation: sourceLocation)
        }
    }

    @Test func emptyBuiltInFilesAreReportedDamagedNotLoadedSmaller() throws {
        let names = ["adult.data", "adult.test", "compas-scores-two-years.csv", "german.data"]
        let url = try folder(with: Dictionary(uniqueKeysWithValues: names.map { ($0, Data()) }))
        defer { try? FileManager.default.removeItem(at: url) }
        try Data().write(to: url.appendingPathComponent("digits.csv"))
        let data = DataFolder(url: url)
        expectDamaged("adult.data", reason: "empty") { () throws(DataError) in
            try AdultDataset.load(folder: data, seed: 0)
        }
        expectDamaged("compas-scores-two-years.csv", reason: "empty") { () throws(DataError) in
            try COMPASDataset.load(folder: data, seed: 0)
        }
        expectDamaged("german.data", reason: "empty") { () throws(DataError) in
            try GermanCreditDataset.load(folder: data, seed: 0)
        }
        expectDamaged("digits.csv", reason: "empty") { () throws(DataError) in
            try DigitsDataset.load(folder: data, seed: 0)
        }
    }

    @Test func truncatedAdultDataIsReportedDamaged() throws {
        // Two well-formed UCI rows: a parseable but truncated file.
        let rows =
            "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, "
            + "White, Male, 2174, 0, 40, United-States, <=50K\n"
            + "50, Self-emp-not-inc, 83311, Bachelors, 13, Married-civ-spouse, Exec-managerial, "
            + "Husband, White, Male, 0, 0, 13, United-States, <=50K\n"
        let url = try folder(with: ["adult.data": Data(rows.utf8), "adult.test": Data(rows.utf8)])
        defer { try? FileManager.default.removeItem(at: url) }
        expectDamaged("adult.data", reason: "not the published 5b00264637db") {
            () throws(DataError) in
            try AdultDataset.load(folder: DataFolder(url: url), seed: 0)
        }
    }

    @Test func digestIsComputedOncePerFileState() throws {
        let url = try folder(with: ["german.data": Data("x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: url) }
        let data = DataFolder(url: url)
        for _ in 0..<3 { _ = try? data.readVerified("german.data") }
        #expect(data.digests.computedCount == 1)
        // A new modification time is a new state: hashed again.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000)],
            ofItemAtPath: url.appendingPathComponent("german.data").path)
        _ = try? data.readVerified("german.data")
        #expect(data.digests.computedCount == 2)
    }

    @Test func builtInIdentityCarriesTheFileDigest() throws {
        let split = try GermanCreditDataset.load(
            folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
        // sha256sum german.data, as published in scripts/fetch-data.
        #expect(
            split.identity.contains(
                "b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871"))
    }
}
