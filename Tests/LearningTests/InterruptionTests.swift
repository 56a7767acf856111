import Numerics
import Synchronization
import Testing
@testable import Learning

/// Long fits stop when their `Interruption` asks, and give the same model when it does not.
@Suite struct InterruptionTests {
    /// Asks for a stop from its `checks + 1`-th consultation on, wherever the fit is then.
    final class StopAfter: Sendable {
        private let remaining: Atomic<Int>
        init(_ checks: Int) { remaining = Atomic(checks) }
        var interruption: Interruption { Interruption { [self] in remaining.subtract(1, ordering: .relaxed).newValue < 0 } }
    }

    static let stopNow = Interruption { true }
    /// Consulted like a real one, never asking for a stop.
    static let stopNever = Interruption { false }

    static func classes(_ interruption: Interruption, from name: String = "breast_cancer") throws -> TrainingData {
        let dataset = try Dataset.load(name)
        var data = try dataset.training(Array(0..<dataset.features.rows))
        data.interruption = interruption
        return data
    }

    static func numbers(_ interruption: Interruption) throws -> TrainingData {
        let dataset = try Dataset.load("breast_cancer")
        let y = Vector(dataset.codes.map(Double.init))
        var data = try TrainingData(features: dataset.features, featureNames: dataset.featureNames, target: .numeric(y))
        data.interruption = interruption
        return data
    }

    static func points(_ interruption: Interruption) throws -> TrainingData {
        let dataset = try Dataset.load("iris")
        var data = try TrainingData(features: dataset.features, featureNames: dataset.featureNames, target: nil)
        data.interruption = interruption
        return data
    }

    /// 100,000 trees take minutes; asked to stop before the first, the forest grows none.
    @Test func aForestAskedToStopBeforeItStartsGrowsNoTree() throws {
        let data = try Self.classes(Self.stopNow)
        #expect(throws: TrainingInterrupted.self) { try fitModel("forest", data, ["n_trees": .number(100_000)]) }
    }

    /// Asked to stop after its first trees, while the others grow, the forest stops there.
    @Test func aForestAskedToStopWhileGrowingStops() throws {
        let data = try Self.classes(StopAfter(20).interruption)
        #expect(throws: TrainingInterrupted.self) { try fitModel("forest", data, ["n_trees": .number(100_000)]) }
    }

    @Test func aForestNotStoppedIsTheSame() throws {
        let watched = try fitModel("forest", try Self.classes(Self.stopNever), ["n_trees": .number(20)], seed: 7)
        let unwatched = try fitModel("forest", try Self.classes(.never), ["n_trees": .number(20)], seed: 7)
        #expect(watched as? RandomForest.Fitted == unwatched as? RandomForest.Fitted)
    }

    /// Each iterative trainer checks between its steps (epochs, batches, iterations, starts).
    @Test func iterativeTrainersStop() throws {
        #expect(throws: TrainingInterrupted.self) { try fitModel("mlp", try Self.classes(Self.stopNow), ["max_iter": .number(100_000), "tol": .number(0)]) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("mlp", try Self.classes(StopAfter(5).interruption), ["max_iter": .number(100_000), "tol": .number(0)]) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("logistic", try Self.classes(Self.stopNow)) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("kmeans", try Self.points(Self.stopNow), ["k": .number(3), "n_init": .number(100_000)]) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("lasso", try Self.numbers(Self.stopNow), ["alpha": .number(1e-6)]) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("elastic_net", try Self.numbers(Self.stopNow), ["alpha": .number(1e-6)]) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("mlp_regression", try Self.numbers(Self.stopNow)) }
    }

    @Test func iterativeTrainersNotStoppedAreTheSame() throws {
        let mlp: [String: Hyperparameters.Value] = ["max_iter": .number(20)]
        #expect(try fitModel("mlp", Self.classes(Self.stopNever), mlp, seed: 3) as? MultilayerPerceptron.Fitted
            == fitModel("mlp", Self.classes(.never), mlp, seed: 3) as? MultilayerPerceptron.Fitted)
        #expect(try fitModel("logistic", Self.classes(Self.stopNever)) as? LogisticRegression.Fitted
            == fitModel("logistic", Self.classes(.never)) as? LogisticRegression.Fitted)
        #expect(try fitModel("kmeans", Self.points(Self.stopNever), ["k": .number(3)], seed: 3) as? KMeans.Fitted
            == fitModel("kmeans", Self.points(.never), ["k": .number(3)], seed: 3) as? KMeans.Fitted)
        #expect(try fitModel("lasso", Self.numbers(Self.stopNever), ["alpha": .number(0.01)]) as? LassoRegression.Fitted
            == fitModel("lasso", Self.numbers(.never), ["alpha": .number(0.01)]) as? LassoRegression.Fitted)
    }

    /// One tree stops at its next node, alone (minutes on millions of rows) or in a forest.
    @Test func aTreeStopsWhileItGrows() throws {
        #expect(throws: TrainingInterrupted.self) { try fitModel("tree", try Self.classes(StopAfter(3).interruption)) }
        #expect(throws: TrainingInterrupted.self) { try fitModel("tree_regression", try Self.numbers(StopAfter(3).interruption)) }
        // Each worker's first check passes, then its tree stops at a node.
        #expect(throws: TrainingInterrupted.self) { try fitModel("forest", try Self.classes(StopAfter(4).interruption), ["n_trees": .number(2)]) }
        #expect(try fitModel("tree", Self.classes(Self.stopNever)) as? DecisionTreeClassifier.Fitted
            == fitModel("tree", Self.classes(.never)) as? DecisionTreeClassifier.Fitted)
    }

    /// k-means++ seeding stops between centres: with k in the thousands it takes longer than Lloyd's iterations.
    @Test func kMeansSeedingStops() throws {
        let kmeans = try KMeans(Hyperparameters(["k": .number(100)], estimator: "kmeans"))
        let points = try Self.points(.never).features.rowArrays
        var random = RandomGenerator(seed: 1)
        #expect(throws: TrainingInterrupted.self) { try kmeans.plusPlus(points, random: &random, interruption: StopAfter(2).interruption) }
        var first = RandomGenerator(seed: 1), second = RandomGenerator(seed: 1)
        #expect(try kmeans.plusPlus(points, random: &first, interruption: Self.stopNever) == kmeans.plusPlus(points, random: &second))
    }

    /// A forest's prediction stops between blocks of rows.
    @Test func aForestsPredictionStops() throws {
        let data = try Self.classes(.never)
        let model = try fitModel("forest", data, ["n_trees": .number(5)])
        #expect(throws: TrainingInterrupted.self) { try model.predict(data.features, interruption: Self.stopNow) }
        #expect(try predictedCodes(model.predict(data.features, interruption: Self.stopNever)) == predictedCodes(model.predict(data.features)))
    }

    /// A nearest-neighbour search stops between blocks of rows.
    @Test func aNeighbourSearchStops() throws {
        let data = try Self.classes(.never)
        let model = try fitModel("knn", data)
        #expect(throws: TrainingInterrupted.self) { try model.predict(data.features, interruption: Self.stopNow) }
        #expect(try predictedCodes(model.predict(data.features, interruption: Self.stopNever)) == predictedCodes(model.predict(data.features)))
    }
}
