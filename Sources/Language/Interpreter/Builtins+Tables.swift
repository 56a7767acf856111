import Numerics
import Tables

extension Builtins {
    /// Column names given as strings, a list of strings, or columns.
    static func columnNames(_ values: [Value]) throws -> [String] {
        var names = [String]()
        for (i, value) in values.enumerated() {
            switch value {
            case .string(let s): names.append(s)
            case .column(let c): names.append(c.name)
            case .list(let l): names += try columnNames(l)
            default: throw BuiltinError("column names must be strings, got \(value.typeName)", argument: i)
            }
        }
        return names
    }

    static let tables: [Builtin] = [
        Builtin("nrow", [.init("table", .table)], category: "Tables", help: "Number of rows.") { _, a in .number(Double(a.table(0).rowCount)) },
        Builtin("ncol", [.init("table", .table)], category: "Tables", help: "Number of columns.") { _, a in .number(Double(a.table(0).columnCount)) },
        Builtin("columns", [.init("table", .table)], category: "Tables", help: "The column names.") { _, a in .list(a.table(0).columnNames.map { .string($0) }) },
        Builtin("head", [.init("table", .table), .init("n", .integer, default: .number(5))], category: "Tables", help: "The first n rows.") { _, a in
            try a.values[0].selectingRows(a.table(0).firstRows(a.integer(1)))
        },
        Builtin("tail", [.init("table", .table), .init("n", .integer, default: .number(5))], category: "Tables", help: "The last n rows.") { _, a in
            try a.values[0].selectingRows(a.table(0).lastRows(a.integer(1)))
        },
        Builtin("select", [.init("table", .table)], variadic: .any, category: "Tables", help: "Only the named columns, in that order.") { _, a in
            try a.values[0].selectingColumns(try columnNames(a.rest), dropping: false)
        },
        Builtin("drop", [.init("table", .table)], variadic: .any, category: "Tables", help: "All columns except the named ones.") { _, a in
            try a.values[0].selectingColumns(try columnNames(a.rest), dropping: true)
        },
        Builtin("filter", [.init("table", .table), .init("keep", .list)], category: "Tables",
                help: "The rows where keep is true, e.g. filter(iris, iris.petal_length > 5).") { _, a in
            var mask = [Bool]()
            for value in a.list(1) {
                guard case .boolean(let b) = value else { throw BuiltinError("keep must be a list of booleans", argument: 1) }
                mask.append(b)
            }
            return try a.values[0].selectingRows(try a.table(0).rows(where: mask))
        },
        Builtin("sort", [.init("table", .table), .init("by", .any), .init("descending", .boolean, default: .boolean(false))], category: "Tables",
                help: "Rows sorted by one column or a list of columns (stable, missing last).") { _, a in
            let keys = try columnNames([a.values[1]]).map { Table.SortKey($0, ascending: !a.boolean(2)) }
            return try a.values[0].selectingRows(try a.table(0).sortOrder(by: keys))
        },
        Builtin("group_by", [.init("table", .table), .init("by", .any)], variadic: .string, category: "Tables",
                help: "One row per group of the by column(s), with aggregates written \"count\", \"mean(x)\", \"sum(x)\", \"min(x)\", \"max(x)\", \"sd(x)\", \"count(x)\".") { interpreter, a in
            interpreter.warnIfStepsStayBehind("group_by", a, help: "group the raw table, then preprocess the result")
            let aggregations = try a.rest.enumerated().map { i, value in try aggregation(value, argument: i + 2) }
            return .table(try a.table(0).grouped(by: try columnNames([a.values[1]]), aggregations: aggregations.isEmpty ? [Aggregation(.count)] : aggregations))
        },
        Builtin("join", [.init("left", .table), .init("right", .table), .init("on", .string), .init("kind", .string, default: .string("inner"))], category: "Tables",
                help: "Rows of left joined with right on equal values of the column on; kind inner or left.") { interpreter, a in
            interpreter.warnIfStepsStayBehind("join", a, help: "join the raw tables, then preprocess the result")
            guard let kind = Table.JoinKind(rawValue: a.string(3)) else { throw BuiltinError("kind must be \"inner\" or \"left\"", argument: 3) }
            return .table(try a.table(0).joined(with: a.table(1), on: a.string(2), kind: kind))
        },
        Builtin("sample", [.init("table", .table), .init("n", .integer), .init("replace", .boolean, default: .boolean(false))], category: "Tables",
                help: "n rows drawn with the run's seeded generator (with replacement, at most 100,000,000 values).") { interpreter, a in
            try a.values[0].selectingRows(try a.table(0).sampledRows(a.integer(1), replace: a.boolean(2), using: &interpreter.random))
        },
        Builtin("matrix", [.init("table", .table)], variadic: .any, category: "Tables",
                help: "Numeric columns (all, or the named ones) as a matrix; missing values are an error.") { _, a in
            .matrix(try a.table(0).matrix(columns: a.rest.isEmpty ? nil : try columnNames(a.rest)))
        },
        Builtin("unique", [.init("x", .any)], category: "Tables", help: "Distinct values in first-seen order.") { interpreter, a in
            var seen = Set<String>(), result = [Value]()
            let values: [Value]
            switch a.values[0] {
            case .column(let c): values = (0..<c.count).map { interpreter.cellValue(c[$0]) }
            case .list(let l): values = l
            case .vector(let v): values = v.map { .number($0) }
            default: throw BuiltinError("x must be a column, list or vector", argument: 0)
            }
            for v in values where seen.insert(interpreter.describe(v)).inserted { result.append(v) }
            return .list(result)
        },
    ]

    /// "mean(x)" → Aggregation(.mean, of: "x"); "count" → rows.
    private static func aggregation(_ value: Value, argument: Int) throws -> Aggregation {
        guard case .string(let text) = value else { throw BuiltinError("aggregates are strings such as \"mean(x)\"", argument: argument) }
        if let function = Aggregation.Function(rawValue: text) {
            guard function == .count else { throw BuiltinError("\(text) needs a column, as in \"\(text)(x)\"", argument: argument) }
            return Aggregation(.count)
        }
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"),
            let function = Aggregation.Function(rawValue: String(text[..<open]))
        else {
            throw BuiltinError("'\(text)' is not an aggregate; use count, mean(x), sum(x), min(x), max(x), sd(x)", argument: argument)
        }
        let column = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        return Aggregation(function, of: column)
    }
}

extension Value {
    /// The rows at `indices` of this table value; those of a preprocessed table stay a
    /// preprocessed table, with its fitted steps and the raw rows behind them.
    func selectingRows(_ indices: [Int]) throws -> Value {
        if case .preprocessed(let p) = self { return .preprocessed(try p.selectingRows(indices)) }
        guard let table = tableValue else { return self }
        return .table(try table.selectingRows(indices))
    }

    /// The table value with only the columns `names` (or, `dropping`, all but them); a
    /// preprocessed table keeps its fitted steps and ends them with that `select` or `drop`.
    func selectingColumns(_ names: [String], dropping: Bool) throws -> Value {
        if case .preprocessed(let p) = self { return .preprocessed(try p.selectingColumns(names, dropping: dropping)) }
        guard let table = tableValue else { return self }
        return .table(dropping ? try table.dropping(names) : try table.selecting(names))
    }
}

extension Interpreter {
    /// Warns that `function`, given a preprocessed table, makes rows that are not its rows and so
    /// returns a plain table: a model trained on it would carry no steps and take raw rows as
    /// they come, which the fitted steps were meant to prepare.
    func warnIfStepsStayBehind(_ function: String, _ a: Arguments, help: String) {
        guard a.values.contains(where: { if case .preprocessed = $0 { true } else { false } }) else { return }
        let message = "\(function)() returns a table without the fitted steps of the preprocessed table it was given: a model trained on it would get raw rows unprepared"
        sink?.emit(.warning(Diagnostic(.warning, message, at: a.callRange, in: source, notes: ["help: \(help)"])))
    }
}
