/// Compiling loop bodies into closures.
///
/// A loop body runs many times, so its statements are turned into closures
/// once: names are resolved to variable slots and number arithmetic takes a
/// direct path. Anything without a fast path falls back to the tree-walking
/// evaluator, so both give the same results and the same errors.
extension Interpreter {
    typealias CompiledStatement = (Interpreter) throws(Diagnostic) -> Void
    typealias CompiledExpression = (Interpreter) throws(Diagnostic) -> Value

    func compile(_ statement: Statement) -> CompiledStatement {
        switch statement.kind {
        case .assign(let names, let expression) where names.count == 1:
            let slot = store.slot(names[0].text)
            let value = compile(expression)
            let range = statement.range
            return { interpreter throws(Diagnostic) in
                try interpreter.checkCancellation(range)
                interpreter.store[slot: slot] = try value(interpreter)
            }
        case .expression(let expression):
            let value = compile(expression)
            let range = statement.range
            return { interpreter throws(Diagnostic) in
                try interpreter.checkCancellation(range)
                let result = try value(interpreter)
                if case .none = result { return }
                interpreter.sink?.emit(.shown(result))
            }
        default:
            return { interpreter throws(Diagnostic) in
                if let value = try interpreter.execute(statement) { interpreter.sink?.emit(.shown(value)) }
            }
        }
    }

    func compile(_ expression: Expression) -> CompiledExpression {
        // Compiling recurses as deep as the expression: where the stack runs short,
        // the evaluator takes over, which stops with an error instead.
        guard stackSpace.isAvailable else { return { interpreter throws(Diagnostic) in try interpreter.evaluate(expression) } }
        switch expression.kind {
        case .number(let x):
            let value = Value.number(x)
            return { _ throws(Diagnostic) in value }
        case .name(let name):
            let slot = store.slot(name)
            let range = expression.range
            return { interpreter throws(Diagnostic) in
                if let value = interpreter.store[slot: slot] { return value }
                return try interpreter.lookup(name, range)
            }
        case .binary(let op, let left, let right) where op != .and && op != .or:
            return compileBinary(op, compile(left), compile(right), expression.range)
        default:
            return { interpreter throws(Diagnostic) in try interpreter.evaluate(expression) }
        }
    }

    private func compileBinary(_ op: BinaryOperator, _ left: @escaping CompiledExpression, _ right: @escaping CompiledExpression, _ range: SourceRange) -> CompiledExpression {
        { interpreter throws(Diagnostic) in
            try interpreter.checkStackSpace(range)
            let a = try left(interpreter), b = try right(interpreter)
            if case .number(let x) = a, case .number(let y) = b {
                switch op {
                case .add: return .number(x + y)
                case .subtract: return .number(x - y)
                case .multiply: return .number(x * y)
                case .less: return .boolean(x < y)
                case .lessEqual: return .boolean(x <= y)
                case .greater: return .boolean(x > y)
                case .greaterEqual: return .boolean(x >= y)
                case .equal: return .boolean(x == y)
                case .notEqual: return .boolean(x != y)
                default: break
                }
            }
            try interpreter.checkCancellation(range)
            return try interpreter.applyBinary(op, a, b, range)
        }
    }
}
