import Numerics

/// k-fold cross-validation, as scikit-learn's `KFold`: rows (shuffled or in order) are cut into
/// k consecutive folds, the first n mod k of size ⌊n/k⌋ + 1 and the rest ⌊n/k⌋.
public struct KFold: Sendable, Equatable {
    /// The number of folds, at least 2.
    public let k: Int

    /// k-fold cross-validation with `k` folds.
    /// - Throws: `DataError.invalidArgument` for k < 2.
    public init(k: Int) throws {
        guard k >= 2 else { throw DataError(.invalidArgument, "folds: k = \(k); cross-validation needs at least 2 folds") }
        self.k = k
    }

    /// The folds of rows 0..<n in order (scikit-learn's `shuffle=False`).
    /// - Throws: `DataError.invalidArgument` for k > n.
    public func folds(rowCount n: Int) throws -> FoldSet {
        try folds(order: Array(0..<n))
    }

    /// The folds of rows 0..<n after one `RandomGenerator.shuffle` of 0..<n.
    /// - Throws: `DataError.invalidArgument` for k > n.
    public func folds(rowCount n: Int, shuffling generator: inout RandomGenerator) throws -> FoldSet {
        try check(n)
        return try folds(order: generator.shuffled(Array(0..<n)))
    }

    /// Cuts `order` into the folds.
    private func folds(order: [Int]) throws -> FoldSet {
        let n = order.count
        try check(n)
        var testFold = [Int](repeating: 0, count: n)
        var start = 0
        for i in 0..<k {
            let size = n / k + (i < n % k ? 1 : 0)
            for row in order[start..<(start + size)] { testFold[row] = i }
            start += size
        }
        return FoldSet(folds: Fold.folds(assigning: testFold, k: k))
    }

    /// - Throws: `DataError.invalidArgument` for k > n.
    func check(_ n: Int) throws {
        guard k <= n else { throw DataError(.invalidArgument, "folds: k = \(k) is more than the \(n) rows") }
    }
}
