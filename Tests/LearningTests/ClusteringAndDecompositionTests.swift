import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

@Suite struct ClusteringAndDecompositionTests {
    static func features(_ name: String, standardised: Bool) throws -> Matrix {
        let data = try Dataset.load(name)
        return standardised ? data.standardised : data.features
    }

    static func unsupervised(_ x: Matrix) throws -> TrainingData {
        try TrainingData(features: x, featureNames: (0..<x.columns).map { "x\($0)" }, target: nil)
    }

    @Test(arguments: ["iris", "wine"]) func kmeansMatchesScikitLearnFromTheSameCentres(_ name: String) throws {
        let reference = try #require(ModelReferences.shared.kmeans[name])
        let x = try Self.features(name, standardised: reference.standardised)
        var estimator = try KMeans(Hyperparameters(["k": .number(3)], estimator: "kmeans"))
        estimator.initialCentres = try x.selectingRows(reference.initial_rows)
        var random = RandomGenerator(seed: 0)
        let fitted = try estimator.fit(Self.unsupervised(x), random: &random)
        #expect(abs(fitted.inertia - reference.inertia) <= 1e-6)
        #expect(fitted.labels == reference.labels)
        #expect(fitted.iterations == reference.iterations)
        for (ours, theirs) in zip(fitted.centres, reference.centres) {
            for (a, b) in zip(ours, theirs) { #expect(abs(a - b) < 1e-10) }
        }
        #expect(try fitted.predict(x) == .clusters(fitted.labels))
    }

    @Test(arguments: ["iris", "wine"]) func pcaMatchesScikitLearn(_ name: String) throws {
        let reference = try #require(ModelReferences.shared.pca[name])
        let x = try Self.features(name, standardised: reference.standardised)
        let fitted = try #require(try fitModel("pca", Self.unsupervised(x)) as? PrincipalComponents.Fitted)
        for (a, b) in zip(fitted.explainedVariance, reference.explained_variance) { #expect(abs(a - b) <= 1e-10 * Swift.max(1, abs(b))) }
        for (a, b) in zip(fitted.explainedVarianceRatio, reference.explained_variance_ratio) { #expect(abs(a - b) <= 1e-10) }
        for (a, b) in zip(fitted.singularValues, reference.singular_values) { #expect(abs(a - b) <= 1e-10 * Swift.max(1, abs(b))) }
        // Components of nearly equal variance are ill-determined; compare the well-separated leading ones.
        for (ours, theirs) in zip(fitted.components.prefix(2), reference.components) {
            for (a, b) in zip(ours, theirs) { #expect(abs(a - b) < 1e-8) }
        }
        #expect(fitted.scores == (try fitted.transform(x)).rowArrays)
    }

    @Test func kmeansIsDeterministicUnderASeedAndRoundTrips() throws {
        let x = try Self.features("wine", standardised: true)
        let data = try Self.unsupervised(x)
        let options: [String: Hyperparameters.Value] = ["k": .number(3), "n_init": .number(4)]
        let first = try #require(try fitModel("kmeans", data, options, seed: 5) as? KMeans.Fitted)
        let again = try #require(try fitModel("kmeans", data, options, seed: 5) as? KMeans.Fitted)
        #expect(first == again)
        #expect(try roundTrip(first) == first)
        #expect(try roundTrip(first).predict(x) == first.predict(x))
        // Three well-separated wine cultivars: k-means++ should find a solution near scikit-learn's.
        #expect(first.inertia <= ModelReferences.shared.kmeans["wine"]!.inertia + 1e-6)
        #expect(data.features == x)
    }

    @Test func pcaRoundTripsAndDoesNotPredict() throws {
        let x = try Self.features("iris", standardised: false)
        let fitted = try #require(try fitModel("pca", Self.unsupervised(x), ["n_components": .number(2)]) as? PrincipalComponents.Fitted)
        #expect(fitted.components.count == 2)
        #expect(try roundTrip(fitted) == fitted)
        #expect(throws: LearningError("pca transforms rather than predicts; use its fields (components, scores, explained_variance)")) {
            try fitted.predict(x)
        }
    }

    @Test func badOptionsAreReported() throws {
        let data = try Self.unsupervised(Matrix(rows: [[0, 1], [1, 0], [2, 2]]))
        #expect(throws: LearningError("k must be >= 1, got 0")) { try fitModel("kmeans", data, ["k": .number(0)]) }
        #expect(throws: LearningError("k (8) must be <= the number of rows (3)")) { try fitModel("kmeans", data) }
        #expect(throws: LearningError("tol must be >= 0, got -1")) { try fitModel("kmeans", data, ["tol": .number(-1)]) }
        #expect(throws: LearningError("n_components must be >= 1, got 0")) { try fitModel("pca", data, ["n_components": .number(0)]) }
        #expect(throws: LearningError("n_components (3) must be <= min(rows, columns) = 2")) { try fitModel("pca", data, ["n_components": .number(3)]) }
    }

    @Test func oneRowOneColumnAndConstantColumns() throws {
        let one = try Self.unsupervised(Matrix(rows: [[3, 4]]))
        let single = try #require(try fitModel("kmeans", one, ["k": .number(1)]) as? KMeans.Fitted)
        #expect(single.centres == [[3, 4]] && single.inertia == 0)
        let flat = try #require(try fitModel("pca", one) as? PrincipalComponents.Fitted)
        #expect(flat.explainedVariance == [0] && flat.explainedVarianceRatio == [0])
        let column = try Self.unsupervised(Matrix(rows: [[1], [2], [10], [11]]))
        let pair = try #require(try fitModel("kmeans", column, ["k": .number(2)]) as? KMeans.Fitted)
        #expect(pair.inertia == 1)
        #expect(try pair.predict(Matrix(rows: [[0], [12]])) == .clusters([pair.labels[0], pair.labels[3]]))
        let constant = try Self.unsupervised(Matrix(rows: [[5, 1], [5, 2], [5, 4]]))
        let pca = try #require(try fitModel("pca", constant) as? PrincipalComponents.Fitted)
        #expect(pca.components[0] == [0, 1] || pca.components[0] == [-0.0, 1])
        #expect(pca.explainedVarianceRatio[0] == 1)
        let duplicates = try Self.unsupervised(Matrix(rows: [[1, 1], [1, 1], [1, 1]]))
        let clusters = try #require(try fitModel("kmeans", duplicates, ["k": .number(2)]) as? KMeans.Fitted)
        #expect(clusters.inertia == 0)
    }

    @Test func unsupervisedModelsTrainWithoutATarget() throws {
        let table = try Table(columns: [Column.numbers("a", [1, 2, 10, 11]), Column.numbers("b", [0, 1, 0, 1])])
        var random = RandomGenerator(seed: 1)
        let trained = try TrainedModel.train("pca", on: table, target: nil, hyperparameters: [:], preprocessing: nil, random: &random)
        #expect(trained.task == .transformation)
        #expect(throws: LearningError("kmeans is unsupervised and takes no target")) {
            try TrainedModel.train("kmeans", on: table, target: "b", hyperparameters: [:], preprocessing: nil, random: &random)
        }
    }
}
