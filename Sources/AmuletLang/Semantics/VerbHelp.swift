/// Usage and a one-line summary of each verb, for `help`.
enum VerbHelp {
    /// (synopsis, summary) by verb.
    static func entry(_ verb: Verb) -> (synopsis: String, summary: String) {
        switch verb {
        case .load:
            return (
                "load DATASET [name=value …]",
                "load a dataset and split it into train (members + adversary) and test"
            )
        case .train:
            return (
                "train MODEL [name=value …]", "set the baseline recipe and train it on the members"
            )
        case .defend:
            return (
                "defend DEFENSE [name=value …]", "add (or replace) a training defense in the recipe"
            )
        case .undefend: return ("undefend DEFENSE", "remove a defense from the recipe")
        case .attack:
            return ("attack ATTACK [name=value …]", "attack the baseline and the defended model")
        case .measure:
            return ("measure METRIC [name=value …]", "measure the baseline and the defended model")
        case .compare:
            return (
                "compare [all|groups|matrix] [baseline=LABEL] [risk=NAME] [metric=GLOB]",
                "each risk's headline metrics × scenarios with the change; all, groups or the matrix"
            )
        case .show:
            return (
                "show " + ShowTopic.allCases.map(\.rawValue).joined(separator: "|") + "|$name",
                "print a part of the session or a value"
            )
        case .set:
            return (
                "set "
                    + Setting.allCases.map { "\($0.rawValue)=\($0.parameter.type.label)" }
                    .joined(separator: " "),
                "change a session setting"
            )
        case .help:
            return (
                "help [VERB|NAME]",
                "list the verbs, or explain one verb or catalog entry with its parameters"
            )
        case .explain:
            return (
                "explain NAME",
                "what a name means: a risk, plug-in, metric, parameter, value, setting or verb"
            )
        case .report:
            return (
                "report [all] FILE.html|FILE.md",
                "write the session as a report: a summary, then each cell with tables and charts "
                    + "(all: help and show cells too)"
            )
        case .export:
            return (
                "export FILE.csv|FILE.json | export NAME FILE.csv | export model FILE.onnx",
                "write the result ledger, a per-example artifact (help export), or the model as ONNX"
            )
        case .save:
            return ("save FILE.amu", "write the session's cells back as a replayable script")
        case .import: return ("import \"FILE.amu\"", "run another script in this session")
        case .reset:
            return (
                "reset",
                "clear the scenario, variables, your defs and results (settings, prelude stay)"
            )
        }
    }

    /// More lines for `help KEYWORD`, after its usage line.
    static let statementDetails: [String: [String]] = [
        Keyword.tune.rawValue: [
            "each setting trains on a copy of the scenario; the session's model is untouched",
            "several defenses sweep every combination: tune dp eps=[1, 4] adv eps=[0.05, 0.1] …",
            "METRIC is a name as compare shows it, such as mia.lira.auc or "
                + "the fairness gap of one attribute; its direction decides the Pareto front",
            "the plug-in that reports each metric runs with its defaults; a 'with' clause gives "
                + "it parameters, checked like a command's: … with mia shadows=8",
            "'with' names an attack or metric that measures a constrained metric; to change the "
                + "model, train it again before tune",
            "under repeat each setting shows mean ± 95% CI; inside for, each iteration its own "
                + "table; the report draws the front",
        ]
    ]

    /// Lines about the statements that are not commands.
    static let statements = [
        ("let NAME = VALUE", "bind a value; use it as $NAME"),
        ("for NAME in [a, b, …] { … }", "run a block once per value"),
        ("repeat N { … }", "run a block N times, each with its own derived seed"),
        ("def NAME { … }", "define a block; a bare NAME runs it"),
        (
            "assert [SCENARIO] METRIC < x | within a..b",
            "fail the cell unless the latest value meets the bound (also <=, >, >=)"
        ),
        (
            "tune DEFENSE P=[a, b] … subject to METRIC >= x and … [with PLUGIN P=v …]",
            "train every setting on a copy of the scenario; show which meet every constraint "
                + "and the Pareto front"
        ),
    ]
}
