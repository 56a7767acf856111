import Numerics
import Tables

/// Evaluation of expressions.
extension Interpreter {
    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        try checkStackSpace(expression.range)
        switch expression.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        case .name(let name): return try lookup(name, expression.range)
        case .list(let elements):
            let list = try makeList(elements)
            if case .list = list { try checkNesting(list, expression.range) }
            return list
        case .record(let fields):
            var record = [(name: String, value: Value)]()
            for field in fields { record.append((field.key.text, try evaluate(field.value))) }
            let value = Value.record(Record(record))
            try checkNesting(value, expression.range)
            return value
        case .unary(let op, let operand):
            return try applyUnary(op, try evaluate(operand), expression.range)
        case .binary(.and, let left, let right), .binary(.or, let left, let right):
            return try shortCircuit(expression, left, right)
        case .binary(let op, let left, let right):
            let (a, b) = (try evaluate(left), try evaluate(right))
            // An operand can take seconds (a matrix product): a Ctrl-C meanwhile stops the next step.
            try checkCancellation(expression.range)
            return try applyBinary(op, a, b, expression.range)
        case .field(let base, let name):
            return try field(of: try evaluate(base), name)
        case .index(let base, let index):
            return try subscriptValue(try evaluate(base), try evaluate(index), base: base.range, index: index.range)
        case .call(let function, let arguments):
            return try call(function, arguments, expression.range)
        case .load(let path, let options):
            return try load(path, options, expression.range)
        case .split(let table, let fraction, let stratify):
            return try split(table, fraction, stratify: stratify, expression.range)
        case .preprocess(let table, let steps):
            return try preprocess(table, steps, expression.range)
        case .train(let algorithm, let data, let target, let options):
            return try train(algorithm, data, target: target, options: options, expression.range)
        case .test(let model, let data):
            return try test(model, data, expression.range)
        }
    }

    func lookup(_ name: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        if let value = store[name] { return value }
        // A built-in is known, just not a value: suggesting its own name would not help.
        if Builtins.table[name] != nil {
            throw error("'\(name)' is a function, which cannot be used as a value", range, notes: ["help: call it: \(name)(...)"])
        }
        var message = "unknown name '\(name)'"
        if let suggestion = Spelling.closest(to: name, among: Array(store.all.keys) + Builtins.names), suggestion != name {
            message += "; did you mean '\(suggestion)'?"
        }
        throw error(message, range)
    }

    /// `[…]` is a vector when all elements are numbers, a matrix when all are
    /// equally long vectors, and a list otherwise.
    private func makeList(_ elements: [Expression]) throws(Diagnostic) -> Value {
        var values = [Value]()
        for element in elements { values.append(try evaluate(element)) }
        if !values.isEmpty, values.allSatisfy({ if case .number = $0 { true } else { false } }) {
            return .vector(Vector(values.map { if case .number(let x) = $0 { x } else { 0 } }))
        }
        let rows = values.compactMap { value -> Vector? in if case .vector(let v) = value { v } else { nil } }
        if !rows.isEmpty, rows.count == values.count {
            guard Set(rows.map(\.count)).count == 1 else {
                let lengths = rows.map { String($0.count) }.joined(separator: ", ")
                throw error("matrix rows have different lengths (\(lengths))", elements.first!.range.union(elements.last!.range))
            }
            return .matrix(try! Matrix(rows: rows.map(\.elements)))
        }
        return .list(values)
    }

    private func shortCircuit(_ expression: Expression, _ left: Expression, _ right: Expression) throws(Diagnostic) -> Value {
        guard case .binary(let op, _, _) = expression.kind else { return .none }
        let l = try evaluate(left)
        if let mask = booleanMask(l) { return try combineMasks(op, mask, try evaluate(right), right.range) }
        guard case .boolean(let a) = l else { throw typeError("'\(op.rawValue)'", expected: "booleans", got: l, left.range) }
        if op == .and, !a { return .boolean(false) }
        if op == .or, a { return .boolean(true) }
        let r = try evaluate(right)
        if let mask = booleanMask(r) { return try combineMasks(op, Array(repeating: a, count: mask.count), r, right.range) }
        guard case .boolean(let b) = r else { throw typeError("'\(op.rawValue)'", expected: "booleans", got: r, right.range) }
        return .boolean(b)
    }

    /// The entries of a list of booleans (a `filter` condition such as `t.x > 5`; empty for a
    /// table with no rows).
    func booleanMask(_ value: Value) -> [Bool]? {
        guard case .list(let entries) = value else { return nil }
        var mask = [Bool]()
        mask.reserveCapacity(entries.count)
        for entry in entries {
            guard case .boolean(let b) = entry else { return nil }
            mask.append(b)
        }
        return mask
    }

    /// `and`/`or` entry by entry, so that conditions on columns combine: a boolean broadcasts.
    private func combineMasks(_ op: BinaryOperator, _ mask: [Bool], _ other: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        let others: [Bool]
        if case .boolean(let b) = other {
            others = Array(repeating: b, count: mask.count)
        } else if let list = booleanMask(other), list.count == mask.count {
            others = list
        } else {
            throw typeError("'\(op.rawValue)'", expected: "a boolean or a list of \(mask.count) booleans", got: other, range)
        }
        return .list(zip(mask, others).map { .boolean(op == .and ? $0 && $1 : $0 || $1) })
    }

    func field(of value: Value, _ name: Name) throws(Diagnostic) -> Value {
        switch value {
        case .record(let record):
            if let field = record[name.text] { return field }
            throw unknownField(name, among: record.names, of: "record")
        case .table, .preprocessed:
            let table = value.tableValue!
            guard table.hasColumn(name.text) else { throw unknownField(name, among: table.columnNames, of: "table") }
            return .column(try! table.column(name.text))
        case .opaque(let opaque):
            if let field = opaque.content.field(name.text) { return field }
            throw unknownField(name, among: opaque.content.fieldNames, of: opaque.kind)
        case .matrix(let m):
            switch name.text {
            case "rows": return .number(Double(m.rows))
            case "columns": return .number(Double(m.columns))
            case "T": return .matrix(m.transposed)
            default: throw unknownField(name, among: ["rows", "columns", "T"], of: "matrix")
            }
        case .column(let c) where name.text == "levels":
            return .list((c.levels ?? []).map { .string($0) })
        default:
            throw error("\(value.typeName) has no field '\(name.text)'", name.range)
        }
    }

    private func unknownField(_ name: Name, among names: [String], of kind: String) -> Diagnostic {
        var message = "\(kind) has no field '\(name.text)'"
        if let suggestion = Spelling.closest(to: name.text, among: names), suggestion != name.text { message += "; did you mean '\(suggestion)'?" }
        return error(message, name.range)
    }

    func subscriptValue(_ value: Value, _ index: Value, base: SourceRange, index indexRange: SourceRange) throws(Diagnostic) -> Value {
        if case .string(let key) = index {
            return try field(of: value, Name(key, indexRange))
        }
        let i = try integer(index, indexRange, "an index")
        func position(_ count: Int) throws(Diagnostic) -> Int {
            let p = i < 0 ? count + i : i
            guard p >= 0, p < count else {
                throw error("index \(i) is out of range for \(value.typeName) of length \(count)", indexRange)
            }
            return p
        }
        switch value {
        case .vector(let v): return .number(v[try position(v.count)])
        case .list(let l): return l[try position(l.count)]
        case .matrix(let m):
            return Self.row(try position(m.rows), of: m)
        case .column(let c): return cellValue(c[try position(c.count)])
        case .string(let s): return .string(String(Array(s)[try position(s.count)]))
        case .table(let t):
            let row = try position(t.rowCount)
            return .record(Record(t.columns.map { ($0.name, cellValue($0[row])) }))
        case .preprocessed(let p):
            let row = try position(p.table.rowCount)
            return .record(Record(p.table.columns.map { ($0.name, cellValue($0[row])) }, preparedRow: PreparedRow(p, row: row)))
        default: throw error("cannot index \(value.typeName)", base)
        }
    }

    /// Row `row` of `m`, a valid index, as the vector `m[row]` and `for` give.
    static func row(_ row: Int, of m: Matrix) -> Value {
        .vector(Vector((0..<m.columns).map { m[row, $0] }))
    }

    func cellValue(_ cell: Cell) -> Value {
        switch cell {
        case .missing: return .none
        case .number(let x): return .number(x)
        case .integer(let i): return .number(Double(i))
        case .boolean(let b): return .boolean(b)
        case .text(let s): return .string(s)
        }
    }

    /// A short text of a value for error messages.
    func describe(_ value: Value) -> String {
        switch value {
        case .number(let x): return formatNumber(x)
        case .string(let s): return "\"\(s)\""
        case .boolean(let b): return b ? "true" : "false"
        case .none: return "nothing"
        default: return value.typeName
        }
    }
}
