import AmuletData
import AmuletLearn
import AmuletTensor

/// What a backdoor attack shows of its trigger: test examples of other classes, clean and
/// triggered, with the poisoned model's prediction on the triggered copy.
///
/// On images a grid (clean above triggered, so the patch is visible); on a table one row per
/// test point of another class (the triggered row's prediction beside the clean one's), since
/// a table row drawn as pixels would mean nothing.
enum BackdoorExamples {
    /// The export and artifact name: `export backdoor triggered.png`.
    static let export = ExportSpec(
        "backdoor",
        doc: "triggered test examples and the poisoned model's predictions: on images .png, "
            + ".svg (clean above triggered) or .csv (pixels); on tables .csv")

    /// The artifact for `network` (the poisoned model) on `test`.
    static func artifact(
        _ network: Network, test: Dataset, trigger: BackdoorTrigger, target: Int
    ) -> Artifact? {
        let victims = test.labels.indices.filter { test.labels[$0] != target }
        guard !victims.isEmpty else { return nil }
        func name(_ label: Int) -> String {
            test.classNames.indices.contains(label) ? test.classNames[label] : "\(label)"
        }
        guard case .image(let channels, let height, let width) = test.modality else {
            let clean = network.predictions(test.features.gatherRows(victims))
            let triggered = network.predictions(
                trigger.applied(to: test.features.gatherRows(victims)))
            return .perExample(
                ExampleTable(
                    keyColumns: ["index", "truth"],
                    keys: victims.map { ["\($0)", name(test.labels[$0])] },
                    valueColumns: ["clean_prediction", "triggered_prediction"],
                    values: victims.indices.map { [name(clean[$0]), name(triggered[$0])] }))
        }
        let shown = ExampleSelection.rows(labels: test.labels) { test.labels[$0] != target }
            .filter { test.labels[$0] != target }
        let clean = test.features.gatherRows(shown)
        let triggered = trigger.applied(to: clean)
        let answers = (network.predictions(clean), network.predictions(triggered))
        let items = shown.indices.map { i in
            ImageGrid.Item(
                label: name(test.labels[shown[i]]), images: [clean.row(i), triggered.row(i)],
                captions: ["→ " + name(answers.0[i]), "→ " + name(answers.1[i])])
        }
        let (low, high) = ImageGrid.range(of: items.flatMap(\.images))
        return .images(
            ImageGrid(
                channels: channels, height: height, width: width,
                rowTitles: ["clean", "triggered"],
                caption: "true class above; the poisoned model's answer below (target: "
                    + "\(name(target)))",
                items: items, low: low, high: high))
    }
}
