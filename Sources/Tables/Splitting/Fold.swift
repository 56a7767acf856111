/// One cross-validation fold: the rows held out for testing and the rest, each increasing
/// (scikit-learn returns them sorted too).
public struct Fold: Sendable, Equatable {
    /// The rows trained on, increasing.
    public let train: [Int]
    /// The rows tested on, increasing.
    public let test: [Int]

    /// A fold from its two index lists.
    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }

    /// The folds for a fold number per row (0..<k): fold i tests the rows numbered i.
    static func folds(assigning testFold: [Int], k: Int) -> [Fold] {
        (0..<k).map { i in
            Fold(train: testFold.indices.filter { testFold[$0] != i }, test: testFold.indices.filter { testFold[$0] == i })
        }
    }
}
