import AmuletRisks

/// The standard defs the Catalog writes rather than a script: `risks` runs every plug-in that
/// declares a `MatrixUse`, with its declared settings, in Catalog order.
///
/// `stdlib/interactions.amu` builds the defense × risk matrix from `risks`, so an attack that
/// declares a matrix use reaches the matrix, `compare matrix` and the report with no edit to
/// the standard library.
enum CatalogDefinitions {
    /// The name the matrix's measurements are called by.
    static let risksName = "risks"
    /// The file name diagnostics give the generated source.
    static let file = "<catalog>"

    /// The source of `def risks { … }`: one line per matrix use.
    static func risksSource(_ catalog: Catalog) -> String {
        let lines = catalog.matrixUses.map { spec, use in
            "    "
                + ([spec.kind.verb, spec.name] + use.settings.map(\.source)).joined(separator: " ")
        }
        return "# Every risk of the defense × risk matrix, as the Catalog declares it.\n"
            + "def \(risksName) {\n" + lines.joined(separator: "\n") + "\n}\n"
    }

    /// `risks` as a def, or nil when no plug-in declares a matrix use or the generated source
    /// does not parse (the Catalog's conformance tests reject both for the built-in Catalog).
    static func risks(_ catalog: Catalog) -> Definition? {
        guard !catalog.matrixUses.isEmpty else { return nil }
        let source = risksSource(catalog)
        let (program, errors) = Parser.parse(source: source, file: file)
        guard errors.isEmpty, case .def(_, _, let body, let range)? = program.statements.first
        else { return nil }
        return Definition(body: body, source: program.sourceText(of: range))
    }
}
