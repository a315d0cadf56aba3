import Testing

/// Expects `actual` within `tolerance` of `expected`, reporting how far off it was.
public func expectClose(
    _ actual: Double, _ expected: Double, tolerance: Double = 1e-9,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = abs(actual - expected)
    #expect(
        error <= tolerance,
        "\(actual) is \(error) away from \(expected) (tolerance \(tolerance))",
        sourceLocation: sourceLocation)
}
