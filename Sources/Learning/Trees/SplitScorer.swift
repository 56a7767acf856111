/// Running statistics of a node's two sides while its rows move, in sorted
/// order, from the right side to the left; scores the current split.
///
/// Rows carry weights (their counts in a bootstrap sample). Class counts are
/// whole numbers, so moving a row of weight w at once gives the same bits as
/// moving w copies one by one; targets of regression trees always have weight 1.
struct SplitScorer {
    // The target unpacked once: matching the enum in every `moveLeft` (once
    // per row, feature and node) retained and released its array each time.
    private let codes: [Int]
    private let y: [Double]
    private let classification: Bool
    private let criterion: SplitCriterion
    private var leftCounts: [Double], rightCounts: [Double]
    private var leftSum = 0.0, rightSum = 0.0
    private var leftSquares = 0.0, rightSquares = 0.0
    /// Total weight on each side.
    private(set) var leftN = 0.0
    private(set) var rightN = 0.0

    /// All of `rows` on the right side; regression sums their targets in this order.
    init(target: TreeTarget, criterion: SplitCriterion, rows: ArraySlice<Int32>, weights: [Double]) {
        self.criterion = criterion
        switch target {
        case .classes(let codes, let count):
            self.codes = codes
            y = []
            classification = true
            leftCounts = [Double](repeating: 0, count: count)
            rightCounts = leftCounts
            for row in rows { rightCounts[codes[Int(row)]] += weights[Int(row)] }
            rightSquares = rightCounts.reduce(0) { $0 + $1 * $1 }
        case .values(let y):
            self.y = y
            codes = []
            classification = false
            leftCounts = []
            rightCounts = []
            rightSum = rows.reduce(0) { $0 + y[Int($1)] * weights[Int($1)] }
        }
        rightN = rows.reduce(0) { $0 + weights[Int($1)] }
    }

    @inline(__always)
    mutating func moveLeft(_ row: Int, weight w: Double) {
        leftN += w
        rightN -= w
        if classification {
            let c = codes[row]
            // Σc² updated in O(1): (c + w)² − c² = w(2c + w).
            leftSquares += w * (2 * leftCounts[c] + w)
            rightSquares -= w * (2 * rightCounts[c] - w)
            leftCounts[c] += w
            rightCounts[c] -= w
        } else {
            leftSum += y[row] * w
            rightSum -= y[row] * w
        }
    }

    /// Larger is better: −(n_left · impurity_left + n_right · impurity_right)
    /// up to a constant of the node (scikit-learn's proxy improvement).
    func score() -> Double {
        switch criterion {
        case .gini:
            return leftSquares / leftN + rightSquares / rightN
        case .entropy:
            return criterion.score(counts: leftCounts, total: leftN) + criterion.score(counts: rightCounts, total: rightN)
        case .squaredError:
            return leftSum * leftSum / leftN + rightSum * rightSum / rightN
        }
    }
}
