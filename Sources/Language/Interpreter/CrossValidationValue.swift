import Learning
import Numerics

/// The result of `cross_validate`: per-metric mean, sd and fold scores, and
/// the folds, so that `compare_models` can check two results share them.
public struct CrossValidationValue: OpaqueValueContent {
    public let result: CrossValidation.Result

    public var kind: String { "cross-validation" }

    public var summary: String {
        let lines = result.scores.map { score -> String in
            let (mean, sd) = CrossValidationValue.meanAndSD(score.values)
            return "\(score.name): \(formatNumber(mean)) ± \(formatNumber(sd))"
        }
        return "\(result.estimator), \(result.foldRows.count) folds\n" + lines.joined(separator: "\n")
    }

    public func field(_ name: String) -> Value? {
        if name == "folds" { return .number(Double(result.foldRows.count)) }
        guard let values = result.values(of: name) else { return nil }
        let (mean, sd) = CrossValidationValue.meanAndSD(values)
        return .record(Record([("mean", .number(mean)), ("sd", .number(sd)), ("folds", .vector(Vector(values)))]))
    }

    public var fieldNames: [String] { ["folds"] + result.scores.map(\.name) }

    public var digest: String { summary }

    /// Mean and sample standard deviation (ddof 1) of the fold scores.
    static func meanAndSD(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = values.count > 1 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot() : .nan
        return (mean, sd)
    }
}
