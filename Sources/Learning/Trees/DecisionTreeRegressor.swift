import Numerics
import Tables

/// A CART regression tree (`tree_regression`) on squared error, grown as
/// scikit-learn's `DecisionTreeRegressor` with every feature considered.
///
/// Deterministic, with the tie rules of `TreeBuilder`; a leaf predicts the
/// mean target of its training rows.
public struct DecisionTreeRegressor: Estimator {
    public static let name = "tree_regression"
    public static let task = ModelTask.regression
    public static let options = TreeOptions.names

    let options: TreeOptions

    public init(_ hyperparameters: Hyperparameters) throws {
        options = try TreeOptions(hyperparameters, classification: false)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let y = try data.target!.numbers(for: Self.name)
        let builder = TreeBuilder(x: data.features, target: .values(y.elements), options: options, maxFeatures: nil, interruption: data.interruption)
        var unused = random
        return Fitted(tree: try builder.build(random: &unused), featureCount: data.features.columns)
    }

    /// The grown tree.
    public struct Fitted: FittedModel, Equatable {
        public static let name = DecisionTreeRegressor.name
        public var task: ModelTask { .regression }

        public let tree: DecisionTree
        public let featureCount: Int

        public func predict(_ features: Matrix) throws -> Prediction {
            guard features.columns == featureCount else { throw LearningError("the model takes \(featureCount) features, got \(features.columns)") }
            return .values(Vector((0..<features.rows).map { tree.value(of: features, row: $0)[0] }))
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.value("featureCount", self.featureCount, is: featureCount, "the features the document lists")
            // A leaf's value is the mean target of its rows.
            try tree.checkStructure("tree", featureCount: featureCount, valueWidth: 1)
        }

        public var summary: String { "regression tree: depth \(tree.depth), \(tree.leafCount) leaves" }

        public var fields: [(name: String, value: ModelField)] {
            [("depth", .number(Double(tree.depth))), ("leaves", .number(Double(tree.leafCount))), ("nodes", .number(Double(tree.nodeCount)))]
        }
    }
}
