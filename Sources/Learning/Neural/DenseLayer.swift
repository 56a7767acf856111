import Numerics

/// One fully connected layer: `inputs`×`outputs` weights and one bias per
/// output, stored as plain arrays so the fitted model is exact `Codable` data.
public struct DenseLayer: Codable, Equatable, Sendable {
    public let inputs: Int
    public let outputs: Int
    /// Column-major `inputs`×`outputs`: column j holds the weights into unit j.
    public internal(set) var weights: [Double]
    public internal(set) var biases: [Double]

    init(inputs: Int, outputs: Int, weights: [Double], biases: [Double]) {
        precondition(weights.count == inputs * outputs && biases.count == outputs, "dense layer shape")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.biases = biases
    }

    /// Glorot (Xavier) uniform initialisation as scikit-learn's MLP with ReLU:
    /// weights, then biases, each from U[−b, b) with b = √(6 / (inputs + outputs)),
    /// weights drawn in column-major order, all from `random` alone.
    static func glorot(inputs: Int, outputs: Int, random: inout RandomGenerator) throws -> DenseLayer {
        let bound = (6 / Double(inputs + outputs)).squareRoot()
        let weights = try (0..<(inputs * outputs)).map { _ in try random.uniform(in: -bound..<bound) }
        let biases = try (0..<outputs).map { _ in try random.uniform(in: -bound..<bound) }
        return DenseLayer(inputs: inputs, outputs: outputs, weights: weights, biases: biases)
    }

    /// The weights as a matrix.
    var weightMatrix: Matrix { get throws { try Matrix(rows: inputs, columns: outputs, columnMajor: weights) } }

    /// Pre-activations `x·W + 1·bᵀ` for the n rows of `x`: one `dgemm`, then the
    /// bias row broadcast over the rows.
    func preActivations(_ x: Matrix) throws -> Matrix {
        let product = try x.matmul(weightMatrix)
        return try product.elementwise(.add, Matrix(rows: 1, columns: outputs, columnMajor: biases))
    }
}
