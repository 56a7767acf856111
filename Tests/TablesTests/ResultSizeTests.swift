import Testing
@testable import Tables

/// Results that grow as a product of their inputs' sizes are refused past 100,000,000 values,
/// before they are built, instead of exhausting memory.
@Suite struct ResultSizeTests {
    @Test func aJoinOnOneRepeatedKeyIsRefused() throws {
        let keys = try Table(columns: [Column.integers("k", Array(repeating: 1, count: 20_000)), Column.numbers("v", Array(repeating: 0, count: 20_000))])
        #expect(throws: DataError(.invalidArgument, "join would make 400000000 rows × 3 columns, too large (at most 100,000,000 values)")) {
            try keys.joined(with: keys, on: "k")
        }
        let few = try keys.selectingRows(Array(0..<100))
        #expect(try few.joined(with: few, on: "k").rowCount == 10_000)
    }

    @Test func oneHotOfTooManyLevelsIsRefused() throws {
        let labels = try Table(columns: [Column.texts("label", (0..<20_000).map { "L\($0)" })])
        #expect(throws: DataError(.invalidArgument, "one_hot would make 20000 rows × 20000 columns, too large (at most 100,000,000 values)")) {
            try OneHotEncode(["label"]).fit(on: labels).apply(to: labels)
        }
    }

    @Test func polynomialTermsAreCountedBeforeTheyAreListed() throws {
        let wide = try Table(columns: (0..<40).map { Column.numbers("c\($0)", [1, 2, 3]) })
        // Σ_{d=1}^{8} C(40 + d − 1, d) = C(48, 8) − 1 terms.
        #expect(throws: DataError(.invalidArgument, "polynomial would make 3 rows × 377348993 columns, too large (at most 100,000,000 values)")) {
            try PolynomialFeatures(degree: 8).fit(on: wide)
        }
        for n in 1...5 {
            for degree in 1...4 {
                for (interactionOnly, includeBias) in [(false, false), (true, false), (false, true), (true, true)] {
                    let fitted = PolynomialFeatures.Fitted(
                        columns: (0..<n).map { "c\($0)" }, degree: degree, interactionOnly: interactionOnly, includeBias: includeBias)
                    #expect(fitted.termCount == fitted.terms.count, "n \(n) degree \(degree) \(interactionOnly) \(includeBias)")
                }
            }
        }
    }
}
