import Numerics

/// A network after training, with how the training went: the plain data both
/// fitted MLP models carry.
public struct NetworkTraining: Codable, Equatable, Sendable {
    public let network: DenseNetwork
    /// The training loss after each epoch: the size-weighted mean of the
    /// penalised mini-batch losses (scikit-learn's `loss_curve_`).
    public let lossCurve: [Double]
    /// True when the loss stopped improving by `tol` before the last allowed epoch.
    public let stoppedEarly: Bool

    /// Epochs run (scikit-learn's `n_iter_`).
    public var iterations: Int { lossCurve.count }
    /// The last epoch's loss (scikit-learn's `loss_`).
    public var loss: Double { lossCurve.last ?? .nan }

    /// Trains a new network of `sizes` on `x` (n×p) against `targets` (n×k).
    ///
    /// Randomness: the run's generator is split into two streams before any
    /// draw, one for the initial weights and one for the batch order, so
    /// either can change without moving the other. Each epoch shuffles the
    /// previous epoch's row order (Fisher–Yates, as scikit-learn reshuffles)
    /// and cuts it into consecutive batches of `batchSize(rows:)` rows, the
    /// last one possibly smaller. Every floating-point operation then happens
    /// in a fixed order, so a seed fixes the result bit for bit.
    ///
    /// Stopping, as scikit-learn without a validation set: an epoch whose loss
    /// is not below the best loss so far minus `tol` counts as no progress;
    /// after more than `n_iter_no_change` such epochs in a row, training stops.
    /// - Throws: `LearningError` when the weights became infinite or NaN (as
    ///   scikit-learn refuses non-finite weights), naming the usual causes;
    ///   `TrainingInterrupted` when `interruption` asked it to stop (checked before each batch).
    static func train(
        sizes: [Int], output: OutputActivation, x: Matrix, targets: Matrix,
        options: PerceptronOptions, random: inout RandomGenerator, interruption: Interruption = .never
    ) throws -> NetworkTraining {
        let streams = try random.split(count: 2)
        var initialisation = streams[0], batchOrder = streams[1]
        var network = try DenseNetwork.initialised(sizes: sizes, output: output, random: &initialisation)
        var adam = AdamOptimizer(options: options, network: network)
        var order = Array(0..<x.rows)
        let batchSize = options.batchSize(rows: x.rows)
        var curve = [Double](), best = Double.infinity, stale = 0
        // On one BLAS thread: OpenBLAS's AVX-512 kernels sum a product in another
        // order with two threads, and a seed must fix the weights whatever the count.
        try NumericEnvironment.withBLASThreads(1) {
            while curve.count < options.maxEpochs {
                batchOrder.shuffle(&order)
                var total = 0.0
                for start in stride(from: 0, to: order.count, by: batchSize) {
                    try interruption.check()
                    let rows = Array(order[start..<Swift.min(start + batchSize, order.count)])
                    let (loss, gradients) = try network.lossAndGradients(x.selectingRows(rows), targets.selectingRows(rows), alpha: options.alpha)
                    adam.update(&network, gradients: gradients)
                    total += loss * Double(rows.count)
                }
                let loss = total / Double(x.rows)
                curve.append(loss)
                stale = loss > best - options.tolerance ? stale + 1 : 0
                best = Swift.min(best, loss)
                if stale > options.patience { break }
            }
        }
        // A diverged network would predict NaN for every row; refuse it here, where the cause is known.
        guard network.layers.allSatisfy({ $0.weights.allSatisfy(\.isFinite) && $0.biases.allSatisfy(\.isFinite) }) else {
            throw LearningError("training diverged to non-finite weights; standardise the features or lower learning_rate")
        }
        return NetworkTraining(network: network, lossCurve: curve, stoppedEarly: stale > options.patience)
    }

    /// The fields both MLP models expose.
    var fields: [(name: String, value: ModelField)] {
        [
            ("layer_sizes", .vector(Vector(network.layerSizes.map(Double.init)))),
            ("loss_curve", .vector(Vector(lossCurve))),
            ("iterations", .number(Double(iterations))),
            ("loss", .number(loss)),
            ("converged", .number(stoppedEarly ? 1 : 0)),
        ]
    }

    /// "4 → 8 → 3, 200 epochs, loss 0.0123 (stopped early)".
    var description: String {
        network.layerSizes.map(String.init).joined(separator: " → ")
            + ", \(iterations) epochs, loss \(loss)" + (stoppedEarly ? " (stopped: no improvement)" : "")
    }
}
