import Learning
import Numerics
import Tables

extension Interpreter {
    /// `cross_validate(data, target, kind, k, stratify, options)`.
    func crossValidate(_ a: Arguments) throws -> Value {
        let k = a.integer(3)
        var table = a.table(0)
        var preprocessor: Preprocessor?
        if case .preprocessed(let p) = a.values[0] {
            table = p.raw
            preprocessor = p.preprocessor
        }
        let target = a.string(1)
        guard table.hasColumn(target) else { throw BuiltinError(DataError.unknownColumn(target, among: table.columnNames).message, argument: 1) }
        let entry = try EstimatorRegistry.entry(named: a.string(2))
        var hyperparameters = [String: Hyperparameters.Value]()
        guard case .record(let options) = a.values[5] else { throw BuiltinError("options must be a record such as {c: 0.5}", argument: 5) }
        for field in options.fields {
            switch field.value {
            case .number(let x): hyperparameters[field.name] = .number(x)
            case .string(let s): hyperparameters[field.name] = .string(s)
            case .boolean(let b): hyperparameters[field.name] = .boolean(b)
            default: throw BuiltinError("option '\(field.name)' must be a number, string or boolean", argument: 5)
            }
        }
        // Folds depend only on the seed and k, not on how much of the run's
        // stream was used before, so two models in one run see the same folds.
        var foldGenerator = RandomGenerator(seed: (seed ?? 0) &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(k))
        let stratifyBy = a.boolean(4) && entry.task == .classification ? target : nil
        let folds = try table.folds(k: k, stratifyBy: stratifyBy, using: &foldGenerator)
        for warning in folds.warnings { sink?.emit(.warning(Diagnostic(.warning, "cross_validate: \(warning)", at: a.callRange, in: source))) }
        let result = try CrossValidation.run(
            entry.name, on: table, target: target, hyperparameters: hyperparameters, preprocessor: preprocessor, folds: folds, random: &random,
            interruption: interruption)
        return .opaque(OpaqueValue(CrossValidationValue(result: result)))
    }
}
