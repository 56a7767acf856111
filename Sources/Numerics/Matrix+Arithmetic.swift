/// Element-wise arithmetic with broadcasting.
///
/// Two shapes broadcast when each dimension is equal or one of them is 1 (the
/// two-dimensional case of numpy's rule): a 1×n row applies to every row, an
/// m×1 column to every column, a 1×1 matrix to every element. Anything else
/// throws `NumericsError.shapeMismatch`. IEEE rules apply element by element:
/// division by zero gives ±infinity or NaN, and NaN propagates.
extension Matrix {
    /// The element-wise operations that broadcast.
    public enum ElementwiseOperation: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"

        var vector: (SIMD8<Double>, SIMD8<Double>) -> SIMD8<Double> {
            switch self {
            case .add: return { $0 + $1 }
            case .subtract: return { $0 - $1 }
            case .multiply: return { $0 * $1 }
            case .divide: return { $0 / $1 }
            }
        }

        var scalar: (Double, Double) -> Double {
            switch self {
            case .add: return { $0 + $1 }
            case .subtract: return { $0 - $1 }
            case .multiply: return { $0 * $1 }
            case .divide: return { $0 / $1 }
            }
        }
    }

    /// The shape two operands broadcast to.
    /// - Throws: `NumericsError.shapeMismatch` when they do not broadcast.
    public static func broadcastShape(_ a: Shape, _ b: Shape, operation: String) throws -> Shape {
        func dimension(_ x: Int, _ y: Int) -> Int? {
            if x == y { return x }
            if x == 1 { return y }
            if y == 1 { return x }
            return nil
        }
        guard let rows = dimension(a.rows, b.rows), let columns = dimension(a.columns, b.columns) else {
            throw NumericsError.shapeMismatch(operation: operation, left: a, right: b)
        }
        return Shape(rows, columns)
    }

    /// Applies `operation` element-wise with broadcasting.
    public func elementwise(_ operation: ElementwiseOperation, _ other: Matrix) throws -> Matrix {
        let shape = try Matrix.broadcastShape(self.shape, other.shape, operation: operation.rawValue)
        if self.shape == other.shape { return sameShape(operation, other) }
        if other.count == 1 { return applying(operation, scalar: other.storage[0]) }
        if count == 1 { return other.applying(operation, scalarOnLeft: storage[0]) }
        return broadcast(operation, other, to: shape)
    }

    /// Applies `operation` with a scalar right operand.
    public func applying(_ operation: ElementwiseOperation, scalar: Double) -> Matrix {
        let result = LargeArray.make(count: count) { out in
            storage.withUnsafeBufferPointer { a in ElementwiseKernels.withScalar(a, scalar, out, operation.vector, operation.scalar) }
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: result)
    }

    /// Applies `operation` with a scalar left operand (`s - m`, `s / m`).
    public func applying(_ operation: ElementwiseOperation, scalarOnLeft scalar: Double) -> Matrix {
        let vectorOp = operation.vector, scalarOp = operation.scalar
        let result = LargeArray.make(count: count) { out in
            storage.withUnsafeBufferPointer { a in
                ElementwiseKernels.withScalar(a, scalar, out, { vectorOp($1, $0) }, { scalarOp($1, $0) })
            }
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: result)
    }

    /// Applies `function` to every element.
    public func map(_ function: (Double) -> Double) -> Matrix {
        let result = LargeArray.make(count: count) { out in
            storage.withUnsafeBufferPointer { a in ElementwiseKernels.unary(a, out, function) }
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: result)
    }

    /// `a * b + c` element-wise in a single pass (all three of one shape).
    public static func multiplyAdd(_ a: Matrix, _ b: Matrix, _ c: Matrix) throws -> Matrix {
        guard a.shape == b.shape else { throw NumericsError.shapeMismatch(operation: "*", left: a.shape, right: b.shape) }
        guard a.shape == c.shape else { throw NumericsError.shapeMismatch(operation: "+", left: a.shape, right: c.shape) }
        let result = LargeArray.make(count: a.count) { out in
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    c.storage.withUnsafeBufferPointer { pc in ElementwiseKernels.multiplyAdd(pa, pb, pc, out) }
                }
            }
        }
        return Matrix(uncheckedRows: a.rows, columns: a.columns, storage: result)
    }

    private func sameShape(_ operation: ElementwiseOperation, _ other: Matrix) -> Matrix {
        let result = LargeArray.make(count: count) { out in
            storage.withUnsafeBufferPointer { a in
                other.storage.withUnsafeBufferPointer { b in ElementwiseKernels.binary(a, b, out, operation.vector, operation.scalar) }
            }
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: result)
    }

    /// The general case, one output column at a time: each operand column is
    /// either a full column or a single repeated value.
    private func broadcast(_ operation: ElementwiseOperation, _ other: Matrix, to shape: Shape) -> Matrix {
        let op = operation.scalar
        var result = [Double](repeating: 0, count: shape.rows * shape.columns)
        for j in 0..<shape.columns {
            let ja = columns == 1 ? 0 : j, jb = other.columns == 1 ? 0 : j
            for i in 0..<shape.rows {
                let a = storage[ja * rows + (rows == 1 ? 0 : i)]
                let b = other.storage[jb * other.rows + (other.rows == 1 ? 0 : i)]
                result[j * shape.rows + i] = op(a, b)
            }
        }
        return Matrix(uncheckedRows: shape.rows, columns: shape.columns, storage: result)
    }
}

// MARK: - Operators

extension Matrix {
    /// Element-wise sum with broadcasting.
    public static func + (lhs: Matrix, rhs: Matrix) throws -> Matrix { try lhs.elementwise(.add, rhs) }
    /// Element-wise difference with broadcasting.
    public static func - (lhs: Matrix, rhs: Matrix) throws -> Matrix { try lhs.elementwise(.subtract, rhs) }
    /// Element-wise (Hadamard) product with broadcasting; `matmul` is the matrix product.
    public static func * (lhs: Matrix, rhs: Matrix) throws -> Matrix { try lhs.elementwise(.multiply, rhs) }
    /// Element-wise quotient with broadcasting.
    public static func / (lhs: Matrix, rhs: Matrix) throws -> Matrix { try lhs.elementwise(.divide, rhs) }

    /// Adds a scalar to every element.
    public static func + (lhs: Matrix, rhs: Double) -> Matrix { lhs.applying(.add, scalar: rhs) }
    /// Subtracts a scalar from every element.
    public static func - (lhs: Matrix, rhs: Double) -> Matrix { lhs.applying(.subtract, scalar: rhs) }
    /// Multiplies every element by a scalar.
    public static func * (lhs: Matrix, rhs: Double) -> Matrix { lhs.applying(.multiply, scalar: rhs) }
    /// Divides every element by a scalar.
    public static func / (lhs: Matrix, rhs: Double) -> Matrix { lhs.applying(.divide, scalar: rhs) }
    /// Adds a scalar to every element.
    public static func + (lhs: Double, rhs: Matrix) -> Matrix { rhs.applying(.add, scalarOnLeft: lhs) }
    /// Subtracts every element from a scalar.
    public static func - (lhs: Double, rhs: Matrix) -> Matrix { rhs.applying(.subtract, scalarOnLeft: lhs) }
    /// Multiplies every element by a scalar.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix { rhs.applying(.multiply, scalarOnLeft: lhs) }
    /// Divides a scalar by every element.
    public static func / (lhs: Double, rhs: Matrix) -> Matrix { rhs.applying(.divide, scalarOnLeft: lhs) }
    /// Negates every element.
    public static prefix func - (operand: Matrix) -> Matrix { operand.applying(.multiply, scalar: -1) }
}
