import Foundation

/// How many features a forest's split may choose among.
enum MaxFeatures: Sendable, Equatable {
    case sqrt, log2, all
    case count(Int)

    static let message = "max_features must be \"sqrt\", \"log2\", \"all\" or a whole number >= 1"

    init(_ hyperparameters: Hyperparameters) throws {
        // The option is either a name or a number; try the name first.
        if let name = try? hyperparameters.choice("max_features", default: "sqrt", among: ["sqrt", "log2", "all"]) {
            self = name == "sqrt" ? .sqrt : name == "log2" ? .log2 : .all
            return
        }
        guard let count = try? hyperparameters.count("max_features", default: 1, atLeast: 1) else { throw LearningError(Self.message) }
        self = .count(count)
    }

    /// The number of features for `p` columns, at least 1 and at most p;
    /// "sqrt" and "log2" round down, as scikit-learn does.
    func count(of p: Int) -> Int {
        switch self {
        case .sqrt: return Swift.max(1, Int(Double(p).squareRoot()))
        case .log2: return Swift.max(1, Int(Foundation.log2(Double(p))))
        case .all: return p
        case .count(let k): return Swift.min(k, p)
        }
    }
}
