import AmuletRisks
import Testing

/// The `word or [int]` parameter type: which values bind, how they read back, what is refused.
@Suite struct WordOrIntegerListTests {
    let spec = ParameterSpec("trigger", .wordOrIntegerList, doc: "a word or indices")

    func bound(_ value: ParameterValue) -> WordOrIntegerList? {
        guard case .success(let normalised) = spec.validate(value) else { return nil }
        return WordOrIntegerList(parameterValue: normalised)
    }

    @Test func aWordAListAndANumberBindAndReadBack() {
        #expect(bound(.text("cf")) == .word("cf"))
        #expect(bound(.list([.number(0), .number(3), .number(5)])) == .integers([0, 3, 5]))
        // A bare number is a one-item list, as for [int] parameters (trigger=3 as before).
        #expect(bound(.number(3)) == .integers([3]))
        #expect(WordOrIntegerList.word("cf").parameterValue == .text("cf"))
        #expect(
            WordOrIntegerList.integers([0, 3]).parameterValue == .list([.number(0), .number(3)]))
        #expect(WordOrIntegerList.word("cf").word == "cf")
        #expect(WordOrIntegerList.word("cf").integers == nil)
        #expect(WordOrIntegerList.integers([2]).integers == [2])
        #expect(WordOrIntegerList.parameterType.label == "word or [int]")
        #expect(spec.typeDescription == "a word or a list of whole numbers")
    }

    @Test func otherValuesAreRefusedWithTheFormTheyMissed() {
        func problem(_ value: ParameterValue) -> ParameterProblem? {
            guard case .failure(let problem) = spec.validate(value) else { return nil }
            return problem
        }
        #expect(problem(.text("two words")) == .wrongType(expected: "one word without spaces"))
        #expect(problem(.text("")) == .wrongType(expected: "one word without spaces"))
        #expect(problem(.list([.text("cf")])) == .wrongType(expected: "a list of whole numbers"))
        #expect(problem(.list([.number(1.5)])) == .wrongType(expected: "a list of whole numbers"))
        #expect(problem(.list([])) == .wrongType(expected: "a non-empty list"))
        #expect(problem(.number(0.5)) == .wrongType(expected: "a list of whole numbers"))
        #expect(problem(.flag(true)) == .wrongType(expected: "a word or a list of whole numbers"))
        // A declared range bounds every number, in a list or bare.
        let bounded = ParameterSpec("t", .wordOrIntegerList, range: 0...9, doc: "")
        #expect(bounded.validate(.number(10)) == .failure(.outOfRange(range: "0…9")))
        #expect(bounded.validate(.list([.number(10)])) == .failure(.outOfRange(range: "0…9")))
        #expect(bounded.validate(.text("cf")) == .success(.text("cf")))
    }
}
