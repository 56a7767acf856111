/// Listed runs with a column of values for each metric shown: what `mlx runs`
/// prints. Columns rather than a dictionary a run: a table of ten thousand
/// runs made ten thousand dictionaries and hashed a name for every value.
public struct RunTable: Sendable {
    /// The runs in the listing's order; their `metrics` are left empty.
    public var runs: [RunSummary]
    /// The metrics shown, in column order.
    public var metrics: [String]
    /// For each metric, each run's last value of it (NaN for one that could
    /// not be computed); nil where the run did not report it.
    public var values: [[Double?]]

    public init(runs: [RunSummary], metrics: [String], values: [[Double?]]) {
        self.runs = runs
        self.metrics = metrics
        self.values = values
    }

    /// Puts the runs (and their values) in `order`, a permutation of their positions.
    mutating func reorder(_ order: [Int]) {
        runs = order.map { runs[$0] }
        values = values.map { column in order.map { column[$0] } }
    }
}
