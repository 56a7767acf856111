import Foundation
import Numerics

/// The last layer's activation and the loss it is paired with. Both pairs have
/// the output error `output − target` as the loss gradient with respect to the
/// last layer's pre-activations (per row, before dividing by the batch size),
/// which is what makes the backward pass the same for both.
public enum OutputActivation: String, Codable, Sendable {
    /// Class probabilities; loss is the mean log loss −(1/n) Σᵢ log pᵢ,yᵢ.
    case softmax
    /// The pre-activations themselves; loss is scikit-learn's squared error
    /// (1/(2·n·k)) Σ (y − ŷ)².
    case identity

    /// Applies the activation to n×k pre-activations.
    func apply(_ z: Matrix) throws -> Matrix {
        switch self {
        case .identity: return z
        case .softmax: return try Self.softmax(z)
        }
    }

    /// Row-wise softmax. Each row's maximum is subtracted before `exp`, so the
    /// largest term is exp(0) = 1: nothing overflows and the sum is ≥ 1.
    static func softmax(_ z: Matrix) throws -> Matrix {
        let n = z.rows, k = z.columns
        var out = z.storage
        for i in 0..<n {
            var largest = -Double.infinity
            for j in 0..<k { largest = Swift.max(largest, out[j * n + i]) }
            var total = 0.0
            for j in 0..<k {
                out[j * n + i] = exp(out[j * n + i] - largest)
                total += out[j * n + i]
            }
            for j in 0..<k { out[j * n + i] /= total }
        }
        return try Matrix(rows: n, columns: k, columnMajor: out)
    }

    /// The mean loss of `output` (this activation's values) against `targets`
    /// (one-hot rows for softmax), without the L2 penalty.
    ///
    /// Log loss clips probabilities to [ε, 1 − ε] with ε the double machine
    /// epsilon, as scikit-learn's MLP does, so a probability that underflowed
    /// to 0 costs −log ε ≈ 36 rather than infinity.
    func loss(_ output: Matrix, _ targets: Matrix) -> Double {
        let n = Double(output.rows)
        switch self {
        case .identity:
            var total = 0.0
            for (y, p) in zip(targets.storage, output.storage) { total += (y - p) * (y - p) }
            return total / (2 * Double(output.count))
        case .softmax:
            let epsilon = Double.ulpOfOne
            var total = 0.0
            for (y, p) in zip(targets.storage, output.storage) where y != 0 {
                total -= y * log(Swift.min(Swift.max(p, epsilon), 1 - epsilon))
            }
            return total / n
        }
    }
}
