import Numerics

/// A seeded random split of rows into a training and a test set, as scikit-learn's
/// `train_test_split(train_size=f)`: n_train = ⌊f·n⌋ and n_test = n − n_train (the same as
/// n_test = ⌈(1 − f)·n⌉ in exact arithmetic; the floor is computed on f·n as scikit-learn does).
///
/// All randomness comes from the generator passed in, so a split is fully determined by the
/// generator's state; see each method for the exact draws.
public struct TrainTestSplit: Sendable, Equatable {
    /// The fraction of rows that go to training, in (0, 1).
    public let trainFraction: Double

    /// A split keeping `trainFraction` of the rows for training.
    /// - Throws: `DataError.invalidArgument` for a fraction outside (0, 1).
    public init(trainFraction: Double) throws {
        guard trainFraction > 0, trainFraction < 1 else {
            throw DataError(.invalidArgument, "split: training fraction \(trainFraction) must be between 0 and 1 (exclusive)")
        }
        self.trainFraction = trainFraction
    }

    /// The training and test sizes for `rowCount` rows.
    /// - Throws: `DataError.invalidArgument` when either side would be empty.
    public func sizes(rowCount n: Int) throws -> (train: Int, test: Int) {
        let train = Int((trainFraction * Double(n)).rounded(.down))
        guard train > 0, train < n else {
            throw DataError(
                .invalidArgument,
                "split: with \(n) rows and training fraction \(trainFraction) the \(train == 0 ? "training" : "test") set would be empty")
        }
        return (train, n - train)
    }

    /// A random split of rows 0..<n.
    ///
    /// Draws one permutation of 0..<n with `RandomGenerator.shuffle` (as scikit-learn's
    /// `ShuffleSplit`, which takes a permutation): its first n_test entries are the test rows,
    /// the rest the training rows, both in permutation order.
    public func indices(rowCount n: Int, using generator: inout RandomGenerator) throws -> SplitIndices {
        let (_, testCount) = try sizes(rowCount: n)
        let permutation = generator.shuffled(Array(0..<n))
        return SplitIndices(train: Array(permutation[testCount...]), test: Array(permutation[..<testCount]))
    }
}
