import Tables

/// A table produced by `preprocess`, with the fitted steps that made it: a
/// model trained on it carries them and applies them to raw rows. It also
/// keeps the unfitted steps and the raw rows, so cross-validation can re-fit
/// the steps inside each fold.
///
/// The table functions that return rows of it (`head`, `filter`, `sort`,
/// `sample`, `split`, …) or some of its columns (`select`, `drop`) return a
/// preprocessed table too: the same fitted steps, with the raw rows behind the
/// rows they kept, so that a model trained on the result still gets raw rows
/// prepared as its training rows were.
public struct PreprocessedTable: Sendable, Equatable {
    public let table: Table
    public let fitted: FittedPreprocessor
    public let preprocessor: Preprocessor
    /// The raw rows the steps were fitted on.
    public let source: Table
    /// The raw rows behind `table`, row for row, once rows were picked from what `preprocess`
    /// made; nil until then, when the raw rows are all of `source`.
    let pickedRaw: Table?

    /// The table `preprocess` made from `source`.
    public init(table: Table, fitted: FittedPreprocessor, preprocessor: Preprocessor, source: Table) {
        self.init(table: table, fitted: fitted, preprocessor: preprocessor, source: source, pickedRaw: nil)
    }

    private init(table: Table, fitted: FittedPreprocessor, preprocessor: Preprocessor, source: Table, pickedRaw: Table?) {
        self.table = table
        self.fitted = fitted
        self.preprocessor = preprocessor
        self.source = source
        self.pickedRaw = pickedRaw
    }

    /// The raw rows this table stands for: what `test`, `predict` and cross-validation give a
    /// model that prepares rows itself. Straight from `preprocess` these are all of `source`,
    /// rows a `drop_missing` step removed included (the fitted steps remove them again).
    public var raw: Table { pickedRaw ?? source }

    /// Whether rows were picked from what `preprocess` made, so that `raw` is not `source`.
    public var isRowSubset: Bool { pickedRaw != nil }

    /// The rows at `indices` of `table` (in that order, repeats allowed), with the same fitted
    /// steps and the raw rows behind them.
    /// - Throws: `DataError.invalidArgument` for an index outside the table.
    public func selectingRows(_ indices: [Int]) throws -> PreprocessedTable {
        let rows = try table.selectingRows(indices)
        let rawRows = try rowsOfRaw()
        return PreprocessedTable(
            table: rows, fitted: fitted, preprocessor: preprocessor, source: source,
            pickedRaw: try raw.selectingRows(indices.map { rawRows[$0] }))
    }

    /// The table with only `names` (`select`) or without them (`drop`): the same as ending the
    /// steps with that `select` or `drop`, so that a model's features, cross-validation's
    /// re-fitted steps and a deployed model's chain all leave the same columns out.
    /// - Throws: `DataError` for an unknown or repeated column, as `Table.selecting` does.
    public func selectingColumns(_ names: [String], dropping: Bool) throws -> PreprocessedTable {
        let result = dropping ? try table.dropping(names) : try table.selecting(names)
        let step: any PreprocessingStep = dropping ? DropColumns(names) : SelectColumns(names)
        let fittedStep = try step.fit(on: table)
        return PreprocessedTable(
            table: result, fitted: FittedPreprocessor(steps: fitted.steps + [fittedStep], fittedRows: fitted.fittedRows),
            preprocessor: Preprocessor(preprocessor.steps + [step]), source: source, pickedRaw: pickedRaw)
    }

    /// The row of `raw` behind row `row` of `table`.
    /// - Throws: `DataError` if the steps cannot be applied to the raw rows again.
    func rawRow(behind row: Int) throws -> Int {
        raw.rowCount == table.rowCount ? row : try rowsOfRaw()[row]
    }

    /// For each row of `table`, its row in `raw`. Steps keep the rows in order and only
    /// `drop_missing` removes some, so the two line up unless it did; then the steps are
    /// applied again to the raw rows numbered in order, and the numbers that come through say
    /// which rows are left.
    private func rowsOfRaw() throws -> [Int] {
        guard raw.rowCount != table.rowCount else { return Array(0..<table.rowCount) }
        let numbered = try Table(columns: raw.columns, rowKeys: (0..<raw.rowCount).map { UInt64($0) })
        return try fitted.apply(to: numbered).rowKeys.map { Int($0) }
    }

    public static func == (lhs: PreprocessedTable, rhs: PreprocessedTable) -> Bool {
        lhs.table == rhs.table && lhs.fitted == rhs.fitted && lhs.source == rhs.source && lhs.pickedRaw == rhs.pickedRaw
    }
}

/// Where a record read from a preprocessed table came from: `predict` gives a model that
/// prepares rows itself the raw row behind it, as it does for the table, rather than the
/// prepared fields, which the model's steps would prepare a second time. A class, so a
/// record, and every value, stays two words.
public final class PreparedRow: Sendable {
    let table: PreprocessedTable
    let row: Int

    init(_ table: PreprocessedTable, row: Int) {
        self.table = table
        self.row = row
    }

    /// The raw row's cells by column, in the raw table's order.
    func rawCells() throws -> [(name: String, cell: Cell)] {
        let raw = table.raw
        let index = try table.rawRow(behind: row)
        return raw.columns.map { ($0.name, $0[index]) }
    }
}
