import AmuletData
import AmuletLearn
import AmuletTensor
import AmuletTestSupport
import Foundation
import Testing

@Suite(.serialized) struct DatasetTests {
    let folder = DataFolder(url: TestSupport.dataFolderURL())

    /// Rows whose sensitive attribute `name` is 1.
    func count(_ d: Dataset, _ name: String) -> Int {
        d.attribute(name)?.values.reduce(0, +) ?? 0
    }

    @Test func adultHasTheUCIRowCountSplitAndFeatures() throws {
        let split = try AdultDataset.load(folder: folder, seed: 0)
        // 32,561 rows in adult.data + 16,281 in adult.test (UCI).
        #expect(split.train.count + split.test.count == 48_842)
        #expect(split.train.count == 24_421 && split.test.count == 24_421)
        #expect(split.train.features.cols == 94)
        // 11,687 of 48,842 earn >50K: 0.2393.
        let positives: Int = split.train.labels.reduce(0, +) + split.test.labels.reduce(0, +)
        #expect(positives == 11_687)
        #expect(abs(split.train.positiveRate - 0.2393) < 0.001)
        #expect(
            !split.train.featureNames.contains {
                $0.hasPrefix("race") || $0.hasPrefix("sex") || $0.hasPrefix("fnlwgt")
            })
        #expect(split.train.featureNames.contains("native-country=Holand-Netherlands"))
        // 41,762 White and 32,650 Male rows in the UCI data.
        #expect(count(split.train, "race") + count(split.test, "race") == 41_762)
        let male = count(split.train, "sex") + count(split.test, "sex")
        #expect(male == 32_650)
        // Min-max with training statistics: training columns lie in [0, 1].
        #expect(split.train.features.storage.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func adultSplitDependsOnlyOnTheSeed() throws {
        let a = try AdultDataset.load(folder: folder, seed: 4)
        let b = try AdultDataset.load(folder: folder, seed: 4)
        let c = try AdultDataset.load(folder: folder, seed: 5)
        #expect(a.train.labels == b.train.labels && a.train.features == b.train.features)
        #expect(a.train.features != c.train.features)
    }

    @Test func compasGermanAndDigitsMatchTheirPublishedSizes() throws {
        let compas = try COMPASDataset.load(folder: folder, seed: 0)
        // ProPublica's filtered two-year set has 6,172 rows, 2,809 of whom reoffended.
        #expect(compas.train.count + compas.test.count == 6_172)
        let recid: Int = compas.train.labels.reduce(0, +) + compas.test.labels.reduce(0, +)
        #expect(recid == 2_809)
        #expect(compas.train.sensitive.map(\.name) == ["race", "sex"])

        let german = try GermanCreditDataset.load(folder: folder, seed: 0)
        #expect(german.train.count + german.test.count == 1_000)
        // 700 good and 300 bad credit risks.
        let good: Int = german.train.labels.reduce(0, +) + german.test.labels.reduce(0, +)
        #expect(good == 700)
        #expect(german.train.sensitive.map(\.name) == ["sex", "age"])
        // 690 applicants are male (A91, A93, A94).
        let males = count(german.train, "sex") + count(german.test, "sex")
        #expect(males == 690)

        let digits = try DigitsDataset.load(folder: folder, seed: 0)
        #expect(digits.train.count + digits.test.count == 1_797)
        #expect(digits.train.classCount == 10 && digits.train.features.cols == 64)
        #expect(digits.train.modality == .image(channels: 1, height: 8, width: 8))
        #expect(digits.train.features.storage.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func missingRawFileNamesTheFetchCommand() {
        let empty = DataFolder(url: URL(fileURLWithPath: "/nonexistent-amulet-data"))
        do {
            _ = try AdultDataset.load(folder: empty, seed: 0)
            Issue.record("expected a missing-file error")
        } catch {
            #expect("\(error)".contains("scripts/fetch-data"))
        }
    }

    @Test func stratifiedSplitKeepsClassProportions() {
        var rng = SeededGenerator(seed: 1)
        let labels = (0..<1000).map { $0 < 200 ? 1 : 0 }
        let (first, second) = Splitter.stratified(labels: labels, secondFraction: 0.25, rng: &rng)
        #expect(second.count == 250 && first.count == 750)
        #expect(second.filter { labels[$0] == 1 }.count == 50)
        #expect(Set(first).isDisjoint(with: second))
    }

    @Test func syntheticAttributeFollowsTheRequestedCorrelation() throws {
        let split = try SyntheticDataset.make(
            rows: 20_000, features: 3, separation: 2, correlation: 0.6, seed: 2)
        let d = split.train
        let agree = zip(d.labels, d.sensitive[0].values).filter { $0 == $1 }.count
        // P(s = y) = 0.6 + 0.4 · 0.5 = 0.8.
        #expect(abs(Double(agree) / Double(d.count) - 0.8) < 0.015)
    }

    @Test func mlpM1OnAdultReachesTheReferenceAccuracy() throws {
        let split = try AdultDataset.load(folder: folder, seed: 0)
        let recipe = Recipe(
            architecture: .mlp(
                hidden: Architecture.capacities["m1"] ?? [], batchNorm: false, dropout: 0),
            epochs: 10, batchSize: 256, seed: 0)
        let model = try Trainer().train(
            recipe,
            on: TrainingSet(
                features: split.train.features, labels: split.train.labels, classCount: 2))
        let accuracy = model.network.accuracy(split.test.features, labels: split.test.labels)
        // The Python Amulet on PyTorch reaches 0.842–0.845 on this split.
        #expect(accuracy >= 0.840, "test accuracy \(accuracy)")
    }
}
