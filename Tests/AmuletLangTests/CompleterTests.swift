import AmuletLang
import Testing

@Suite("Completer")
struct CompleterTests {
    static let vocabulary = CompletionVocabulary(
        verbs: [
            "load", "train", "defend", "undefend", "attack", "measure", "compare", "show", "set",
            "help", "explain", "report", "export", "save", "import", "reset",
        ],
        keywords: ["let", "for", "in", "repeat", "def"],
        commands: [
            "attack": .init(subjects: [
                "mia", .init("lira", parameters: ["shadows", "offline"]), "pgd",
            ]),
            "load": .init(subjects: [
                "adult", "compas", "german", "digits", "synthetic",
                .init("csv", parameters: ["path", "target", "sensitive"]),
                .init("text", parameters: ["text", "length"]),
            ]),
            "train": .init(subjects: [
                .init("mlp", parameters: ["epochs", "lr", "hidden", "batch"]), "logistic",
            ]),
            "export": .init(subjects: ["predictions", "ledger"]),
            "set": .init(parameters: ["seed", "threads", "format", "data"]),
        ],
        variables: ["n", "name", "eps"],
        defs: ["baseline"])

    /// A fake file system: a project folder with a data directory.
    static let files: [String: [String]] = [
        ".": ["data/", "lesson1.amu", "lesson2.amu", "out/", ".hidden"],
        "data/": ["adult.csv", "compas.csv"],
        "~/": ["notes.amu"],
    ]

    static let completer = Completer(vocabulary: vocabulary) { files[$0] ?? [] }

    func complete(_ line: String) -> CompletionAction {
        Self.completer.complete(line: line, cursor: line.count)
    }

    @Test func uniqueVerbInsertsItsRestAndASpace() {
        #expect(complete("tra") == .insert("in "))
        #expect(complete("und") == .insert("efend "))
    }

    @Test func ambiguousVerbsAreShownSortedWhenNoLongerPrefixExists() {
        #expect(complete("re") == .show(["repeat", "report", "reset"]))
    }

    @Test func ambiguousVerbsInsertTheirLongerCommonPrefix() {
        #expect(complete("de") == .insert("f"))
        #expect(complete("ex") == .insert("p"))
    }

    @Test func statementStartOffersKeywordsAndDefs() {
        #expect(complete("le") == .insert("t "))
        #expect(complete("bas") == .insert("eline "))
    }

    @Test func subjectAfterVerbCompletesFromThatVerbsNames() {
        #expect(complete("attack m") == .insert("ia "))
        #expect(complete("load c") == .show(["compas", "csv"]))
        #expect(complete("load co") == .insert("mpas "))
        #expect(complete("attack ") == .show(["lira", "mia", "pgd"]))
    }

    @Test func parameterAfterSubjectInsertsNameAndEquals() {
        #expect(complete("train mlp ep") == .insert("ochs="))
        #expect(complete("train mlp epochs=20 l") == .insert("r="))
    }

    @Test func parametersAlreadyGivenAreNotOfferedAgain() {
        #expect(complete("train mlp epochs=20 lr=0.1 ") == .show(["batch", "hidden"]))
    }

    @Test func aSubjectNamedLikeItsParameterStillOffersIt() {
        #expect(complete("load text te") == .insert("xt="))
        #expect(complete("load text text=a ") == .insert("length="))
    }

    @Test func verbWithoutSubjectsCompletesParameters() {
        #expect(complete("set se") == .insert("ed="))
        #expect(complete("set t") == .insert("hreads="))
    }

    @Test func dollarWordCompletesVariables() {
        #expect(complete("show $e") == .insert("ps"))
        #expect(complete("attack lira shadows=$e") == .insert("ps"))
        #expect(complete("for d in [$eps, $na") == .insert("me"))
    }

    @Test func exactVariableWithLongerSiblingListsBoth() {
        #expect(complete("show $n") == .show(["$n", "$name"]))
    }

    @Test func pathsCompleteAfterFileVerbs() {
        #expect(complete("import l") == .insert("esson"))
        #expect(complete("import lesson1") == .insert(".amu "))
        #expect(complete("save d") == .insert("ata/"))
        #expect(complete("report data/a") == .insert("dult.csv "))
        #expect(complete("import data/") == .show(["adult.csv", "compas.csv"]))
        #expect(complete("import ~/n") == .insert("otes.amu "))
    }

    @Test func hiddenFilesAppearOnlyWhenTheNameStartsWithADot() {
        #expect(complete("import ") == .show(["data/", "lesson1.amu", "lesson2.amu", "out/"]))
        #expect(complete("import .h") == .insert("idden "))
    }

    @Test func quotedPathsCompleteAndCloseTheQuote() {
        #expect(complete("import \"lesson2") == .insert(".amu\" "))
        #expect(complete("let f = \"data/c") == .insert("ompas.csv\" "))
    }

    @Test func pathParameterCompletesFiles() {
        #expect(complete("load csv path=data/ad") == .insert("ult.csv "))
        #expect(complete("load csv pa") == .insert("th="))
    }

    @Test func exportCompletesItsSubjectsAndPaths() {
        #expect(complete("export pr") == .insert("edictions "))
        #expect(complete("export predictions o") == .insert("ut/"))
    }

    @Test func statementAfterSemicolonOrBraceStartsAfresh() {
        #expect(complete("load adult; tra") == .insert("in "))
        #expect(complete("repeat 3 { att") == .insert("ack "))
        #expect(complete("load adult; attack m") == .insert("ia "))
    }

    @Test func semicolonInsideAStringDoesNotEndTheStatement() {
        #expect(complete("import \"a;b\" tra") == .none)
    }

    @Test func nothingToCompleteGivesNone() {
        #expect(complete("xyz") == .none)
        #expect(complete("attack zz") == .none)
        #expect(complete("let n") == .none)
        #expect(complete("train mlp epochs=2") == .none)
        #expect(complete("compare ") == .none)
        #expect(complete("train mlp # tra") == .none)
        #expect(complete("train mlp epochs") == .insert("="))
    }

    @Test func forLoopOffersIn() {
        #expect(complete("for d i") == .insert("n "))
    }

    @Test func onlyTextBeforeTheCursorCounts() {
        let line = "tra mlp epochs=20"
        #expect(Self.completer.complete(line: line, cursor: 3) == .insert("in "))
        #expect(Self.completer.complete(line: "attack m; load adult", cursor: 8) == .insert("ia "))
        #expect(Self.completer.complete(line: "train", cursor: 0).isShow)
        #expect(Self.completer.complete(line: "tra", cursor: 99) == .insert("in "))
    }

    @Test func cursorCountsCharactersNotBytes() {
        let line = "show \"é\"; tra"
        #expect(Self.completer.complete(line: line, cursor: 13) == .insert("in "))
    }
}

extension CompletionAction {
    /// Whether the action lists candidates.
    fileprivate var isShow: Bool {
        if case .show = self { return true }
        return false
    }
}
