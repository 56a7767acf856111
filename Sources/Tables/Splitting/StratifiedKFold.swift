import Numerics

/// Stratified k-fold cross-validation, reproducing scikit-learn's `StratifiedKFold` (0.22+):
///
/// 1. Classes are numbered in order of first appearance; the labels sorted by that number are
///    dealt round-robin to the folds (fold i gets sorted positions i, i + k, …), which fixes how
///    many rows of each class each fold tests.
/// 2. For each class in that order, the list of fold numbers it was dealt (fold 0's share first)
///    is shuffled with `RandomGenerator.shuffle` when shuffling, then given to the class's rows
///    in increasing row order.
///
/// Without shuffling the folds equal scikit-learn's exactly. A class with fewer rows than k
/// cannot appear in every fold: as scikit-learn, that is a warning in the result when some
/// class has at least k rows, and an error when none has.
public struct StratifiedKFold: Sendable, Equatable {
    /// The number of folds, at least 2.
    public let k: Int

    /// Stratified k-fold cross-validation with `k` folds.
    /// - Throws: `DataError.invalidArgument` for k < 2.
    public init(k: Int) throws {
        self.k = try KFold(k: k).k
    }

    /// The folds for `labels` without shuffling (scikit-learn's `shuffle=False`).
    /// - Throws: `DataError` for a missing label, k > n, or every class smaller than k.
    public func folds(labels: [String?]) throws -> FoldSet {
        var unused = RandomGenerator(seed: 0)
        return try folds(labels: labels, shuffle: false, generator: &unused)
    }

    /// The folds for `labels`, each class's fold numbers shuffled with `generator`.
    /// - Throws: `DataError` for a missing label, k > n, or every class smaller than k.
    public func folds(labels: [String?], shuffling generator: inout RandomGenerator) throws -> FoldSet {
        try folds(labels: labels, shuffle: true, generator: &generator)
    }

    private func folds(labels: [String?], shuffle: Bool, generator: inout RandomGenerator) throws -> FoldSet {
        try KFold(k: k).check(labels.count)
        let codes = try Self.firstAppearanceCodes(labels)
        var counts = [Int](repeating: 0, count: (codes.max() ?? -1) + 1)
        for code in codes { counts[code] += 1 }
        let warnings = try sizeWarnings(counts)
        let sorted = codes.sorted()
        var testFold = [Int](repeating: 0, count: codes.count)
        for c in counts.indices {
            var dealt = (0..<k).flatMap { i in
                [Int](repeating: i, count: stride(from: i, to: sorted.count, by: k).filter { sorted[$0] == c }.count)
            }
            if shuffle { generator.shuffle(&dealt) }
            for (row, fold) in zip(codes.indices.filter { codes[$0] == c }, dealt) { testFold[row] = fold }
        }
        return FoldSet(folds: Fold.folds(assigning: testFold, k: k), warnings: warnings)
    }

    /// The class number of each row, classes numbered by first appearance.
    private static func firstAppearanceCodes(_ labels: [String?]) throws -> [Int] {
        var numbers = [String: Int]()
        return try labels.enumerated().map { row, label in
            guard let label else { throw DataError(.invalidValue, "folds: row \(row + 1) has no class label to stratify by") }
            if let code = numbers[label] { return code }
            numbers[label] = numbers.count
            return numbers.count - 1
        }
    }

    /// The warning for a class smaller than k, or an error when every class is.
    private func sizeWarnings(_ counts: [Int]) throws -> [String] {
        let smallest = counts.min() ?? 0
        guard smallest < k else { return [] }
        guard counts.contains(where: { $0 >= k }) else {
            throw DataError(.invalidArgument, "folds: k = \(k) is more than the rows of every class")
        }
        return ["the least populated class has only \(smallest) row(s), fewer than k = \(k); it cannot be in every fold"]
    }
}
