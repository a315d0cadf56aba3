import AmuletNotebook
import AmuletRisks

extension Interpreter {
    /// `export predictions FILE.csv` and `export mia FILE.csv`: one row per example.
    func exportPerExample(_ command: Command, context: inout CellContext) throws(Diagnostic) {
        let what = command.subject ?? ""
        let (path, range) = try pathArgument(
            command, purpose: "such as 'export \(what) \(what).csv'", skipSubject: true)
        guard path.hasSuffix(".csv") else {
            throw Diagnostic(
                .badArgument, "export \(what) writes a .csv file, not '\(path)'", range: range)
        }
        let text = what == "predictions" ? try predictionsCSV(command) : try membershipCSV(command)
        try write(text, to: path, range: range)
        context.outputs.append(.note("exported \(what) to \(path)"))
    }

    /// Per test example: label, prediction and class probabilities of each model, sensitive attributes.
    func predictionsCSV(_ command: Command) throws(Diagnostic) -> String {
        let scenario = try requireModel(command)
        let test = scenario.data.test
        var columns = ["index", "label"] + test.sensitive.map(\.name)
        var perModel: [(predictions: [Int], probabilities: [[Float]])] = []
        for (role, recipe, _) in scenario.roles {
            let model: ModelUnderTest
            do {
                let trained = try environment.workbench.model(recipe, scenario: scenario)
                model = ModelUnderTest(
                    role: role, recipe: recipe, label: "", model: trained.model,
                    fromCache: trained.fromCache)
            } catch {
                throw diagnostic(for: error, at: command.range)
            }
            let p = model.model.network.probabilities(test.features)
            perModel.append((p.argmaxRows(), (0..<p.rows).map { p.row($0) }))
            let prefix = role == .current ? "" : "\(role.rawValue)_"
            columns.append("\(prefix)prediction")
            columns += test.classNames.indices.map { "\(prefix)p\($0)" }
        }
        var lines = [columns.map(CSVRenderer.field).joined(separator: ",")]
        for i in 0..<test.count {
            var fields = ["\(i)", "\(test.labels[i])"] + test.sensitive.map { "\($0.values[i])" }
            for model in perModel {
                fields.append("\(model.predictions[i])")
                fields += model.probabilities[i].map { "\($0)" }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per training-split example: membership truth and each model's score from the last attack.
    func membershipCSV(_ command: Command) throws(Diagnostic) -> String {
        let tables = session.lastArtifacts.keys.sorted().filter { $0.hasPrefix("mia.scores.") }
        guard !tables.isEmpty else {
            throw Diagnostic(
                .runtime, "no membership scores yet", range: command.verbRange,
                suggestion: "run an attack first, such as 'attack mia'")
        }
        var columns = ["index", "member"]
        var scores: [[String]] = []
        var members: [String] = []
        for key in tables {
            guard case .table(_, let rows) = session.lastArtifacts[key] else { continue }
            columns.append(key.replacingOccurrences(of: "mia.scores.", with: "") + "_score")
            scores.append(rows.map { $0.count > 2 ? $0[2] : "" })
            if members.isEmpty { members = rows.map { $0.count > 1 ? $0[1] : "" } }
        }
        var lines = [columns.joined(separator: ",")]
        for i in members.indices {
            lines.append(
                (["\(i)", members[i]] + scores.map { i < $0.count ? $0[i] : "" }).joined(
                    separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
