import Foundation
import Numerics
import Tables

/// Unary and binary operators with broadcasting.
extension Interpreter {
    func applyUnary(_ op: UnaryOperator, _ value: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch (op, value) {
        case (.not, .boolean(let b)): return .boolean(!b)
        case (.not, _):
            guard let mask = booleanMask(value) else { throw typeError("'not'", expected: "a boolean or a list of booleans", got: value, range) }
            return .list(mask.map { .boolean(!$0) })
        case (.plus, _), (.negate, _):
            // As a multiplication by ±1, but a refusal names the sign the script wrote.
            do throws(Diagnostic) {
                return try applyBinary(.multiply, value, .number(op == .negate ? -1 : 1), range)
            } catch {
                throw typeError("'\(op == .negate ? "-" : "+")'", expected: "a number, numbers or a matrix", got: value, range)
            }
        }
    }

    func applyBinary(_ op: BinaryOperator, _ left: Value, _ right: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch op {
        case .equal, .notEqual:
            if let mask = elementwiseEquality(left, right, negate: op == .notEqual) { return mask }
            return .boolean((left == right) != (op == .notEqual))
        case .less, .lessEqual, .greater, .greaterEqual: return try compare(op, left, right, range)
        case .matrixProduct: return try matrixProduct(left, right, range)
        case .and, .or: return .none  // handled with short-circuit evaluation
        case .add, .subtract, .multiply, .divide, .remainder, .power: return try arithmetic(op, left, right, range)
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        if case .string(let a) = left, case .string(let b) = right, op == .add {
            // Checked before joining: a string doubled in a loop would otherwise exhaust memory.
            let length = a.utf8.count + b.utf8.count
            guard length <= Value.stringLimit else {
                throw error("the result of '+', a string of \(length) bytes, is too large (at most 100,000,000 bytes)", range)
            }
            return .string(a + b)
        }
        if case .number(let a) = left, case .number(let b) = right { return .number(try scalar(op, a, b, range)) }
        if case .matrix = left, let m = matrixOperand(left) { return try matrixArithmetic(op, m, right, leftIsMatrix: true, range) }
        if case .matrix = right, let m = matrixOperand(right) { return try matrixArithmetic(op, m, left, leftIsMatrix: false, range) }
        if let a = vectorOperand(left), let b = vectorOperand(right) {
            guard a.count == b.count else {
                throw error("cannot combine vectors of length \(a.count) and \(b.count) with '\(op.rawValue)'", range)
            }
            return .vector(Vector(zip(a, b).map { elementwise(op, $0, $1) }))
        }
        if let a = vectorOperand(left), case .number(let b) = right { return .vector(a.map { elementwise(op, $0, b) }) }
        if case .number(let a) = left, let b = vectorOperand(right) { return .vector(b.map { elementwise(op, a, $0) }) }
        throw error("cannot apply '\(op.rawValue)' to \(left.typeName) and \(right.typeName)", range)
    }

    /// Scalar arithmetic; dividing by zero is an error rather than infinity.
    private func scalar(_ op: BinaryOperator, _ a: Double, _ b: Double, _ range: SourceRange) throws(Diagnostic) -> Double {
        if (op == .divide || op == .remainder), b == 0 { throw error("division by zero", range) }
        return elementwise(op, a, b)
    }

    /// Element-wise arithmetic follows IEEE (x/0 is ±inf) so one bad entry
    /// does not stop a whole vector; `%` is Python's modulo (sign of the divisor).
    private func elementwise(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .remainder: return Self.flooredRemainder(a, b)
        case .power: return pow(a, b)
        default: return .nan
        }
    }

    /// Python's `a % b`, which takes the divisor's sign: from `fmod`, which is exact (a − b·⌊a/b⌋
    /// is not for large quotients), so that `5 % inf` is 5 and `-5 % inf` is inf, as in Python.
    static func flooredRemainder(_ a: Double, _ b: Double) -> Double {
        let r = fmod(a, b)
        if r == 0 { return b < 0 ? -0.0 : 0.0 }
        return (r < 0) != (b < 0) ? r + b : r
    }

    private func matrixArithmetic(_ op: BinaryOperator, _ m: Matrix, _ other: Value, leftIsMatrix: Bool, _ range: SourceRange) throws(Diagnostic) -> Value {
        let otherMatrix: Matrix
        switch other {
        case .number(let x): otherMatrix = Matrix(rows: 1, columns: 1, repeating: x)
        case .matrix(let o): otherMatrix = o
        default:
            // A vector broadcasts as a row, as in numpy.
            guard let v = vectorOperand(other) else { throw error("cannot apply '\(op.rawValue)' to matrix and \(other.typeName)", range) }
            otherMatrix = v.rowMatrix
        }
        let (a, b) = leftIsMatrix ? (m, otherMatrix) : (otherMatrix, m)
        // A column and a row broadcast to their outer product's shape, which may not fit in memory.
        if let shape = try? Matrix.broadcastShape(a.shape, b.shape, operation: op.rawValue),
            let problem = Builtins.tooLarge("the result of '\(op.rawValue)'", shape.rows, shape.columns) {
            throw error(problem, range)
        }
        do {
            switch op {
            case .add: return .matrix(try a + b)
            case .subtract: return .matrix(try a - b)
            case .multiply: return .matrix(try a * b)
            case .divide: return .matrix(try a / b)
            default:
                let shape = try Matrix.broadcastShape(a.shape, b.shape, operation: op.rawValue)
                let aa = try a.elementwise(.add, Matrix(rows: shape.rows, columns: shape.columns))
                let bb = try b.elementwise(.add, Matrix(rows: shape.rows, columns: shape.columns))
                return .matrix(try Matrix(rows: shape.rows, columns: shape.columns, columnMajor: zip(aa.storage, bb.storage).map { elementwise(op, $0, $1) }))
            }
        } catch {
            throw self.error("\(error)", range)
        }
    }

    private func matrixProduct(_ left: Value, _ right: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        // A column times a row is an outer product, which may not fit in memory.
        if case .matrix(let a) = left, case .matrix(let b) = right, a.columns == b.rows,
            let problem = Builtins.tooLarge("the result of '@'", a.rows, b.columns) {
            throw error(problem, range)
        }
        do {
            switch (left, right) {
            case (.matrix(let a), .matrix(let b)): return .matrix(try a.matmul(b))
            case (.matrix(let a), _):
                guard let x = vectorOperand(right) else { break }
                return .vector(try a.matmul(x))
            case (_, .matrix(let b)):
                guard let x = vectorOperand(left) else { break }
                return .vector(try b.transposedMatmul(x))
            default:
                guard let a = vectorOperand(left), let b = vectorOperand(right) else { break }
                return .number(try a.dot(b))
            }
        } catch {
            throw self.error("\(error)", range)
        }
        throw error("'@' needs matrices or vectors, got \(left.typeName) and \(right.typeName)", range)
    }

    private func compare(_ op: BinaryOperator, _ left: Value, _ right: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        func holds(_ order: ComparisonResult) -> Bool {
            switch op {
            case .less: return order == .orderedAscending
            case .lessEqual: return order != .orderedDescending
            case .greater: return order == .orderedDescending
            default: return order != .orderedAscending
            }
        }
        func order(_ a: Double, _ b: Double) -> ComparisonResult { a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame) }
        // A missing entry (NaN) orders with nothing: it is in no side of any comparison.
        func holds(_ a: Double, _ b: Double) -> Bool { !a.isNaN && !b.isNaN && holds(order(a, b)) }
        switch (left, right) {
        case (.number(let a), .number(let b)):
            return .boolean(holds(a, b))
        case (.string(let a), .string(let b)):
            return .boolean(holds(a == b ? .orderedSame : (a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? .orderedAscending : .orderedDescending)))
        default:
            if let a = vectorOperand(left), case .number(let b) = right { return .list(a.map { .boolean(holds($0, b)) }) }
            if case .number(let a) = left, let b = vectorOperand(right) { return .list(b.map { .boolean(holds(a, $0)) }) }
            if let a = vectorOperand(left), let b = vectorOperand(right) {
                guard a.count == b.count else { throw error("cannot compare vectors of length \(a.count) and \(b.count) with '\(op.rawValue)'", range) }
                return .list(zip(a, b).map { .boolean(holds($0, $1)) })
            }
            throw error("cannot compare \(left.typeName) and \(right.typeName) with '\(op.rawValue)'", range)
        }
    }

    /// `column == value` (or vector) compares each entry, giving a list of
    /// booleans for `filter`; a missing entry equals nothing.
    private func elementwiseEquality(_ left: Value, _ right: Value, negate: Bool) -> Value? {
        let (many, one): (Value, Value)
        switch (left, right) {
        case (.column, .number), (.column, .string), (.column, .boolean), (.vector, .number): (many, one) = (left, right)
        case (.number, .column), (.string, .column), (.boolean, .column), (.number, .vector): (many, one) = (right, left)
        default: return nil
        }
        let entries: [Value]
        switch many {
        case .column(let c): entries = (0..<c.count).map { cellValue(c[$0]) }
        case .vector(let v): entries = v.map { .number($0) }
        default: return nil
        }
        return .list(entries.map { entry in
            if case .none = entry { return .boolean(negate) }
            return .boolean((entry == one) != negate)
        })
    }

    /// Numbers as a vector: vectors, and numeric columns (missing → NaN).
    func vectorOperand(_ value: Value) -> Vector? {
        switch value {
        case .vector(let v): return v
        case .column(let c) where c.type.isNumeric: return (try? c.doubles()).map(Vector.init)
        case .list(let values) where !values.isEmpty:
            var numbers = [Double]()
            for v in values { guard case .number(let x) = v else { return nil }; numbers.append(x) }
            return Vector(numbers)
        default: return nil
        }
    }

    func matrixOperand(_ value: Value) -> Matrix? {
        if case .matrix(let m) = value { return m }
        return nil
    }
}
