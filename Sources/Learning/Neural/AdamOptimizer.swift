import Foundation

/// Adam (Kingma and Ba, 2015) over a network's parameters, as scikit-learn's
/// `AdamOptimizer`: at step t, m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², and
/// θ ← θ − ηₜ·m / (√v + ε) with ηₜ = η·√(1−β₂ᵗ) / (1−β₁ᵗ).
struct AdamOptimizer: Sendable {
    let learningRate: Double
    let beta1: Double
    let beta2: Double
    let epsilon: Double
    /// Steps taken so far.
    private(set) var step = 0
    /// First and second moment estimates, shaped like the network's layers.
    private var first: [DenseLayer]
    private var second: [DenseLayer]

    init(options: PerceptronOptions, network: DenseNetwork) {
        learningRate = options.learningRate
        beta1 = options.beta1
        beta2 = options.beta2
        epsilon = options.epsilon
        let zeros = network.layers.map {
            DenseLayer(inputs: $0.inputs, outputs: $0.outputs, weights: [Double](repeating: 0, count: $0.weights.count), biases: [Double](repeating: 0, count: $0.outputs))
        }
        first = zeros
        second = zeros
    }

    /// Applies one update to `network` from `gradients` (one per layer).
    mutating func update(_ network: inout DenseNetwork, gradients: [DenseLayer]) {
        step += 1
        let t = Double(step)
        let rate = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        for l in network.layers.indices {
            move(&network.layers[l].weights, &first[l].weights, &second[l].weights, gradients[l].weights, rate: rate)
            move(&network.layers[l].biases, &first[l].biases, &second[l].biases, gradients[l].biases, rate: rate)
        }
    }

    private func move(_ theta: inout [Double], _ m: inout [Double], _ v: inout [Double], _ g: [Double], rate: Double) {
        for i in theta.indices {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            theta[i] -= rate * m[i] / (v[i].squareRoot() + epsilon)
        }
    }
}
