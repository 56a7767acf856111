import Numerics
import Tables

/// The `with name = value, …` options of `train`, read and validated once
/// before fitting, so a bad value is reported before any work is done.
public struct Hyperparameters: Sendable {
    /// A hyper-parameter value as written.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case string(String)
        case boolean(Bool)
    }

    private let values: [String: Value]
    private let estimator: String

    public init(_ values: [String: Value], estimator: String) {
        self.values = values
        self.estimator = estimator
    }

    /// Rejects names the estimator does not know, suggesting a close one.
    public func requireKnown(_ names: [String]) throws {
        for name in values.keys.sorted() where !names.contains(name) {
            var message = "\(estimator) has no option '\(name)'"
            if let close = Spelling.closest(to: name, among: names) {
                message += "; did you mean '\(close)'?"
            } else {
                message += " (options: \(names.joined(separator: ", ")))"
            }
            throw LearningError(message)
        }
    }

    /// A number option; `requirement` is checked and named in the error ("> 0").
    public func number(_ name: String, default fallback: Double, _ requirement: Requirement = .any) throws -> Double {
        guard let value = values[name] else { return fallback }
        guard case .number(let x) = value else { throw LearningError("\(name) must be a number") }
        guard requirement.holds(x) else { throw LearningError("\(name) must be \(requirement.text), got \(formatNumber(x))") }
        return x
    }

    /// A whole-number option.
    public func integer(_ name: String, default fallback: Int, _ requirement: Requirement = .any) throws -> Int {
        let x = try number(name, default: Double(fallback), requirement)
        guard x == x.rounded() else { throw LearningError("\(name) must be a whole number, got \(formatNumber(x))") }
        guard abs(x) < 1e9 else {
            throw LearningError("\(name) must be below 1,000,000,000 in size, got \(abs(x) < 9e18 ? String(Int64(x)) : formatNumber(x))")
        }
        return Int(x)
    }

    /// A choice among named options.
    public func choice(_ name: String, default fallback: String, among options: [String]) throws -> String {
        guard let value = values[name] else { return fallback }
        guard case .string(let s) = value, options.contains(s) else {
            throw LearningError("\(name) must be one of \(options.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return s
    }

    /// The option as written, for options that accept more than one kind of value.
    public func raw(_ name: String) -> Value? { values[name] }

    /// A boolean option.
    public func boolean(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = values[name] else { return fallback }
        guard case .boolean(let b) = value else { throw LearningError("\(name) must be true or false") }
        return b
    }

    /// A condition on a number option.
    public enum Requirement: Sendable {
        case any, positive, nonNegative, atLeast(Double), between(Double, Double)

        func holds(_ x: Double) -> Bool {
            switch self {
            case .any: return x.isFinite
            case .positive: return x > 0 && x.isFinite
            case .nonNegative: return x >= 0 && x.isFinite
            case .atLeast(let low): return x >= low && x.isFinite
            case .between(let low, let high): return x >= low && x <= high
            }
        }

        var text: String {
            switch self {
            case .any: return "a finite number"
            case .positive: return "> 0"
            case .nonNegative: return ">= 0"
            case .atLeast(let low): return ">= \(low)"
            case .between(let low, let high): return "between \(low) and \(high)"
            }
        }
    }
}
