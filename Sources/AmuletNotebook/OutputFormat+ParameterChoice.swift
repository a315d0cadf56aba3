import AmuletRisks

/// `set format=…` and `--format` read an `OutputFormat` through its declared parameter.
extension OutputFormat: ParameterChoice {}
