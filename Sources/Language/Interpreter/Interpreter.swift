import Numerics
import Tables

/// Executes mlx statements, one cell at a time, over its own variables and
/// random generator. Several interpreters can run side by side in one process.
public final class Interpreter {
    /// Variables by name.
    public var variables: [String: Value] { store.all }

    /// The value of the variable `name`, if it is set (without building `variables`).
    public func variable(_ name: String) -> Value? { store[name] }
    // Loop bodies touch variables millions of times; exclusive access is
    // guaranteed by the interpreter running one statement at a time.
    @exclusivity(unchecked) var store = VariableStore()
    /// The value of each cell that produced one, by cell number (1-based).
    public private(set) var cellValues: [Int: Value] = [:]
    /// The run's seed, once `seed` ran.
    public private(set) var seed: UInt64?
    /// Asserts that failed so far; a later `deploy` refuses to run.
    public internal(set) var failedAssertions = 0
    /// Values declared with `param`, after overrides.
    public private(set) var parameters: [(name: String, value: Value)] = []

    let host: any InterpreterHost
    let sink: (any EventSink)?
    let cancellation: Cancellation
    let parameterOverrides: [String: Value]
    var random = RandomGenerator(seed: 0)
    /// The source of the statement being run, for locating errors.
    var source = SourceFile(name: "", text: "")
    /// The stack the running statement may use (measured again when a statement runs on another thread).
    var stackSpace = StackSpace()

    /// - Parameter parameterOverrides: values from `--set`, replacing `param` defaults.
    public init(host: any InterpreterHost, sink: (any EventSink)? = nil, cancellation: Cancellation = Cancellation(), parameterOverrides: [String: Value] = [:]) {
        self.host = host
        self.sink = sink
        self.cancellation = cancellation
        self.parameterOverrides = parameterOverrides
    }

    /// Runs one top-level statement as cell `cell`; returns the value a bare
    /// expression produced (to be shown), or nil.
    /// - Throws: a located `Diagnostic` for a runtime error; earlier state stays intact.
    @discardableResult
    public func run(_ statement: Statement, in source: SourceFile, cell: Int) throws(Diagnostic) -> Value? {
        self.source = source
        if !stackSpace.isForCurrentThread { stackSpace = StackSpace() }
        let value = try execute(statement)
        // A call that returns nothing (`print`) produced no value: `_` and `out` keep the last one.
        if let value, !value.isNone {
            cellValues[cell] = value
            store["_"] = value
        }
        return value
    }

    /// Forgets all variables, cell values, parameters and the seed. Failed asserts are
    /// kept: they belong to the run, which `deploy` must not ship from after one.
    public func reset() {
        store = VariableStore()
        cellValues = [:]
        seed = nil
        parameters = []
        random = RandomGenerator(seed: 0)
    }

    // MARK: Statements

    func execute(_ statement: Statement) throws(Diagnostic) -> Value? {
        try checkCancellation(statement.range)
        switch statement.kind {
        case .seed(let expression):
            try executeSeed(expression)
        case .param(let name, let expression):
            try executeParam(name, expression)
        case .assign(let names, let expression):
            try assign(names, try evaluate(expression), at: expression.range)
        case .expression(let expression):
            return try evaluate(expression)
        case .assert(let condition, let message):
            try executeAssert(condition, message: message, range: statement.range)
        case .deploy(let model, let name):
            try executeDeploy(model, as: name, statement.range)
        case .describe(let expression):
            let value = try evaluate(expression)
            guard let table = value.tableValue else { throw typeError("describe", expected: "a table", got: value, expression.range) }
            return .summary(table.describe())
        case .show(let expression, let rows):
            let value = try evaluate(expression)
            guard let table = value.tableValue else { return value }
            var count = 10
            if let rows { count = try integer(try evaluate(rows), rows.range, "show") }
            let head = table.head(count)
            // As head(f, n) does: the rows keep their fitted steps, which the display names.
            if case .preprocessed(let p) = value {
                do { return .preprocessed(try p.selectingRows(Array(0..<head.rowCount))) } catch { throw self.error("show: \(error)", expression.range) }
            }
            return .table(head)
        case .forLoop(let variable, let list, let body):
            try executeFor(variable, list, body)
        }
        return nil
    }

    private func executeSeed(_ expression: Expression) throws(Diagnostic) {
        let value = try evaluate(expression)
        guard case .number(let x) = value, x >= 0, x == x.rounded(), x < 1.8446744073709552e19 else {
            throw error("seed must be a whole number from 0 to 2^64 − 1, got \(describe(value))", expression.range)
        }
        seed = UInt64(x)
        random = RandomGenerator(seed: UInt64(x))
        sink?.emit(.seedSet(UInt64(x)))
    }

    private func executeParam(_ name: Name, _ expression: Expression) throws(Diagnostic) {
        let overridden = parameterOverrides[name.text]
        let value: Value
        if let overridden { value = overridden } else { value = try evaluate(expression) }
        store[name.text] = value
        parameters.removeAll { $0.name == name.text }
        parameters.append((name.text, value))
        sink?.emit(.parameterSet(name: name.text, value: value, overridden: overridden != nil))
    }

    private func assign(_ names: [Name], _ value: Value, at range: SourceRange) throws(Diagnostic) {
        guard names.count > 1 else {
            store[names[0].text] = value
            return
        }
        let parts: [Value]
        switch value {
        case .list(let values): parts = values
        case .vector(let v): parts = v.map { .number($0) }
        default: throw error("cannot unpack \(value.typeName) into \(names.count) names", range)
        }
        guard parts.count == names.count else {
            throw error("cannot unpack \(parts.count) value\(parts.count == 1 ? "" : "s") into \(names.count) names", range)
        }
        for (name, part) in zip(names, parts) { store[name.text] = part }
    }

    private func executeFor(_ variable: Name, _ list: Expression, _ body: [Statement]) throws(Diagnostic) {
        let count: Int
        let item: (Int) -> Value
        // Items are produced one at a time: a long range must not become a long list first.
        if case .call(let function, let arguments) = list.kind, function.text == "range", store["range"] == nil {
            var ranges = [SourceRange]()
            let bound = try bind(Builtins.table["range"]!, arguments, list.range, ranges: &ranges)
            let r: (start: Int, stop: Int, step: Int, count: Int)
            do { r = try Builtins.rangeBounds(bound) } catch let failure as BuiltinError {
                throw error("range(): \(failure.message)", failure.argument.map { ranges[$0] } ?? list.range)
            } catch { throw self.error("range(): \(error)", list.range) }
            (count, item) = (r.count, { .number(Double(r.start + $0 * r.step)) })
            return try loop(variable, count, item, body)
        }
        switch try evaluate(list) {
        case .list(let values): (count, item) = (values.count, { values[$0] })
        case .vector(let v): (count, item) = (v.count, { .number(v[$0]) })
        case .column(let c): (count, item) = (c.count, { [unowned self] in cellValue(c[$0]) })
        // Rows, as `m[i]` reads them: a literal of equal-length number lists is a matrix.
        case .matrix(let m): (count, item) = (m.rows, { Self.row($0, of: m) })
        case let other: throw typeError("for", expected: "a list, vector or matrix", got: other, list.range)
        }
        try loop(variable, count, item, body)
    }

    /// Runs the body once per item; the body is compiled once, so each
    /// iteration reaches variables by slot.
    private func loop(_ variable: Name, _ count: Int, _ item: (Int) -> Value, _ body: [Statement]) throws(Diagnostic) {
        let slot = store.slot(variable.text)
        let compiled = body.map { compile($0) }
        for index in 0..<count {
            store[slot: slot] = item(index)
            for statement in compiled { try statement(self) }
        }
    }

    func checkCancellation(_ range: SourceRange) throws(Diagnostic) {
        if cancellation.isCancelled { throw interrupted(range) }
    }

    /// The error a Ctrl-C stops the running statement with; the request is cleared, so the
    /// next statement runs.
    func interrupted(_ range: SourceRange) -> Diagnostic {
        cancellation.reset()
        return Diagnostic(.error, "interrupted", at: range, in: source)
    }

    // MARK: Errors

    /// Stops evaluation nested deeper than the thread's stack allows.
    @inline(__always)
    func checkStackSpace(_ range: SourceRange) throws(Diagnostic) {
        guard stackSpace.isAvailable else { throw error("too deeply nested to evaluate on this thread's stack", range) }
    }

    func error(_ message: String, _ range: SourceRange, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, in: source, notes: notes)
    }

    func typeError(_ what: String, expected: String, got value: Value, _ range: SourceRange) -> Diagnostic {
        error("\(what) needs \(expected), got \(value.typeName)", range)
    }

    func integer(_ value: Value, _ range: SourceRange, _ what: String) throws(Diagnostic) -> Int {
        guard case .number(let x) = value, x == x.rounded() else {
            throw error("\(what) needs a whole number, got \(describe(value))", range)
        }
        // Whole, but beyond what counts anything here (and what a double holds exactly).
        guard abs(x) < 9.0e15 else { throw error("\(what) needs a whole number below 9e15 in size, got \(describe(value))", range) }
        return Int(x)
    }
}
