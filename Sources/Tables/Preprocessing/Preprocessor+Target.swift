/// Preprocessing for a model: the steps prepare the features and leave the target alone.
///
/// A `preprocess` block does not know which column a later `train` predicts, and a step that
/// names no columns applies to every column it can, the target among them. A model trained on
/// a standardised target would predict z-scores, report its errors in them and need the target
/// among the rows it is asked to predict, so for a model the steps are fitted again with the
/// target held out, as scikit-learn's pipelines only ever transform X.
extension Preprocessor {
    /// Fits the steps as `fitAndApply(on:)` does, but on the features only: `target` passes
    /// through every step unchanged and the fitted chain never needs it. Rows a `drop_missing`
    /// step would drop for a missing target are still dropped wherever the target is present
    /// (training, `test`), so that no made-up or missing target reaches the model.
    /// - Throws: `DataError.invalidArgument` for a step that names the target (other than
    ///   `select` and `drop_missing`), and any step's own error.
    public func fitAndApply(on table: Table, keepingTarget target: String) throws -> (fitted: FittedPreprocessor, table: Table) {
        guard table.hasColumn(target) else { return try fitAndApply(on: table) }
        var current = table
        var fitted = [FittedStep]()
        for step in steps {
            if let dropMissing = step as? DropMissing {
                guard case .dropMissing(let step) = try dropMissing.fit(on: current) else { continue }
                current = try step.apply(to: current)
                fitted.append(.dropMissing(step.keepingTarget(target)))
                continue
            }
            let step = try Self.forFeatures(step, target: target)
            let targetColumn = try current.column(target)
            let features = try current.dropping([target])
            let fittedStep = try step.fit(on: features)
            let prepared = try fittedStep.apply(to: features)
            current = try Table(columns: prepared.columns + [targetColumn], rowKeys: prepared.rowKeys)
            fitted.append(fittedStep.keepingTarget(target))
        }
        return (FittedPreprocessor(steps: fitted, fittedRows: RowKeySet(table.rowKeys)), current)
    }

    /// `step` as it applies to the features: `select` keeps the target without naming it; any
    /// other step that names it is refused, since the model predicts the target in its own units.
    private static func forFeatures(_ step: any PreprocessingStep, target: String) throws -> any PreprocessingStep {
        if let select = step as? SelectColumns { return SelectColumns(select.columns.filter { $0 != target }) }
        guard !step.namedColumns.contains(target) else {
            let why = step is DropColumns ? "removes" : "names"
            throw DataError(
                .invalidArgument,
                "\(step.stepName) \(why) '\(target)', the column the model predicts: preprocessing prepares the features and leaves the target as it is; take '\(target)' out of the step")
        }
        return step
    }
}

extension DropMissing.Fitted {
    /// The step with `target` checked only where it is present.
    func keepingTarget(_ target: String) -> Self {
        guard columns.contains(target) else { return self }
        return Self(columns: columns.filter { $0 != target }, columnsIfPresent: (columnsIfPresent ?? []) + [target])
    }
}

extension FittedStep {
    /// The step as a model's chain applies it: a `select` fitted on the features keeps the
    /// target too where it is present (`test` reads it from the prepared rows).
    func keepingTarget(_ target: String) -> FittedStep {
        guard case .select(let step) = self else { return self }
        return .select(SelectColumns.Fitted(columns: step.columns, columnsIfPresent: (step.columnsIfPresent ?? []) + [target]))
    }
}

extension FittedStep {
    /// The columns a table must have for this step to apply: `drop` takes tables without its
    /// columns, and `drop_missing` checks a model's target only where it is present.
    public var requiredColumns: [String] {
        switch self {
        case .drop: return []
        case .dropMissing(let step): return step.columns
        case .select(let step): return step.columns
        default: return transform.inputColumns
        }
    }
}

extension FittedPreprocessor {
    /// Whether any step reads the column called `name`.
    public func reads(_ name: String) -> Bool {
        steps.contains { $0.transform.inputColumns.contains(name) }
    }
}

// The columns each step names, and each fitted step reads.

extension Standardize { public var namedColumns: [String] { columns ?? [] } }
extension MinMaxScale { public var namedColumns: [String] { columns ?? [] } }
extension FillMissing { public var namedColumns: [String] { columns ?? [] } }
extension DropMissing { public var namedColumns: [String] { columns ?? [] } }
extension OneHotEncode { public var namedColumns: [String] { columns ?? [] } }
extension OrdinalEncode { public var namedColumns: [String] { columns ?? [] } }
extension LogTransform { public var namedColumns: [String] { columns ?? [] } }
extension Clip { public var namedColumns: [String] { columns ?? [] } }
extension PolynomialFeatures { public var namedColumns: [String] { columns ?? [] } }
extension Binning { public var namedColumns: [String] { columns ?? [] } }
extension SelectColumns { public var namedColumns: [String] { columns } }
extension DropColumns { public var namedColumns: [String] { columns } }

extension Standardize.Fitted { public var inputColumns: [String] { columns.map(\.name) } }
extension MinMaxScale.Fitted { public var inputColumns: [String] { columns.map(\.name) } }
extension FillMissing.Fitted { public var inputColumns: [String] { entries.map(\.column) } }
extension DropMissing.Fitted { public var inputColumns: [String] { columns + (columnsIfPresent ?? []) } }
extension OneHotEncode.Fitted { public var inputColumns: [String] { columns.map(\.name) } }
extension OrdinalEncode.Fitted { public var inputColumns: [String] { columns.map(\.name) } }
extension LogTransform.Fitted { public var inputColumns: [String] { columns } }
extension Clip.Fitted { public var inputColumns: [String] { columns } }
extension PolynomialFeatures.Fitted { public var inputColumns: [String] { columns } }
extension Binning.Fitted { public var inputColumns: [String] { columns.map(\.name) } }
extension SelectColumns.Fitted { public var inputColumns: [String] { columns + (columnsIfPresent ?? []) } }
extension DropColumns.Fitted { public var inputColumns: [String] { columns } }
