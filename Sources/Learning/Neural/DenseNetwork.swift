import Numerics
import Tables

/// A multilayer perceptron: dense layers with ReLU between them and
/// `output` after the last. Rows are samples throughout, so a batch moves
/// through each layer as one matrix product.
public struct DenseNetwork: Codable, Equatable, Sendable {
    public internal(set) var layers: [DenseLayer]
    public let output: OutputActivation

    /// The most weights and biases a network may have (800 MB of doubles, before the optimiser's
    /// copies); the message below spells it.
    static let maximumWeights = 100_000_000

    /// Units per layer, input first: [p, hidden…, outputs].
    public var layerSizes: [Int] { [layers[0].inputs] + layers.map(\.outputs) }

    /// Throws unless the layers chain `inputs` units to `outputs` through `output`, each layer
    /// holding the weights and biases its sizes call for. `name` says where the network is, in the error.
    func checkShape(_ name: String, inputs: Int, outputs: Int, output expected: OutputActivation) throws {
        guard output == expected else {
            throw LearningError("\(name).output is \(output.rawValue), expected \(expected.rawValue) for this model")
        }
        try ParameterCheck.nonEmpty("\(name).layers", layers.count)
        var width = inputs
        for (index, layer) in layers.enumerated() {
            let name = "\(name).layers[\(index)]"
            let source = index == 0 ? "the features the document lists" : "the outputs of the layer before"
            try ParameterCheck.value("\(name).inputs", layer.inputs, is: width, source)
            guard layer.outputs >= 1 else { throw LearningError("\(name).outputs is \(layer.outputs), expected at least 1") }
            try ParameterCheck.flatCount(
                "\(name).weights", layer.weights.count, rows: layer.inputs, columns: layer.outputs, "its inputs by its outputs")
            try ParameterCheck.count("\(name).biases", layer.biases.count, is: layer.outputs, "one per output")
            width = layer.outputs
        }
        try ParameterCheck.value("\(name).layers[\(layers.count - 1)].outputs", width, is: outputs, "the model's outputs")
    }

    /// A freshly initialised network (`DenseLayer.glorot`, input side first).
    static func initialised(sizes: [Int], output: OutputActivation, random: inout RandomGenerator) throws -> DenseNetwork {
        let weights = zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
        guard weights <= Double(maximumWeights) else {
            throw LearningError("layers \(sizes.map(String.init).joined(separator: " → ")) make \(Int(Swift.min(weights, 9e18))) weights, too many (at most 100,000,000)")
        }
        var layers = [DenseLayer]()
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            layers.append(try .glorot(inputs: inputs, outputs: outputs, random: &random))
        }
        return DenseNetwork(layers: layers, output: output)
    }

    /// The output (n×k) for the rows of `x`, on one BLAS thread: OpenBLAS
    /// splits a large product differently with two threads and the last bits
    /// of a prediction must not depend on that.
    func predict(_ x: Matrix) throws -> Matrix {
        try NumericEnvironment.withBLASThreads(1) { try activations(x).last! }
    }

    /// Every layer's activations: [x, a₁, …, output], with ReLU on the hidden layers.
    func activations(_ x: Matrix) throws -> [Matrix] {
        var result = [x]
        for (index, layer) in layers.enumerated() {
            let z = try layer.preActivations(result[index])
            result.append(index == layers.count - 1 ? try output.apply(z) : z.map { Swift.max($0, 0) })
        }
        return result
    }

    /// The penalised mean loss on a batch and its gradient, as scikit-learn's
    /// MLP: L = loss(output, targets) + (α / 2n)·Σ‖Wₗ‖², biases unpenalised.
    ///
    /// Backward pass, with δ = output − targets for the last layer:
    /// ∂L/∂Wₗ = (aₗ₋₁ᵀ·δₗ + α·Wₗ) / n and ∂L/∂bₗ = column means of δₗ, then
    /// δₗ₋₁ = (δₗ·Wₗᵀ) ⊙ [aₗ₋₁ > 0]. Both products go to `dgemm` with a
    /// transpose flag, so no transpose is materialised.
    /// - Returns: the loss and one gradient per layer, shaped like the layer.
    func lossAndGradients(_ x: Matrix, _ targets: Matrix, alpha: Double) throws -> (loss: Double, gradients: [DenseLayer]) {
        let a = try activations(x)
        let n = Double(x.rows)
        var penalty = 0.0
        for layer in layers { penalty += layer.weights.reduce(0) { $0 + $1 * $1 } }
        let loss = output.loss(a.last!, targets) + alpha / (2 * n) * penalty

        var delta = try a.last! - targets
        var gradients = [DenseLayer]()
        for index in layers.indices.reversed() {
            let layer = layers[index]
            let product = try a[index].matmul(delta, transposeSelf: true)
            let weights = zip(product.storage, layer.weights).map { ($0 + alpha * $1) / n }
            let biases = delta.columnSums().elements.map { $0 / n }
            gradients.append(DenseLayer(inputs: layer.inputs, outputs: layer.outputs, weights: weights, biases: biases))
            if index > 0 {
                // ReLU's derivative is 1 where the unit was active and 0 elsewhere (0 at 0, as scikit-learn).
                delta = try delta.matmul(layer.weightMatrix, transposeOther: true) * a[index].map { $0 > 0 ? 1 : 0 }
            }
        }
        return (loss, gradients.reversed())
    }
}
