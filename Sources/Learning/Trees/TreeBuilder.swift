import Numerics

/// Grows one CART tree, depth first, as scikit-learn's dense splitter does.
///
/// At each node the candidate features (all of them, or for a forest a random
/// subset) are tried in increasing index order; for each, the node's rows in
/// that feature's order are scanned and every boundary between distinct values
/// (more than 1e-7 apart, scikit-learn's FEATURE_THRESHOLD) leaving at least
/// `minSamplesLeaf` rows per side is scored. The threshold is the midpoint of
/// the two values (the lower value if the midpoint rounds up to the upper).
/// Only a strictly better score replaces the best so far, so ties go to the
/// lowest feature index, then the lowest threshold.
///
/// A node is a leaf when it is at `maxDepth`, has fewer than
/// `minSamplesSplit` (or 2 × `minSamplesLeaf`) rows, is pure, or has no valid
/// split. Samples may repeat rows (bootstrap samples); a repeat counts as
/// another row. Rows are sorted by every feature once per fit (`FeatureOrder`)
/// and nodes partition those orders (`SampleLists`) instead of sorting.
struct TreeBuilder: Sendable {
    let x: Matrix
    let target: TreeTarget
    let options: TreeOptions
    /// Features tried per split; nil means all, in index order, with no random draws.
    let maxFeatures: Int?
    let order: FeatureOrder
    /// Checked at every node: one deep tree on many rows can take minutes.
    let interruption: Interruption

    static let featureThreshold = 1e-7

    init(x: Matrix, target: TreeTarget, options: TreeOptions, maxFeatures: Int?, interruption: Interruption = .never) {
        self.x = x
        self.target = target
        self.options = options
        self.maxFeatures = maxFeatures
        self.interruption = interruption
        order = FeatureOrder(x)
    }

    private struct Split {
        var score: Double
        let feature: Int
        let threshold: Double
    }

    /// The tree grown on the sample that holds row i `counts[i]` times (every
    /// row once if nil); `random` is drawn from only when `maxFeatures` is set.
    /// - Throws: `TrainingInterrupted` when `interruption` asked it to stop.
    func build(counts: [Int32]? = nil, random: inout RandomGenerator) throws -> DecisionTree {
        var lists = SampleLists(x, order: order, counts: counts ?? [Int32](repeating: 1, count: x.rows))
        var tree = DecisionTree()
        try grow(0..<lists.size, depth: 0, lists: &lists, into: &tree, random: &random)
        return tree
    }

    @discardableResult
    private func grow(_ range: Range<Int>, depth: Int, lists: inout SampleLists, into tree: inout DecisionTree, random: inout RandomGenerator) throws -> Int {
        try interruption.check()
        let rows = lists.byRow[range]
        let total = rows.reduce(0) { $0 + lists.weights[Int($1)] }
        let node = tree.addLeaf(leafValue(rows, weights: lists.weights, total: total))
        let tooSmall = total < Double(options.minSamplesSplit) || total < Double(2 * options.minSamplesLeaf)
        guard !tooSmall, depth < (options.maxDepth ?? Int.max), !isPure(rows),
            let split = bestSplit(range, lists, features: candidateFeatures(range, lists, random: &random))
        else { return node }
        // Children at the depth limit are leaves: they need no sorted lists.
        let middle = lists.partition(range, feature: split.feature, threshold: split.threshold, sorted: depth + 1 < (options.maxDepth ?? Int.max))
        let left = try grow(range.lowerBound..<middle, depth: depth + 1, lists: &lists, into: &tree, random: &random)
        let right = try grow(middle..<range.upperBound, depth: depth + 1, lists: &lists, into: &tree, random: &random)
        tree.makeSplit(node, feature: split.feature, threshold: split.threshold, left: left, right: right)
        return node
    }

    /// Class shares, or the mean target summed in row order.
    private func leafValue(_ rows: ArraySlice<Int32>, weights: [Double], total: Double) -> [Double] {
        switch target {
        case .classes(let codes, let count):
            var counts = [Double](repeating: 0, count: count)
            for row in rows { counts[codes[Int(row)]] += weights[Int(row)] }
            return counts.map { $0 / total }
        case .values(let y):
            return [rows.reduce(0) { $0 + y[Int($1)] * weights[Int($1)] } / total]
        }
    }

    private func isPure(_ rows: ArraySlice<Int32>) -> Bool {
        let first = Int(rows.first!)
        switch target {
        case .classes(let codes, _): return rows.allSatisfy { codes[Int($0)] == codes[first] }
        case .values(let y): return rows.allSatisfy { y[Int($0)] == y[first] }
        }
    }

    /// Whether the node's values of `feature` span no more than the threshold:
    /// its list is sorted, so the ends tell.
    private func isConstant(_ range: Range<Int>, _ lists: SampleLists, feature: Int) -> Bool {
        lists.value(feature, range.upperBound - 1) <= lists.value(feature, range.lowerBound) + Self.featureThreshold
    }

    /// All features, or (for forests) features drawn without replacement until
    /// `maxFeatures` non-constant ones are found or none are left, as
    /// scikit-learn does; returned in increasing index order.
    private func candidateFeatures(_ range: Range<Int>, _ lists: SampleLists, random: inout RandomGenerator) -> [Int] {
        let p = x.columns
        guard let wanted = maxFeatures, wanted < p else { return Array(0..<p) }
        var order = Array(0..<p)
        var chosen = [Int]()
        var drawn = 0
        while chosen.count < wanted, drawn < p {
            order.swapAt(drawn, drawn + random.integer(in: 0...(p - drawn - 1)))
            if !isConstant(range, lists, feature: order[drawn]) { chosen.append(order[drawn]) }
            drawn += 1
        }
        return chosen.sorted()
    }

    private func bestSplit(_ range: Range<Int>, _ lists: SampleLists, features: [Int]) -> Split? {
        // Class totals are exact whatever order rows are counted in, so every
        // feature's scan starts from one count; regression sums depend on the
        // order, so each feature's starts from its own.
        var classTotals: SplitScorer?
        if case .classes = target {
            classTotals = SplitScorer(target: target, criterion: options.criterion, rows: lists.byRow[range], weights: lists.weights)
        }
        var best: Split?
        for feature in features where !isConstant(range, lists, feature: feature) {
            if let split = bestSplit(range, lists, feature: feature, from: classTotals), split.score > (best?.score ?? -.infinity) {
                best = split
            }
        }
        return best
    }

    /// The best boundary of one feature, scanning the node's rows in its order.
    /// Equal values never straddle a scored boundary and class counts are exact,
    /// so how equal values are ordered cannot change a classification split.
    private func bestSplit(_ range: Range<Int>, _ lists: SampleLists, feature: Int, from start: SplitScorer?) -> Split? {
        let base = feature * lists.size
        let sortedRows = lists.rows[(base + range.lowerBound)..<(base + range.upperBound)]
        var scorer = start ?? SplitScorer(target: target, criterion: options.criterion, rows: sortedRows, weights: lists.weights)
        let minimum = Double(options.minSamplesLeaf)
        var best: Split?
        lists.values.withUnsafeBufferPointer { values in
            lists.rows.withUnsafeBufferPointer { rows in
                for i in (base + range.lowerBound + 1)..<(base + range.upperBound) {
                    let row = Int(rows[i - 1])
                    scorer.moveLeft(row, weight: lists.weights[row])
                    guard values[i] > values[i - 1] + Self.featureThreshold, scorer.leftN >= minimum, scorer.rightN >= minimum
                    else { continue }
                    let score = scorer.score()
                    if score > (best?.score ?? -.infinity) {
                        var threshold = values[i - 1] / 2 + values[i] / 2
                        if threshold == values[i] || !threshold.isFinite { threshold = values[i - 1] }
                        best = Split(score: score, feature: feature, threshold: threshold)
                    }
                }
            }
        }
        return best
    }
}
