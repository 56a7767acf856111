import Dispatch
import Foundation
import Numerics
import Tables

/// Random forest classification (`forest`): trees grown on bootstrap samples,
/// each split choosing among a random subset of features; the prediction is
/// the mean of the trees' class proportions.
///
/// Determinism: before any tree is grown the run's generator is split into one
/// stream per tree (`split(count:)`), and tree i draws its bootstrap sample
/// and its feature subsets only from stream i. Trees are grown on
/// `threads` worker threads, and the result is identical for any thread
/// count. Within the drawn features, split ties follow `TreeBuilder`.
public struct RandomForest: Estimator {
    public static let name = "forest"
    public static let task = ModelTask.classification
    public static let options = ["n_trees", "criterion", "max_features", "bootstrap"] + TreeOptions.names

    /// Number of trees (default 100).
    public let treeCount: Int
    let options: TreeOptions
    /// "sqrt" (default), "log2", "all", or a count.
    let maxFeatures: MaxFeatures
    /// Whether each tree sees a bootstrap sample (default true) or all rows.
    public let bootstrap: Bool
    /// Worker threads that grow trees; does not change results.
    public var threads = 2

    public init(_ hyperparameters: Hyperparameters) throws {
        treeCount = try hyperparameters.count("n_trees", default: 100, atLeast: 1, atMost: 100_000)
        options = try TreeOptions(hyperparameters, classification: true)
        maxFeatures = try MaxFeatures(hyperparameters)
        bootstrap = try hyperparameters.boolean("bootstrap", default: true)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let (codes, labels) = try data.target!.classCodes(for: Self.name)
        let n = data.features.rows, p = data.features.columns
        let builder = TreeBuilder(
            x: data.features, target: .classes(codes, count: labels.count), options: options, maxFeatures: maxFeatures.count(of: p),
            interruption: data.interruption)
        let streams = try random.split(count: treeCount)
        let bootstrap = self.bootstrap
        let trees = ParallelResults<DecisionTree>(count: treeCount)
        let workers = Swift.max(1, Swift.min(threads, treeCount))
        let interruption = data.interruption
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: streams.count, by: workers) {
                // Checked per tree: the workers cannot throw, and a stopped fit leaves trees unset.
                if interruption.isRequested { return }
                var stream = streams[i]
                var counts: [Int32]?
                if bootstrap {
                    counts = [Int32](repeating: 0, count: n)
                    for _ in 0..<n { counts![stream.integer(in: 0...(n - 1))] += 1 }
                }
                // Only an interruption makes a build throw; the tree is then left unset.
                guard let tree = try? builder.build(counts: counts, random: &stream) else { return }
                trees.set(i, tree)
            }
        }
        guard trees.isComplete else { throw TrainingInterrupted() }
        return Fitted(trees: trees.values, featureCount: p, classCount: labels.count)
    }

    /// The grown trees.
    public struct Fitted: FittedModel, Equatable {
        public static let name = RandomForest.name
        public var task: ModelTask { .classification }

        public let trees: [DecisionTree]
        public let featureCount: Int
        public let classCount: Int

        public func predict(_ features: Matrix) throws -> Prediction { try predict(features, interruption: .never) }

        public func predict(_ features: Matrix, interruption: Interruption) throws -> Prediction {
            guard features.columns == featureCount else { throw LearningError("the model takes \(featureCount) features, got \(features.columns)") }
            return try classify(features, trees: trees, classCount: classCount, interruption: interruption)
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.value("featureCount", self.featureCount, is: featureCount, "the features the document lists")
            try ParameterCheck.value("classCount", self.classCount, is: classCount, "the classes the document lists")
            try ParameterCheck.nonEmpty("trees", trees.count)
            for (index, tree) in trees.enumerated() {
                try tree.checkStructure("trees[\(index)]", featureCount: featureCount, valueWidth: classCount)
            }
        }

        public var summary: String {
            // To two decimals: a mean of whole depths printed in full ran to sixteen digits.
            let meanDepth = (Double(trees.reduce(0) { $0 + $1.depth }) / Double(trees.count) * 100).rounded() / 100
            return "random forest: \(trees.count) trees, mean depth \(formatNumber(meanDepth)), \(classCount) classes"
        }

        public var fields: [(name: String, value: ModelField)] {
            [("n_trees", .number(Double(trees.count))), ("nodes", .number(Double(trees.reduce(0) { $0 + $1.nodeCount })))]
        }
    }
}

/// Results written by index from concurrent workers; each index is written once.
final class ParallelResults<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`; the class is Sendable only through that discipline.
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = [Value?](repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = value
    }

    /// Whether every index was set.
    var isComplete: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !slots.contains { $0 == nil }
    }

    /// All values, in index order; every index must have been set.
    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
