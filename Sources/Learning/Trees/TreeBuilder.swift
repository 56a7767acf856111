import Numerics

/// Grows one CART tree, depth first, as scikit-learn's dense splitter does.
///
/// At each node the candidate features (all of them, or for a forest a random
/// subset) are tried in increasing index order; for each, the node's rows are
/// sorted by that feature and every boundary between distinct values (more
/// than 1e-7 apart, scikit-learn's FEATURE_THRESHOLD) leaving at least
/// `minSamplesLeaf` rows per side is scored. The threshold is the midpoint of
/// the two values (the lower value if the midpoint rounds up to the upper).
/// Only a strictly better score replaces the best so far, so ties go to the
/// lowest feature index, then the lowest threshold.
///
/// A node is a leaf when it is at `maxDepth`, has fewer than
/// `minSamplesSplit` (or 2 × `minSamplesLeaf`) rows, is pure, or has no valid
/// split. Row lists may repeat rows (bootstrap samples); a repeat counts as
/// another row.
struct TreeBuilder: Sendable {
    let x: Matrix
    let target: TreeTarget
    let options: TreeOptions
    /// Features tried per split; nil means all, in index order, with no random draws.
    let maxFeatures: Int?

    static let featureThreshold = 1e-7

    private struct Split {
        var score: Double
        let feature: Int
        let threshold: Double
    }

    /// The tree grown on `rows`; `random` is drawn from only when `maxFeatures` is set.
    func build(rows: [Int], random: inout RandomGenerator) -> DecisionTree {
        var tree = DecisionTree()
        grow(rows, depth: 0, into: &tree, random: &random)
        return tree
    }

    @discardableResult
    private func grow(_ rows: [Int], depth: Int, into tree: inout DecisionTree, random: inout RandomGenerator) -> Int {
        let node = tree.addLeaf(leafValue(rows))
        let tooSmall = rows.count < options.minSamplesSplit || rows.count < 2 * options.minSamplesLeaf
        guard !tooSmall, depth < (options.maxDepth ?? Int.max), !isPure(rows),
            let split = bestSplit(rows, features: candidateFeatures(rows, random: &random))
        else { return node }
        let goesLeft = rows.map { x[$0, split.feature] <= split.threshold }
        let leftRows = zip(rows, goesLeft).filter { $0.1 }.map(\.0)
        let rightRows = zip(rows, goesLeft).filter { !$0.1 }.map(\.0)
        let left = grow(leftRows, depth: depth + 1, into: &tree, random: &random)
        let right = grow(rightRows, depth: depth + 1, into: &tree, random: &random)
        tree.makeSplit(node, feature: split.feature, threshold: split.threshold, left: left, right: right)
        return node
    }

    private func leafValue(_ rows: [Int]) -> [Double] {
        switch target {
        case .classes(let codes, let count):
            var counts = [Double](repeating: 0, count: count)
            for row in rows { counts[codes[row]] += 1 }
            return counts.map { $0 / Double(rows.count) }
        case .values(let y):
            return [rows.reduce(0) { $0 + y[$1] } / Double(rows.count)]
        }
    }

    private func isPure(_ rows: [Int]) -> Bool {
        switch target {
        case .classes(let codes, _): return rows.allSatisfy { codes[$0] == codes[rows[0]] }
        case .values(let y): return rows.allSatisfy { y[$0] == y[rows[0]] }
        }
    }

    private func isConstant(_ rows: [Int], feature: Int) -> Bool {
        var low = Double.infinity, high = -Double.infinity
        let column = feature * x.rows
        x.storage.withUnsafeBufferPointer { all in
            for row in rows {
                low = Swift.min(low, all[column + row])
                high = Swift.max(high, all[column + row])
            }
        }
        return high <= low + Self.featureThreshold
    }

    /// All features, or (for forests) features drawn without replacement until
    /// `maxFeatures` non-constant ones are found or none are left, as
    /// scikit-learn does; returned in increasing index order.
    private func candidateFeatures(_ rows: [Int], random: inout RandomGenerator) -> [Int] {
        let p = x.columns
        guard let wanted = maxFeatures, wanted < p else { return Array(0..<p) }
        var order = Array(0..<p)
        var chosen = [Int]()
        var drawn = 0
        while chosen.count < wanted, drawn < p {
            order.swapAt(drawn, drawn + random.integer(in: 0...(p - drawn - 1)))
            if !isConstant(rows, feature: order[drawn]) { chosen.append(order[drawn]) }
            drawn += 1
        }
        return chosen.sorted()
    }

    private func bestSplit(_ rows: [Int], features: [Int]) -> Split? {
        var best: Split?
        for feature in features {
            // Sorting values with their rows reads each value once. For classes
            // the order of equal values does not matter: no split falls between
            // them, and class counts are exact, so the tree is the same.
            let column = feature * x.rows
            var sorted = rows
            var values = x.storage.withUnsafeBufferPointer { all in rows.map { all[column + $0] } }
            if case .classes = target {
                values.withUnsafeMutableBufferPointer { v in
                    sorted.withUnsafeMutableBufferPointer { r in FeatureSort.sort(v.baseAddress!, r.baseAddress!, count: v.count) }
                }
            } else {
                // Regression sums the target in sorted order, so the order of
                // equal values changes the last bits: keep the stable sort, whose
                // ties stay in row-list order as they always did.
                var pairs = Array(zip(values, sorted))
                pairs.sort { $0.0 < $1.0 }
                (values, sorted) = (pairs.map(\.0), pairs.map(\.1))
            }
            guard values[values.count - 1] > values[0] + Self.featureThreshold else { continue }
            if let split = bestSplit(sorted, values: values, feature: feature), split.score > (best?.score ?? -.infinity) {
                best = split
            }
        }
        return best
    }

    /// The best boundary of one feature; `sorted` are the rows in `values` order.
    private func bestSplit(_ sorted: [Int], values: [Double], feature: Int) -> Split? {
        var scorer = SplitScorer(target: target, criterion: options.criterion, rows: sorted)
        var best: Split?
        let n = sorted.count
        for position in 1..<n {
            scorer.moveLeft(sorted[position - 1])
            guard values[position] > values[position - 1] + Self.featureThreshold,
                position >= options.minSamplesLeaf, n - position >= options.minSamplesLeaf
            else { continue }
            let score = scorer.score()
            if score > (best?.score ?? -.infinity) {
                var threshold = values[position - 1] / 2 + values[position] / 2
                if threshold == values[position] || !threshold.isFinite { threshold = values[position - 1] }
                best = Split(score: score, feature: feature, threshold: threshold)
            }
        }
        return best
    }
}
