import Foundation

/// Reads the `hidden` option: one layer size as a number (`hidden = 64`) or
/// several as a comma-separated string (`hidden = "64,32"`), since option
/// values are scalars.
enum HiddenLayerSizes {
    /// The sizes, each a whole number >= 1; absent gives scikit-learn's [100].
    /// - Throws: `LearningError` naming the bad value.
    static func read(_ hyperparameters: Hyperparameters) throws -> [Int] {
        switch try rawValue(hyperparameters) {
        case nil: return [100]
        case .number: return [try hyperparameters.count("hidden", default: 100, atLeast: 1)]
        case .string(let text): return try parse(text)
        case .boolean: throw LearningError("hidden must be a layer size or sizes like \"64,32\", got a boolean")
        }
    }

    /// "64,32" → [64, 32]; spaces around sizes are allowed.
    static func parse(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = parts.map { Int($0) }
        guard !parts.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw LearningError("hidden must be layer sizes >= 1 like \"64,32\", got \"\(text)\"")
        }
        return sizes.map { $0! }
    }

    private static func rawValue(_ hyperparameters: Hyperparameters) throws -> Hyperparameters.Value? {
        hyperparameters.raw("hidden")
    }
}
