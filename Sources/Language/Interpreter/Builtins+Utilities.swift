import Learning
import Numerics
import Tables

extension Builtins {
    static let randomness: [Builtin] = [
        Builtin("uniform", [.init("n", .integer), .init("low", .number, default: .number(0)), .init("high", .number, default: .number(1))], category: "Random numbers",
                help: "n uniform numbers in [low, high) from the run's seeded generator.") { interpreter, a in
            try checkCount(a.integer(0))
            guard a.number(1) < a.number(2) else { throw BuiltinError("low must be below high", argument: 1) }
            return .vector(Vector(try (0..<a.integer(0)).map { _ in try interpreter.random.uniform(in: a.number(1)..<a.number(2)) }))
        },
        Builtin("normal", [.init("n", .integer), .init("mean", .number, default: .number(0)), .init("sd", .number, default: .number(1))], category: "Random numbers",
                help: "n normal numbers from the run's seeded generator.") { interpreter, a in
            try checkCount(a.integer(0))
            return .vector(Vector(try (0..<a.integer(0)).map { _ in try interpreter.random.normal(mean: a.number(1), sd: a.number(2)) }))
        },
        Builtin("shuffle", [.init("x", .list)], category: "Random numbers", help: "The elements in a random order (seeded).") { interpreter, a in
            .list(interpreter.random.shuffled(a.list(0)))
        },
    ]

    /// start, stop, step and the number of values of a `range(…)` call.
    static func rangeBounds(_ a: Arguments) throws -> (start: Int, stop: Int, step: Int, count: Int) {
        if !a.isNone(1) {
            guard case .number(let x) = a.values[1], x == x.rounded(), abs(x) < 9e15 else { throw BuiltinError("stop must be a whole number", argument: 1) }
        }
        let (start, stop) = a.isNone(1) ? (0, a.integer(0)) : (a.integer(0), Int(a.number(1)))
        let step = a.integer(2)
        guard step != 0 else { throw BuiltinError("step must not be 0", argument: 2) }
        let count = step > 0 ? Swift.max(0, (stop - start + step - 1) / step) : Swift.max(0, (start - stop - step - 1) / -step)
        return (start, stop, step, count)
    }

    private static func checkCount(_ n: Int) throws {
        guard n >= 0, n <= 100_000_000 else { throw BuiltinError("n must be from 0 to 100,000,000", argument: 0) }
    }

    static let utilities: [Builtin] = [
        Builtin("print", [], variadic: .any, category: "Utilities", help: "Shows its arguments on one line; numbers in their exact shortest form.") { interpreter, a in
            interpreter.sink?.emit(.printed(a.rest))
            return .none
        },
        Builtin("len", [.init("x", .any)], category: "Utilities", help: "Length of a vector, list, string or column; rows of a table or matrix.") { interpreter, a in
            switch a.values[0] {
            case .string(let s): return .number(Double(s.count))
            case .list(let l): return .number(Double(l.count))
            case .table(let t): return .number(Double(t.rowCount))
            case .matrix(let m): return .number(Double(m.rows))
            case .column(let c): return .number(Double(c.count))
            case .record(let r): return .number(Double(r.fields.count))
            default:
                guard let v = interpreter.vectorOperand(a.values[0]) else { throw BuiltinError("\(a.values[0].typeName) has no length", argument: 0) }
                return .number(Double(v.count))
            }
        },
        Builtin("range", [.init("start", .integer), .init("stop", .any, default: Value.none), .init("step", .integer, default: .number(1))], category: "Utilities",
                help: "Whole numbers from start (or 0) up to but not including stop.") { _, a in
            let r = try rangeBounds(a)
            try checkCount(r.count)
            // Filled in place: up to 10^8 values, and a generic map is slow in debug builds.
            let values = [Double](unsafeUninitializedCapacity: r.count) { buffer, initialized in
                var x = r.start
                for k in 0..<r.count {
                    buffer[k] = Double(x)
                    x += r.step
                }
                initialized = r.count
            }
            return .vector(Vector(values))
        },
        Builtin("type", [.init("x", .any)], category: "Utilities", help: "The name of the value's type.") { _, a in .string(a.values[0].typeName) },
        Builtin("out", [.init("n", .integer)], category: "Utilities",
                help: "The value cell n showed (the REPL's [n]; in a script, the n-th top-level statement). `_` is the last one.") { interpreter, a in
            let n = a.integer(0)
            guard let value = interpreter.cellValues[n] else {
                let known = interpreter.cellValues.keys.sorted()
                let hint = known.isEmpty ? "no cell has shown a value yet" : "cells with values: " + known.suffix(10).map(String.init).joined(separator: ", ")
                throw BuiltinError("cell \(n) has no value (\(hint))", argument: 0)
            }
            return value
        },
    ]

    /// The trained model given as a built-in's first argument; the error points at that argument.
    private static func trainedModel(_ value: Value) throws -> TrainedModel {
        try modelValue(value).trained
    }

    private static func modelValue(_ value: Value) throws -> ModelValue {
        guard case .opaque(let o) = value, let model = o.content as? ModelValue else {
            throw BuiltinError("model must be a trained model, got \(value.typeName)", argument: 0)
        }
        return model
    }

    /// The answer for one row, which a model's `drop_missing` step may have removed.
    private static func onlyRow<Answer>(_ answer: Answer?) throws -> Answer {
        guard let answer else { throw BuiltinError("the model's drop_missing step removes this row, which has a missing value: there is no prediction for it", argument: 1) }
        return answer
    }

    static let models: [Builtin] = [
        Builtin("predict", [.init("model", .any), .init("data", .any)], category: "Models",
                help: "Predictions of a trained model for one record, a list of records or a table of raw rows (its preprocessing is applied); numbers alone for a model whose raw inputs are all numeric: a vector is one row and a matrix one row per row, in the order of model.inputs.") { interpreter, a in
            let model = try modelValue(a.values[0])
            let trained = model.trained
            let (table, single) = try interpreter.rows(a.values[1], for: model)
            let prediction = try trained.predict(table, interruption: interpreter.interruption)
            let values: [Value]
            switch prediction {
            case .values(let v): values = v.map { .number($0) }
            case .classes(let codes, _): values = codes.map { .string(trained.classLabels?[$0] ?? String($0)) }
            case .clusters(let c): values = c.map { .number(Double($0)) }
            }
            if single { return try onlyRow(values.first) }
            if case .values(let v) = prediction { return .vector(v) }
            return .list(values)
        },
        Builtin("probabilities", [.init("model", .any), .init("data", .any)], category: "Models",
                help: "Class probabilities of a classifier: a record per class for one row, a matrix (columns in class order) for many.") { interpreter, a in
            let model = try modelValue(a.values[0])
            let trained = model.trained
            let (table, single) = try interpreter.rows(a.values[1], for: model)
            guard case .classes(_, let p) = try trained.predict(table, interruption: interpreter.interruption) else { throw BuiltinError("probabilities needs a classifier") }
            if single { return .record(Record(try onlyRow(p.rows > 0 ? (trained.classLabels ?? []) : nil).enumerated().map { ($1, .number(p[0, $0])) })) }
            return .matrix(p)
        },
        Builtin("cross_validate", [.init("data", .table), .init("target", .string), .init("kind", .string), .init("k", .integer, default: .number(5)),
                                   .init("stratify", .boolean, default: .boolean(true)), .init("options", .any, default: .record(Record([])))], category: "Models",
                help: "k-fold cross-validation of a model kind; preprocessing from `preprocess` is re-fitted inside each fold. Folds derive from the seed and k, so two models in one run share them. Fields per metric: mean, sd, folds.") { interpreter, a in
            try interpreter.crossValidate(a)
        },
        Builtin("compare_models", [.init("a", .any), .init("b", .any), .init("metric", .string, default: .string("accuracy"))], category: "Models",
                help: "Nadeau–Bengio corrected resampled t-test of b against a on the same folds: difference (b − a), t, p_value, df.") { _, a in
            guard case .opaque(let x) = a.values[0], let first = x.content as? CrossValidationValue,
                case .opaque(let y) = a.values[1], let second = y.content as? CrossValidationValue
            else { throw BuiltinError("a and b must be results of cross_validate") }
            let r = try CorrectedResampledTTest.compare(first.result, second.result, metric: a.string(2))
            return .record(Record([("difference", .number(r.meanDifference)), ("t", .number(r.statistic)), ("p_value", .number(r.pValue)), ("df", .number(r.degreesOfFreedom))]))
        },
        Builtin("coefficients", [.init("model", .any)], category: "Models", help: "A linear model's coefficients by feature name.") { interpreter, a in
            let trained = try trainedModel(a.values[0])
            guard let field = trained.model.fields.first(where: { $0.name == "coefficients" }), case .vector(let v) = field.value else {
                throw BuiltinError("\(trained.estimator) models have no coefficients")
            }
            return .record(Record(zip(trained.featureNames, v).map { ($0, .number($1)) }))
        },
    ]
}

extension Interpreter {
    /// Rows for prediction: a record (one row), a list of records, or a table; or, for a
    /// model whose raw `inputs` are all numeric, a vector (one row) or a matrix of their values.
    func rows(_ value: Value, for model: ModelValue) throws -> (Table, single: Bool) {
        let inputs = model.inputs
        if let table = rowsToPredict(value, for: model.trained) { return (table, false) }
        let records: [Record]
        switch value {
        case .vector(let numbers): return (try Self.numericRows(try Matrix(rows: [numbers.elements]), inputs: inputs), true)
        case .matrix(let numbers): return (try Self.numericRows(numbers, inputs: inputs), false)
        case .record(let r): records = [try recordToPredict(r, for: model.trained)]
        case .list(let items):
            records = try items.map { item in
                guard case .record(let r) = item else { throw BuiltinError("data must be a record, a list of records, a table, numbers or a matrix", argument: 1) }
                return try recordToPredict(r, for: model.trained)
            }
        default: throw BuiltinError("data must be a record, a list of records, a table, numbers or a matrix", argument: 1)
        }
        guard let first = records.first else { throw BuiltinError("there are no rows to predict", argument: 1) }
        var columns = [Column]()
        for name in first.names {
            let cells = records.map { $0[name] ?? .none }
            if cells.allSatisfy({ if case .number = $0 { true } else if case .none = $0 { true } else { false } }) {
                columns.append(Column.numbers(name, cells.map { if case .number(let x) = $0 { x } else { nil } }))
            } else if cells.allSatisfy({ if case .boolean = $0 { true } else { false } }) {
                columns.append(Column.booleans(name, cells.map { if case .boolean(let b) = $0 { b } else { nil } }))
            } else {
                columns.append(Column.texts(name, cells.map { if case .string(let s) = $0 { s } else if case .none = $0 { nil } else { describe($0) } }))
            }
        }
        return (try Table(columns: columns), records.count == 1 && { if case .record = value { true } else { false } }())
    }

    /// The record to give `trained`: as `rowsToPredict` does for a table, a model that prepares
    /// rows itself gets the raw row behind a row read from a preprocessed table.
    private func recordToPredict(_ record: Record, for trained: TrainedModel) throws -> Record {
        guard let origin = record.preparedRow, trained.preprocessing != nil else { return record }
        return Record(try origin.rawCells().map { ($0.name, cellValue($0.cell)) })
    }

    /// Each row of `numbers` as a row of the model's raw inputs, in their order.
    private static func numericRows(_ numbers: Matrix, inputs: [SchemaField]) throws -> Table {
        let names = inputs.map(\.name).joined(separator: ", ")
        if let named = inputs.first(where: { !$0.type.isNumeric }) {
            throw BuiltinError("the model reads \(named.type) column '\(named.name)', which numbers cannot give: pass a record or a table with \(names)", argument: 1)
        }
        guard numbers.columns == inputs.count else {
            throw BuiltinError("the model reads \(inputs.count) number\(inputs.count == 1 ? "" : "s") a row (\(names)), got \(numbers.columns)", argument: 1)
        }
        guard numbers.rows > 0 else { throw BuiltinError("there are no rows to predict", argument: 1) }
        return try Table(columns: inputs.indices.map { j in Column.numbers(inputs[j].name, (0..<numbers.rows).map { numbers[$0, j] }) })
    }
}
