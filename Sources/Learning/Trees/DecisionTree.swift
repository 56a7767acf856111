import Numerics
import Tables

/// A fitted binary decision tree as flat node arrays (plain data, `Codable`).
///
/// Node 0 is the root. An inner node sends a row left when
/// `row[feature] <= threshold`, otherwise right. A leaf has `feature == -1`
/// and its `value`: class proportions for classification, the mean target for
/// regression.
public struct DecisionTree: Codable, Equatable, Sendable {
    public internal(set) var feature: [Int] = []
    /// The split value (midway between neighbouring training values); 0 for leaves.
    public internal(set) var threshold: [Double] = []
    public internal(set) var left: [Int] = []
    public internal(set) var right: [Int] = []
    public internal(set) var value: [[Double]] = []

    /// Number of nodes.
    public var nodeCount: Int { feature.count }
    /// Number of leaves.
    public var leafCount: Int { feature.filter { $0 < 0 }.count }

    /// The longest root-to-leaf path, in splits.
    public var depth: Int {
        var deepest = 0
        var stack = [(node: 0, depth: 0)]
        while let (node, depth) = stack.popLast() {
            deepest = Swift.max(deepest, depth)
            if feature[node] >= 0 { stack += [(left[node], depth + 1), (right[node], depth + 1)] }
        }
        return deepest
    }

    /// The leaf value for row `row` of `x`.
    func value(of x: Matrix, row: Int) -> [Double] {
        var node = 0
        while feature[node] >= 0 {
            node = x[row, feature[node]] <= threshold[node] ? left[node] : right[node]
        }
        return value[node]
    }

    /// Throws unless the arrays describe one tree that every row walks from the root to a leaf:
    /// as many entries in each as nodes; every inner node splitting on one of `featureCount` features
    /// into two children numbered after it (so no walk loops) that no other node points to; every
    /// node's value `valueWidth` long. `name` says which tree, in the error.
    func checkStructure(_ name: String, featureCount: Int, valueWidth: Int) throws {
        let nodes = feature.count
        try ParameterCheck.nonEmpty("\(name).feature", nodes)
        for (array, count) in [("threshold", threshold.count), ("left", left.count), ("right", right.count), ("value", value.count)] {
            try ParameterCheck.count("\(name).\(array)", count, is: nodes, "one per node, as in feature")
        }
        var parents = [Int](repeating: 0, count: nodes)
        for node in 0..<nodes {
            try ParameterCheck.count("\(name).value[\(node)]", value[node].count, is: valueWidth, "the width of every node's value")
            try ParameterCheck.within(
                "\(name).feature[\(node)]", feature[node], -1...(featureCount - 1), "a feature's index, or -1 for a leaf")
            guard feature[node] >= 0 else { continue }
            for (side, child) in [("left", left[node]), ("right", right[node])] {
                guard child > node, child < nodes else {
                    throw LearningError("\(name).\(side)[\(node)] is \(child), expected a node after \(node) (up to \(nodes - 1))")
                }
                parents[child] += 1
            }
        }
        if let node = (1..<nodes).first(where: { parents[$0] != 1 }) {
            throw LearningError("\(name) node \(node) is the child of \(parents[node]) nodes; every node but the root is the child of one")
        }
    }

    mutating func addLeaf(_ value: [Double]) -> Int {
        feature.append(-1)
        threshold.append(0)
        left.append(-1)
        right.append(-1)
        self.value.append(value)
        return feature.count - 1
    }

    mutating func makeSplit(_ node: Int, feature: Int, threshold: Double, left: Int, right: Int) {
        self.feature[node] = feature
        self.threshold[node] = threshold
        self.left[node] = left
        self.right[node] = right
    }
}

extension DecisionTree {
    /// As the synthesized conformance encodes it; into canonical JSON (model
    /// documents) as bytes directly: a forest's trees are most of its document,
    /// and going through containers took several times longer than the numbers' text.
    public func encode(to encoder: any Encoder) throws {
        let written = CanonicalJSON.writeDirectly(to: encoder) { bytes in
            // The keys in the order JSONEncoder sorts them.
            bytes.append(UInt8(ascii: "{"))
            CanonicalJSON.appendKey("feature", first: true, to: &bytes)
            CanonicalJSON.appendArray(feature, to: &bytes)
            CanonicalJSON.appendKey("left", to: &bytes)
            CanonicalJSON.appendArray(left, to: &bytes)
            CanonicalJSON.appendKey("right", to: &bytes)
            CanonicalJSON.appendArray(right, to: &bytes)
            CanonicalJSON.appendKey("threshold", to: &bytes)
            CanonicalJSON.appendArray(threshold, to: &bytes)
            CanonicalJSON.appendKey("value", to: &bytes)
            CanonicalJSON.appendArray(value, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        guard !written else { return }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(feature, forKey: .feature)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(left, forKey: .left)
        try container.encode(right, forKey: .right)
        try container.encode(value, forKey: .value)
    }
}
