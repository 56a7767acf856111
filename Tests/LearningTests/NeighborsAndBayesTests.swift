import Foundation
import Numerics
import Testing
@testable import Learning

@Suite struct NeighborsAndBayesTests {
    static let datasets = ["iris", "wine", "breast_cancer"]

    @Test(arguments: datasets) func knnPredictionsMatchScikitLearn(_ name: String) throws {
        let data = try Dataset.load(name)
        let reference = try #require(ModelReferences.shared.classification[name])
        let test = try data.features.selectingRows(reference.test)
        for (key, expected) in reference.knn.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "_")
            let options: [String: Hyperparameters.Value] = ["k": .number(Double(parts[0])!), "weights": .string(String(parts[1]))]
            let model = try fitModel("knn", data.training(reference.train), options)
            #expect(predictedCodes(try model.predict(test)) == expected, "\(name) \(key)")
        }
    }

    @Test(arguments: datasets) func naiveBayesMatchesScikitLearn(_ name: String) throws {
        let data = try Dataset.load(name)
        let reference = try #require(ModelReferences.shared.classification[name])
        let model = try fitModel("naive_bayes", data.training(reference.train))
        guard case .classes(let codes, let probabilities) = try model.predict(data.features.selectingRows(reference.test)) else {
            Issue.record("not a classification")
            return
        }
        #expect(codes == reference.naive_bayes.predictions)
        var worst = 0.0
        for (i, row) in reference.naive_bayes.probabilities.enumerated() {
            for (c, p) in row.enumerated() { worst = Swift.max(worst, abs(probabilities[i, c] - p)) }
        }
        #expect(worst < 1e-9)
    }

    @Test func neighboursAreOrderedByDistanceThenIndex() throws {
        // Rows 0 and 2 are both at distance 1 from the query; row 0 comes first.
        let search = NeighborSearch(rowMajor: [1, 0, 5, 5, -1, 0, 0, 0.5], rows: 4, columns: 2)
        let found = try search.neighbors(of: Matrix(rows: [[0, 0]]), k: 3)[0]
        #expect(found.map(\.index) == [3, 0, 2])
        #expect(found.map(\.distance) == [0.5, 1, 1])
    }

    @Test func closePointsAreMeasuredExactlyNotByCancellation() throws {
        // Far from the origin, ‖q‖² + ‖x‖² − 2q·x loses every digit of a 1e-6 gap.
        let base = 1e6
        let search = NeighborSearch(rowMajor: [base + 3e-6, base + 1e-6, base + 2e-6], rows: 3, columns: 1)
        let found = try search.neighbors(of: Matrix(rows: [[base]]), k: 3)[0]
        #expect(found.map(\.index) == [1, 2, 0])
    }

    /// Several tiles of training rows and of queries, on a coarse grid so that
    /// many distances tie: the same neighbours as sorting every exact distance.
    @Test func matchesAnExhaustiveSearchAcrossTiles() throws {
        var random = RandomGenerator(seed: 5)
        let (n, m, p, k) = (1_000, 600, 3, 7)
        let training = (0..<(n * p)).map { _ in Double(random.integer(in: 0...6)) }
        let queries = try Matrix(rows: (0..<m).map { _ in (0..<p).map { _ in Double(random.integer(in: 0...12)) / 2 } })
        let found = try NeighborSearch(rowMajor: training, rows: n, columns: p).neighbors(of: queries, k: k)
        for i in 0..<m {
            let exact = (0..<n).map { j in
                (j, (0..<p).reduce(0.0) { sum, l in sum + (queries[i, l] - training[j * p + l]) * (queries[i, l] - training[j * p + l]) })
            }
            let expected = exact.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(k)
            #expect(found[i].map(\.index) == expected.map(\.0), "query \(i)")
            #expect(found[i].map(\.distance) == expected.map { $0.1.squareRoot() }, "query \(i)")
        }
    }

    @Test func voteTiesGoToTheSmallestClassCode() throws {
        let data = try TrainingData(
            features: Matrix(rows: [[0], [1], [-1], [2]]), featureNames: ["x"], target: .classes(codes: [1, 0, 1, 0], labels: ["a", "b"]))
        let model = try fitModel("knn", data, ["k": .number(2)])
        // Neighbours of 0.5: rows 0 (class 1) and 1 (class 0), one vote each.
        guard case .classes(let codes, let probabilities) = try model.predict(Matrix(rows: [[0.5]])) else { return }
        #expect(codes == [0])
        #expect(probabilities.rowArrays == [[0.5, 0.5]])
    }

    @Test func distanceWeightingUsesOnlyCoincidentRows() throws {
        let data = try TrainingData(
            features: Matrix(rows: [[0], [0.1], [0.2]]), featureNames: ["x"], target: .classes(codes: [1, 0, 0], labels: ["a", "b"]))
        let model = try fitModel("knn", data, ["k": .number(3), "weights": .string("distance")])
        #expect(predictedCodes(try model.predict(Matrix(rows: [[0]]))) == [1])
    }

    @Test func knnRegressionAveragesNeighbourTargets() throws {
        let data = try TrainingData(features: Matrix(rows: [[0], [1], [2], [10]]), featureNames: ["x"], target: .numeric([1, 2, 4, 100]))
        let uniform = try fitModel("knn_regression", data, ["k": .number(2)])
        #expect(try uniform.predict(Matrix(rows: [[0.4], [9]])) == .values([1.5, 52]))
        let weighted = try fitModel("knn_regression", data, ["k": .number(2), "weights": .string("distance")])
        // Neighbours of 0.25: x = 0 (target 1, weight 1/0.25) and x = 1 (target 2, weight 1/0.75).
        guard case .values(let v) = try weighted.predict(Matrix(rows: [[0.25]])) else { return }
        let near: Double = 1 / 0.25, far: Double = 1 / 0.75
        let expected: Double = (1 * near + 2 * far) / (near + far)
        #expect(abs(v[0] - expected) < 1e-15)
    }

    @Test func badOptionsAreReportedBeforeFitting() throws {
        let data = try TrainingData(features: Matrix(rows: [[0], [1]]), featureNames: ["x"], target: .classes(codes: [0, 1], labels: ["a", "b"]))
        #expect(throws: LearningError("k must be >= 1, got 0")) { try fitModel("knn", data, ["k": .number(0)]) }
        #expect(throws: LearningError("k must be a whole number, got 1.5")) { try fitModel("knn", data, ["k": .number(1.5)]) }
        #expect(throws: LearningError("weights must be one of \"uniform\", \"distance\"")) { try fitModel("knn", data, ["weights": .string("gaussian")]) }
        #expect(throws: LearningError("k (5) must be <= the number of training rows (2)")) { try fitModel("knn", data) }
        #expect(throws: LearningError("var_smoothing must be >= 0, got -1")) { try fitModel("naive_bayes", data, ["var_smoothing": .number(-1)]) }
        #expect(throws: LearningError("knn is a classifier and needs a categorical target; this target is numeric")) {
            try fitModel("knn", TrainingData(features: Matrix(rows: [[0]]), featureNames: ["x"], target: .numeric([1])), ["k": .number(1)])
        }
    }

    @Test func oneRowOneColumnAndConstantColumns() throws {
        let one = try TrainingData(features: Matrix(rows: [[3]]), featureNames: ["x"], target: .classes(codes: [0], labels: ["a"]))
        #expect(predictedCodes(try fitModel("knn", one, ["k": .number(1)]).predict(Matrix(rows: [[7]]))) == [0])
        #expect(throws: LearningError("feature 'x' does not vary within class 'a' and no feature varies at all; naive_bayes needs some variance")) {
            try fitModel("naive_bayes", one)
        }
        let constant = try TrainingData(
            features: Matrix(rows: [[1, 0], [1, 1], [1, 5], [1, 6]]), featureNames: ["c", "x"], target: .classes(codes: [0, 0, 1, 1], labels: ["a", "b"]))
        for name in ["knn", "naive_bayes"] {
            let model = try fitModel(name, constant, ["k": .number(1)].filter { _ in name == "knn" })
            #expect(predictedCodes(try model.predict(Matrix(rows: [[1, 0.2], [1, 5.5]]))) == [0, 1], "\(name)")
        }
    }

    @Test func fittingLeavesInputsAloneAndRoundTripsExactly() throws {
        let data = try Dataset.load("wine")
        let training = try data.training(Array(0..<120))
        let before = training.features
        let test = try data.features.selectingRows(Array(120..<178))
        let knn = try #require(try fitModel("knn", training, ["weights": .string("distance")]) as? KNearestNeighbors.Fitted)
        let bayes = try #require(try fitModel("naive_bayes", training) as? GaussianNaiveBayes.Fitted)
        let numeric = try TrainingData(features: before, featureNames: data.featureNames, target: .numeric(Vector(Array(before.storage.prefix(120)))))
        let knnRegression = try #require(try fitModel("knn_regression", numeric) as? KNearestNeighborsRegression.Fitted)
        #expect(training.features == before)
        #expect(try roundTrip(knn) == knn)
        #expect(try roundTrip(knn).predict(test) == knn.predict(test))
        #expect(try roundTrip(bayes) == bayes)
        #expect(try roundTrip(bayes).predict(test) == bayes.predict(test))
        #expect(try roundTrip(knnRegression).predict(test) == knnRegression.predict(test))
    }
}
