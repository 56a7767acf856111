/// Element-wise arithmetic on vectors of equal length (and with scalars).
///
/// Vectors do not broadcast against each other: two lengths that differ
/// throw `NumericsError.shapeMismatch`. Convert to a row or column matrix to
/// broadcast against a matrix.
extension Vector {
    /// Applies `operation` element-wise to two vectors of equal length.
    public func elementwise(_ operation: Matrix.ElementwiseOperation, _ other: Vector) throws -> Vector {
        guard count == other.count else {
            throw NumericsError.shapeMismatch(
                operation: operation.rawValue, left: Shape(count, 1), right: Shape(other.count, 1))
        }
        return Vector(try columnMatrix.elementwise(operation, other.columnMatrix).storage)
    }

    /// Applies `function` to every element.
    public func map(_ function: (Double) -> Double) -> Vector {
        Vector(columnMatrix.map(function).storage)
    }

    /// Element-wise sum.
    public static func + (lhs: Vector, rhs: Vector) throws -> Vector { try lhs.elementwise(.add, rhs) }
    /// Element-wise difference.
    public static func - (lhs: Vector, rhs: Vector) throws -> Vector { try lhs.elementwise(.subtract, rhs) }
    /// Element-wise product.
    public static func * (lhs: Vector, rhs: Vector) throws -> Vector { try lhs.elementwise(.multiply, rhs) }
    /// Element-wise quotient.
    public static func / (lhs: Vector, rhs: Vector) throws -> Vector { try lhs.elementwise(.divide, rhs) }
    /// Adds a scalar to every element.
    public static func + (lhs: Vector, rhs: Double) -> Vector { Vector((lhs.columnMatrix + rhs).storage) }
    /// Subtracts a scalar from every element.
    public static func - (lhs: Vector, rhs: Double) -> Vector { Vector((lhs.columnMatrix - rhs).storage) }
    /// Multiplies every element by a scalar.
    public static func * (lhs: Vector, rhs: Double) -> Vector { Vector((lhs.columnMatrix * rhs).storage) }
    /// Divides every element by a scalar.
    public static func / (lhs: Vector, rhs: Double) -> Vector { Vector((lhs.columnMatrix / rhs).storage) }
    /// Multiplies every element by a scalar.
    public static func * (lhs: Double, rhs: Vector) -> Vector { rhs * lhs }
    /// Negates every element.
    public static prefix func - (operand: Vector) -> Vector { operand * -1 }

    /// The dot product (BLAS `ddot`).
    public func dot(_ other: Vector) throws -> Double {
        guard count == other.count else {
            throw NumericsError.shapeMismatch(operation: "dot", left: Shape(1, count), right: Shape(other.count, 1))
        }
        return BLAS.dot(elements, other.elements)
    }

    /// The Euclidean norm (BLAS `dnrm2`, which avoids overflow).
    public var norm: Double { BLAS.norm(elements) }
}
