import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

@Suite struct CrossValidationTests {
    static func result(_ scores: [Double], folds: [[UInt64]] = [[0], [1], [2], [3], [4]]) -> CrossValidation.Result {
        CrossValidation.Result(estimator: "x", scores: [("accuracy", scores)], foldRows: folds, trainSizes: Array(repeating: 400, count: 5), testSizes: Array(repeating: 100, count: 5))
    }

    @Test func nadeauBengioMatchesScipyComputation() throws {
        // numpy/scipy: d = b − a; se = sqrt((1/J + n_test/n_train)·var(d, ddof=1)); p = 2·t.sf(|t|, J − 1)
        let a = Self.result([0.90, 0.92, 0.88, 0.91, 0.89]), b = Self.result([0.91, 0.94, 0.875, 0.925, 0.92])
        let r = try CorrectedResampledTTest.compare(a, b, metric: "accuracy")
        #expect(abs(r.meanDifference - 0.01399999999999999) < 1e-15)
        #expect(abs(r.statistic - 1.6125543944185379) < 1e-12)
        #expect(abs(r.pValue - 0.18213629892372257) < 1e-12)
        #expect(r.degreesOfFreedom == 4)
    }

    /// Zero variance follows the t test's rule: ±∞ and p 0, or 0/0 and NaN for both.
    @Test func identicalScoresGiveNaNForStatisticAndPValue() throws {
        let a = Self.result([0.90, 0.92, 0.88, 0.91, 0.89])
        let same = try CorrectedResampledTTest.compare(a, a, metric: "accuracy")
        #expect(same.meanDifference == 0 && same.statistic.isNaN && same.pValue.isNaN)
        // Differences of exactly 0.25 in every fold (binary fractions, no rounding).
        let shifted = try CorrectedResampledTTest.compare(
            Self.result([0.5, 0.25, 0.75, 0.5, 0.25]), Self.result([0.75, 0.5, 1, 0.75, 0.5]), metric: "accuracy")
        #expect(shifted.statistic == .infinity && shifted.pValue == 0)
    }

    @Test func differentFoldsAreRefused() {
        let a = Self.result([0.9, 0.9, 0.9, 0.9, 0.9]), b = Self.result([0.9, 0.9, 0.9, 0.9, 0.9], folds: [[1], [0], [2], [3], [4]])
        #expect(throws: LearningError.self) { try CorrectedResampledTTest.compare(a, b, metric: "accuracy") }
        #expect(throws: LearningError("no metric 'rmse'; available: accuracy")) { try CorrectedResampledTTest.compare(a, a, metric: "rmse") }
    }

    @Test func preprocessingIsRefittedInsideEachFold() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let iris = try TableLoader.load(path: root.appendingPathComponent("datasets/iris.csv").path).table
        var random = RandomGenerator(seed: 1)
        let folds = try iris.folds(k: 5, stratifyBy: "species", using: &random)
        let preprocessor = Preprocessor([Standardize()])
        let result = try CrossValidation.run("logistic", on: iris, target: "species", hyperparameters: [:], preprocessor: preprocessor, folds: folds, random: &random)
        let accuracy = try #require(result.values(of: "accuracy"))
        #expect(accuracy.count == 5)
        #expect(accuracy.allSatisfy { $0 > 0.85 })
        #expect(result.foldRows.map(\.count) == [30, 30, 30, 30, 30])
        // The same folds and options give the same scores.
        var again = RandomGenerator(seed: 1)
        let sameFolds = try iris.folds(k: 5, stratifyBy: "species", using: &again)
        #expect(try CrossValidation.run("logistic", on: iris, target: "species", hyperparameters: [:], preprocessor: preprocessor, folds: sameFolds, random: &again) == result)
    }
}
