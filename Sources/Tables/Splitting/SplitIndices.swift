/// Row indices of a train/test split: disjoint, together covering every row once.
public struct SplitIndices: Sendable, Equatable {
    /// The training rows, in the split's (shuffled) order.
    public let train: [Int]
    /// The test rows, in the split's (shuffled) order.
    public let test: [Int]

    /// A split from its two index lists.
    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }
}
