/// What a tree is grown to predict.
enum TreeTarget: Sendable {
    /// Class codes in 0..<count.
    case classes([Int], count: Int)
    /// Numbers, for regression.
    case values([Double])
}
