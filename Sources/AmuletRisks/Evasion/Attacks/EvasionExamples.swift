import AmuletData
import AmuletLearn
import AmuletTensor

/// What an evasion attack shows of its adversarial examples: originals beside their
/// adversarial copies, with the true class and the model's answer before and after.
///
/// On images a grid of three rows: the original, the adversarial copy and the perturbation
/// magnified k times around mid-grey (k the largest whole factor that keeps the largest shown
/// change inside the scale), the examples the attack turned from right to wrong first. On a
/// table one row per test point, since a table row drawn as pixels would mean nothing.
enum EvasionExamples {
    /// The export and artifact name: `export evasion adversarial.png`.
    static let export = ExportSpec(
        "evasion",
        doc: "original and adversarial test examples with the model's answers: on images .png, "
            + ".svg (original, adversarial, magnified perturbation) or .csv (pixels); on tables "
            + ".csv")

    /// The artifact of one attack run: `clean` and `attacked` are the model's predictions on
    /// `test` and on `adversarial`.
    static func artifact(
        test: Dataset, adversarial: Matrix, clean: [Int], attacked: [Int]
    ) -> Artifact? {
        guard test.count > 0 else { return nil }
        func name(_ label: Int) -> String {
            test.classNames.indices.contains(label) ? test.classNames[label] : "\(label)"
        }
        guard case .image(let channels, let height, let width) = test.modality else {
            return .perExample(
                ExampleTable(
                    keyColumns: ["index", "truth"],
                    keys: test.labels.indices.map { ["\($0)", name(test.labels[$0])] },
                    valueColumns: ["clean_prediction", "adversarial_prediction"],
                    values: test.labels.indices.map { [name(clean[$0]), name(attacked[$0])] }))
        }
        let shown = ExampleSelection.rows(labels: test.labels) {
            clean[$0] == test.labels[$0] && attacked[$0] != test.labels[$0]
        }
        var originals: [[Float]] = []
        var copies: [[Float]] = []
        var largest: Float = 0
        for row in shown {
            let original = test.features.row(row)
            let copy = adversarial.row(row)
            for (a, b) in zip(original, copy) { largest = max(largest, abs(b - a)) }
            originals.append(original)
            copies.append(copy)
        }
        let (low, high) = ImageGrid.range(of: originals + copies)
        let middle = (low + high) / 2
        let factor = largest > 0 ? max(1, ((high - low) / 2 / largest).rounded(.down)) : 1
        let items = shown.indices.map { i in
            let perturbation = zip(originals[i], copies[i]).map { middle + factor * ($1 - $0) }
            return ImageGrid.Item(
                label: name(test.labels[shown[i]]),
                images: [originals[i], copies[i], perturbation],
                captions: ["→ " + name(clean[shown[i]]), "→ " + name(attacked[shown[i]])])
        }
        return .images(
            ImageGrid(
                channels: channels, height: height, width: width,
                rowTitles: ["original", "adversarial", "perturbation ×\(Int(factor))"],
                caption: "true class above; the model's answer below each image",
                items: items, low: low, high: high))
    }
}
