import AmuletRisks
import AmuletTensor

/// Generates scripts from the Catalog's verbs and parameters, for fuzzing the language.
///
/// Every script starts on tiny data (`load synthetic rows=60`, a one-epoch model) and then
/// runs a few commands drawn from every plug-in the Catalog lists, each parameter given a
/// value in range, at an end of its range, just outside it, of the wrong type, or extreme
/// (0, −1, 10⁹, NaN-like text, a long word), mixed with the language's other statements and
/// with random damage (a dropped, doubled or swapped token). Numbers in range are kept small,
/// so most scripts finish in milliseconds; what must hold is that every one ends in a result
/// or a located diagnostic, never a crash or a hang. Seeded, so a failure is reproducible.
public struct ScriptFuzzer: Sendable {
    /// The plug-ins drawn from: every one but the datasets that read files.
    let specs: [PluginSpec]
    /// The first line: a generated dataset of 60 rows.
    let opening: String
    /// One-epoch trainings of the Catalog's models.
    let trainings: [String]
    /// The generator of every choice.
    var rng: SeededGenerator

    /// A fuzzer over `catalog`'s plug-ins, seeded with `seed`.
    ///
    /// The data is the first dataset that generates rows (one with a `rows` parameter), so
    /// every script runs on tiny data; every name comes from the Catalog.
    public init(catalog: Catalog = .builtIn, seed: UInt64) {
        let generated = catalog.specs(.dataset).filter { $0.parameter("rows") != nil }
        self.specs = catalog.allSpecs.filter { spec in
            spec.kind != .dataset || generated.contains { $0.name == spec.name }
        }
        self.opening = generated.first.map { "load \($0.name) rows=60" } ?? ""
        self.trainings = catalog.specs(.model).prefix(3).map { "train \($0.name) epochs=1" }
        self.rng = SeededGenerator(seed: seed)
    }

    /// The next script.
    public mutating func next() -> String {
        var lines = [opening, pick(trainings.isEmpty ? [""] : trainings)]
        for _ in 0..<int(1...4) {
            lines.append(statement())
        }
        if int(0...3) == 0 {
            lines[int(0...(lines.count - 1))] = damaged(lines.randomElement(&rng))
        }
        return lines.joined(separator: pick(["\n", "; ", "\n\n"]))
    }

    /// One statement: mostly a plug-in command, sometimes another statement of the language.
    mutating func statement() -> String {
        switch int(0...9) {
        case 0:
            return pick(["compare", "show ledger", "show scenario", "show variables", "undefend"])
        case 1: return "let v = \(value())"
        case 2: return "repeat \(int(0...2)) { \(command()) }"
        case 3: return "for x in [\(value()), \(value())] { \(command()) }"
        case 4: return "assert \(metricName()) \(pick(["<=", ">=", "<", ">"])) \(value())"
        case 5:
            guard let defense = specs.filter({ $0.kind == .defense }).randomElement(&rng) else {
                return command()
            }
            return "tune \(defense.name) \(arguments(of: defense, count: 1)) subject to "
                + "\(metricName()) <= \(value())"
        default: return command()
        }
    }

    /// A plug-in command with a few of its parameters.
    mutating func command() -> String {
        guard let spec = specs.randomElement(&rng) else { return "compare" }
        let name = int(0...19) == 0 ? spec.name + "x" : spec.name
        return "\(spec.kind.verb) \(name) \(arguments(of: spec, count: int(0...3)))"
    }

    /// `count` parameters of `spec` as `name=value`, with the odd unknown name.
    mutating func arguments(of spec: PluginSpec, count: Int) -> String {
        guard !spec.parameters.isEmpty else { return "" }
        var parts: [String] = []
        for _ in 0..<count {
            guard let parameter = spec.parameters.randomElement(&rng) else { break }
            let name = int(0...24) == 0 ? "no_such_parameter" : parameter.name
            parts.append("\(name)=\(value(for: parameter))")
        }
        return parts.joined(separator: " ")
    }

    /// A value for `parameter`: usually a cheap valid one, often a boundary or a wrong one.
    mutating func value(for parameter: ParameterSpec) -> String {
        let range = parameter.range
        switch int(0...9) {
        case 0...4:
            switch parameter.type {
            case .integer, .number:
                guard let range else { return "\(int(0...3))" }
                return number(range.lowerBound + Double(int(0...2)), within: range)
            case .integerList:
                guard let range else { return "[1]" }
                return "[\(number(range.lowerBound, within: range))]"
            case .flag: return pick(["0", "1", "yes", "off"])
            case .choice(let options): return options.randomElement(&rng) ?? "x"
            case .text, .path, .textList: return pick(["group", "\"x.csv\"", "[group]"])
            case .wordOrIntegerList:
                // Either form: which one fits is the plug-in's to say (a word on text).
                let list = range.map { "[\(number($0.lowerBound, within: $0))]" } ?? "[0, 1]"
                return pick(["cf", "\"cf\"", list, "1"])
            }
        case 5:
            guard let range else { return value() }
            return number(range.upperBound, within: range)
        case 6:
            guard let range else { return value() }
            return pick([range.lowerBound - 1, range.upperBound + 1].map { format($0) })
        default:
            return value()
        }
    }

    /// `v` clamped into `range` and written as a script number (cheap ends stay cheap).
    mutating func number(_ v: Double, within range: ClosedRange<Double>) -> String {
        let clamped = min(max(v, range.lowerBound), min(range.upperBound, 1e6))
        return format(clamped)
    }

    /// A number as a script writes it.
    func format(_ v: Double) -> String {
        if v.isInfinite || v.isNaN { return "1e309" }
        return ParameterValue.number(v).description
    }

    /// A value of any type, including extremes.
    mutating func value() -> String {
        pick([
            "0", "-1", "1", "2", "0.5", "1e9", "-1e9", "1e309", "10%", "nan", "\"\"", "[]",
            "[1, 2]", "[[1]]", "$v", "$undefined", "word", String(repeating: "z", count: 300),
        ])
    }

    /// A metric name the Catalog declares, sometimes with a subject or misspelt.
    mutating func metricName() -> String {
        let names = specs.flatMap { $0.reports.map(\.name) }
        guard let name = names.randomElement(&rng) else { return "x" }
        switch int(0...5) {
        case 0: return name + "x"
        case 1:
            guard let dot = name.firstIndex(of: ".") else { return name }
            return String(name[..<dot]) + ".nosuch" + String(name[dot...])
        default: return name
        }
    }

    /// `line` with one token dropped, doubled or swapped with its neighbour, or a stray symbol.
    mutating func damaged(_ line: String?) -> String {
        var tokens = (line ?? "").split(separator: " ").map(String.init)
        guard !tokens.isEmpty else { return "{" }
        let i = int(0...(tokens.count - 1))
        switch int(0...4) {
        case 0: tokens.remove(at: i)
        case 1: tokens.insert(tokens[i], at: i)
        case 2 where i + 1 < tokens.count: tokens.swapAt(i, i + 1)
        case 3: tokens.insert(pick(["{", "}", "[", "]", "=", "\"", "$", "#", "%"]), at: i)
        default: tokens[i] = String(tokens[i].dropLast())
        }
        return tokens.joined(separator: " ")
    }

    /// A uniform whole number in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    /// One of `options`.
    mutating func pick(_ options: [String]) -> String {
        options[int(0...(options.count - 1))]
    }
}

extension Array {
    /// A uniformly chosen element, or nil when empty.
    fileprivate func randomElement(_ rng: inout SeededGenerator) -> Element? {
        isEmpty ? nil : self[Int(rng.next() % UInt64(count))]
    }
}
