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

    /// The terms are counted in as many steps as there are columns, whatever the degree: a model
    /// document may hold 2^63 − 1, which is refused at once rather than counted one degree at a time.
    @Test func aPolynomialOfAnyDegreeIsCountedAtOnce() throws {
        let table = try Table(columns: ["a", "b", "c"].map { Column.numbers($0, [1, 2, 3]) })
        #expect(throws: DataError(.invalidArgument, "polynomial would make 3 rows × \(Int.max) columns, too large (at most 100,000,000 values)")) {
            try PolynomialFeatures(["a", "b"], degree: .max).fit(on: table)
        }
        let interactions = PolynomialFeatures.Fitted(columns: ["a", "b", "c"], degree: .max, interactionOnly: true, includeBias: false)
        #expect(interactions.termCount == 7)
    }

    /// Few columns to a high degree make few enough values for a small table, but each term lists
    /// its factors: 2 columns to degree 1000 would list half a billion of them before computing one.
    @Test func polynomialTermsTooManyToListAreRefused() throws {
        let table = try Table(columns: ["a", "b"].map { Column.numbers($0, [1, 2, 3]) })
        #expect(throws: DataError(.invalidArgument, "polynomial: 2 column(s) to degree 1000 make 501500 terms of up to 1000 factors each (at most 100,000,000 factors in all)")) {
            try PolynomialFeatures(degree: 1000).fit(on: table)
        }
        #expect(try PolynomialFeatures(degree: 100).fit(on: table).apply(to: table).columnCount == 5150)
    }
}
