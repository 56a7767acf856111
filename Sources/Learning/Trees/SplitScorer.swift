/// Running statistics of a node's two sides while its rows move, in sorted
/// order, from the right side to the left; scores the current split.
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
    private var leftN = 0.0, rightN: Double

    init(target: TreeTarget, criterion: SplitCriterion, rows: [Int]) {
        self.criterion = criterion
        rightN = Double(rows.count)
        switch target {
        case .classes(let codes, let count):
            self.codes = codes
            y = []
            classification = true
            leftCounts = [Double](repeating: 0, count: count)
            rightCounts = leftCounts
            for row in rows { rightCounts[codes[row]] += 1 }
            rightSquares = rightCounts.reduce(0) { $0 + $1 * $1 }
        case .values(let y):
            self.y = y
            codes = []
            classification = false
            leftCounts = []
            rightCounts = []
            rightSum = rows.reduce(0) { $0 + y[$1] }
        }
    }

    mutating func moveLeft(_ row: Int) {
        leftN += 1
        rightN -= 1
        if classification {
            let c = codes[row]
            // Σc² updated in O(1): (c + 1)² − c² = 2c + 1.
            leftSquares += 2 * leftCounts[c] + 1
            rightSquares -= 2 * rightCounts[c] - 1
            leftCounts[c] += 1
            rightCounts[c] -= 1
        } else {
            leftSum += y[row]
            rightSum -= y[row]
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
