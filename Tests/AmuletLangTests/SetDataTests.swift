import AmuletData
import AmuletLang
import AmuletRisks
import Foundation
import Testing

/// `set data=` moves to another folder of raw files without losing the dataset cache.
@Suite struct SetDataTests {
    @Test func anotherDataFolderKeepsTheEncodedDatasetCache() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "amulet-setdata-\(UUID().uuidString)")
        var i = Interpreter.forTesting(in: folder)
        i.session.settings.dataFolder.cache = DatasetCache(
            directory: folder.appendingPathComponent("cache"))
        let result = i.run("set data=elsewhere")
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(i.session.settings.dataFolder.url.path.hasSuffix("elsewhere"))
        #expect(i.session.settings.dataFolder.cache != nil)
    }
}
