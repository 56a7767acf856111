import Foundation
import Numerics

/// Metrics of predictions against the truth, as `test` reports them.
public enum Evaluation {
    /// MSE, RMSE, MAE and R² (1 − RSS/TSS; NaN for a constant truth).
    public static func regression(truth: Vector, predicted: Vector) -> [(name: String, value: Double)] {
        let n = Double(truth.count)
        let errors = zip(truth, predicted).map { $0 - $1 }
        let mse = errors.reduce(0) { $0 + $1 * $1 } / n
        let mae = errors.reduce(0) { $0 + abs($1) } / n
        let mean = truth.elements.reduce(0, +) / n
        let tss = truth.elements.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let r2 = tss > 0 ? 1 - mse * n / tss : .nan
        return [("mse", mse), ("rmse", mse.squareRoot()), ("mae", mae), ("r_squared", r2)]
    }

    /// Accuracy, per-class and averaged precision/recall/F1, the confusion
    /// matrix (rows truth, columns prediction), log loss and ROC AUC
    /// (one-vs-rest macro average for more than two classes).
    ///
    /// Conventions follow scikit-learn: a class never predicted has precision
    /// 0 (zero_division = 0), macro averages leave out classes neither in the truth nor
    /// predicted, and probabilities are clipped to [ε, 1 − ε] for log loss.
    public static func classification(truth: [Int], predicted: [Int], probabilities: Matrix, labels: [String]) -> ClassificationReport {
        let k = labels.count
        var confusion = Matrix(rows: k, columns: k)
        for (t, p) in zip(truth, predicted) { confusion[t, p] += 1 }
        let support = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + confusion[i, $1] } }
        let predictedCount = (0..<k).map { j in (0..<k).reduce(0.0) { $0 + confusion[$1, j] } }
        let precision = (0..<k).map { predictedCount[$0] > 0 ? confusion[$0, $0] / predictedCount[$0] : 0 }
        let recall = (0..<k).map { support[$0] > 0 ? confusion[$0, $0] / support[$0] : 0 }
        let f1 = (0..<k).map { precision[$0] + recall[$0] > 0 ? 2 * precision[$0] * recall[$0] / (precision[$0] + recall[$0]) : 0 }
        let n = Double(truth.count)
        let accuracy = (0..<k).reduce(0.0) { $0 + confusion[$1, $1] } / n
        // Macro averages run over the classes in the truth or the predictions, as scikit-learn's
        // do: a class the model knows but these rows never mention would count as a zero.
        let mentioned = (0..<k).filter { support[$0] > 0 || predictedCount[$0] > 0 }
        func macro(_ v: [Double]) -> Double { mentioned.reduce(0) { $0 + v[$1] } / Double(mentioned.count) }
        func weighted(_ v: [Double]) -> Double { zip(v, support).reduce(0) { $0 + $1.0 * $1.1 } / n }
        return ClassificationReport(
            labels: labels, accuracy: accuracy, precision: precision, recall: recall, f1: f1, support: support,
            macroPrecision: macro(precision), macroRecall: macro(recall), macroF1: macro(f1),
            weightedPrecision: weighted(precision), weightedRecall: weighted(recall), weightedF1: weighted(f1),
            confusion: confusion, logLoss: logLoss(truth, probabilities), rocAUC: rocAUC(truth, probabilities, k))
    }

    static func logLoss(_ truth: [Int], _ probabilities: Matrix) -> Double {
        let eps = Double.ulpOfOne
        var total = 0.0
        for (row, t) in truth.enumerated() {
            // Rows are renormalised after clipping, as scikit-learn does.
            let clipped = (0..<probabilities.columns).map { Swift.min(Swift.max(probabilities[row, $0], eps), 1 - eps) }
            total -= log(clipped[t] / clipped.reduce(0, +))
        }
        return total / Double(truth.count)
    }

    /// Area under the ROC curve by the rank statistic (ties get average ranks);
    /// NaN when a class is absent from the truth.
    static func binaryAUC(_ positive: [Bool], _ scores: [Double]) -> Double {
        let positives = positive.filter { $0 }.count, negatives = positive.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for m in i...j { ranks[order[m]] = average }
            i = j + 1
        }
        let positiveRanks = zip(positive, ranks).filter { $0.0 }.reduce(0.0) { $0 + $1.1 }
        return (positiveRanks - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
    }

    static func rocAUC(_ truth: [Int], _ probabilities: Matrix, _ k: Int) -> Double {
        if k == 2 { return binaryAUC(truth.map { $0 == 1 }, (0..<truth.count).map { probabilities[$0, 1] }) }
        let perClass = (0..<k).map { c in binaryAUC(truth.map { $0 == c }, (0..<truth.count).map { probabilities[$0, c] }) }
        return perClass.reduce(0, +) / Double(k)
    }
}

/// The classification metrics of one `test`.
public struct ClassificationReport: Sendable, Equatable {
    public let labels: [String]
    public let accuracy: Double
    public let precision: [Double], recall: [Double], f1: [Double], support: [Double]
    public let macroPrecision: Double, macroRecall: Double, macroF1: Double
    public let weightedPrecision: Double, weightedRecall: Double, weightedF1: Double
    public let confusion: Matrix
    public let logLoss: Double
    public let rocAUC: Double
}
