import AmuletData
import AmuletLearn
import AmuletRisks
import AmuletTestSupport
import Testing

@Suite struct DefenseRecommendationTests {
    /// `load digits; train cnn; defend dp eps=1`: DP-SGD recommends batch 256, but cnn's own
    /// default batch 32 stands, so q = 32/449 rather than 256/449 = 0.57.
    @Test func aModelPluginsOwnDefaultsBeatADefensesRecommendation() throws {
        let split = try DigitsDataset.load(
            folder: DataFolder(url: TestSupport.dataFolderURL()), seed: 0)
        var s = Scenario(
            datasetName: "digits", datasetParameters: ParameterValues(), data: split,
            memberFraction: 0.5, seed: 0)
        let recipe = try CNNPlugin.recipe(PluginCall(), seed: 2, data: split.train)
        s.setModel(name: "cnn", recipe: recipe, label: "cnn", parameters: ParameterValues())
        try s.setDefenses([(DPSGDPlugin.self, PluginCall())])
        let defended = try #require(s.current)
        #expect(recipe.batchSize == 32)
        #expect(defended.batchSize == 32, "cnn's own batch must stand")
        #expect(defended.optimizer.learningRate == recipe.optimizer.learningRate)
        #expect(s.defendedTraining([DPSGDPlugin.self]).notes.isEmpty)
        let dp = try #require(defended.defenses.first as? DPSGDDefense)
        #expect(abs(dp.samplingRate - 32.0 / Double(s.memberIndices.count)) < 1e-12)
    }
}
