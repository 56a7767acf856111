import Numerics
import Tables

/// A CART classification tree (`tree`), grown as scikit-learn's
/// `DecisionTreeClassifier` with every feature considered at every split.
///
/// Deterministic: it draws no random numbers; ties between equally good
/// splits go to the lowest feature index, then the lowest threshold (see
/// `TreeBuilder`). Probabilities are the class proportions in the leaf; the
/// predicted class is the most frequent, the smallest class code on ties.
public struct DecisionTreeClassifier: Estimator {
    public static let name = "tree"
    public static let task = ModelTask.classification
    public static let options = ["criterion"] + TreeOptions.names

    let options: TreeOptions

    public init(_ hyperparameters: Hyperparameters) throws {
        options = try TreeOptions(hyperparameters, classification: true)
    }

    public func fit(_ data: TrainingData, random: inout RandomGenerator) throws -> Fitted {
        let (codes, labels) = try data.target!.classCodes(for: Self.name)
        let builder = TreeBuilder(
            x: data.features, target: .classes(codes, count: labels.count), options: options, maxFeatures: nil, interruption: data.interruption)
        var unused = random
        let tree = try builder.build(random: &unused)
        return Fitted(tree: tree, featureCount: data.features.columns, classCount: labels.count)
    }

    /// The grown tree.
    public struct Fitted: FittedModel, Equatable {
        public static let name = DecisionTreeClassifier.name
        public var task: ModelTask { .classification }

        public let tree: DecisionTree
        public let featureCount: Int
        public let classCount: Int

        public func predict(_ features: Matrix) throws -> Prediction {
            guard features.columns == featureCount else { throw LearningError("the model takes \(featureCount) features, got \(features.columns)") }
            return try classify(features, trees: [tree], classCount: classCount)
        }

        public func checkConsistency(featureCount: Int, classCount: Int) throws {
            try ParameterCheck.value("featureCount", self.featureCount, is: featureCount, "the features the document lists")
            try ParameterCheck.value("classCount", self.classCount, is: classCount, "the classes the document lists")
            try tree.checkStructure("tree", featureCount: featureCount, valueWidth: classCount)
        }

        public var summary: String {
            "classification tree: depth \(tree.depth), \(tree.leafCount) leaves, \(classCount) classes"
        }

        public var fields: [(name: String, value: ModelField)] {
            [("depth", .number(Double(tree.depth))), ("leaves", .number(Double(tree.leafCount))), ("nodes", .number(Double(tree.nodeCount)))]
        }
    }
}

/// The mean of the trees' leaf class proportions per row, and the most likely
/// class (the smallest code on ties).
/// - Throws: `TrainingInterrupted` when `interruption` asked it to stop (checked every 256 rows).
func classify(_ features: Matrix, trees: [DecisionTree], classCount: Int, interruption: Interruption = .never) throws -> Prediction {
    var probabilities = Matrix(rows: features.rows, columns: classCount)
    var codes = [Int]()
    for row in 0..<features.rows {
        if row % 256 == 0 { try interruption.check() }
        var sums = [Double](repeating: 0, count: classCount)
        for tree in trees {
            for (c, p) in tree.value(of: features, row: row).enumerated() { sums[c] += p }
        }
        for c in 0..<classCount { probabilities[row, c] = sums[c] / Double(trees.count) }
        codes.append(firstMaximum(sums))
    }
    return .classes(codes: codes, probabilities: probabilities)
}
