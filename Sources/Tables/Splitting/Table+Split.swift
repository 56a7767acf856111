import Numerics

/// Train/test splits and cross-validation folds of a table's rows.
extension Table {
    /// The table split into training and test rows, at random or stratified by a column.
    ///
    /// Rows keep their provenance keys, so preprocessing fitted on the training part can later
    /// tell whether the test part overlaps it. See `TrainTestSplit` for the sizes and draws.
    /// - Throws: `DataError` for a bad fraction, an unknown column or an impossible split.
    public func split(
        trainFraction: Double, stratifyBy column: String? = nil, using generator: inout RandomGenerator
    ) throws -> (train: Table, test: Table) {
        let indices = try splitRows(trainFraction: trainFraction, stratifyBy: column, using: &generator)
        return (try selectingRows(indices.train), try selectingRows(indices.test))
    }

    /// The row numbers of the two parts `split(trainFraction:stratifyBy:using:)` makes, drawn the same way.
    /// - Throws: `DataError` for a bad fraction, an unknown column or an impossible split.
    public func splitRows(
        trainFraction: Double, stratifyBy column: String? = nil, using generator: inout RandomGenerator
    ) throws -> SplitIndices {
        let split = try TrainTestSplit(trainFraction: trainFraction)
        return try column.map { try split.stratifiedIndices(labels: self.column($0).strings(), using: &generator) }
            ?? split.indices(rowCount: rowCount, using: &generator)
    }

    /// k cross-validation folds of the rows, shuffled with `generator`, stratified by a column
    /// when one is named.
    /// - Throws: `DataError` for k < 2, k > rows, an unknown column, or every class smaller than k.
    public func folds(k: Int, stratifyBy column: String? = nil, using generator: inout RandomGenerator) throws -> FoldSet {
        guard let column else { return try KFold(k: k).folds(rowCount: rowCount, shuffling: &generator) }
        return try StratifiedKFold(k: k).folds(labels: self.column(column).strings(), shuffling: &generator)
    }
}
