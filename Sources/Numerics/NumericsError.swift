/// An error raised by the numeric core instead of trapping.
///
/// Every case carries the operation that failed so that a message can be shown
/// to a person without further context.
public enum NumericsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Operand shapes are incompatible for `operation`.
    case shapeMismatch(operation: String, left: Shape, right: Shape)
    /// The operation needs a square matrix.
    case notSquare(operation: String, shape: Shape)
    /// The matrix is singular: LU met an exact zero pivot.
    case singular(operation: String)
    /// The matrix is singular to working precision: its reciprocal condition number is below
    /// machine epsilon, so an answer would be rounding noise.
    case illConditioned(operation: String, reciprocalCondition: Double)
    /// Cholesky needs a symmetric positive-definite matrix.
    case notPositiveDefinite(operation: String)
    /// The operation is undefined on empty input.
    case empty(operation: String)
    /// An index or range lies outside the matrix.
    case outOfRange(operation: String, detail: String)
    /// An argument has a value the operation does not accept.
    case invalidArgument(operation: String, detail: String)
    /// An iterative LAPACK routine did not converge.
    case noConvergence(operation: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, left, right):
            return "\(operation): shapes \(left) and \(right) are not compatible"
        case let .notSquare(operation, shape):
            return "\(operation): needs a square matrix, got \(shape)"
        case let .singular(operation):
            return "\(operation): matrix is singular"
        case let .illConditioned(operation, reciprocalCondition):
            return "\(operation): matrix is singular to working precision (reciprocal condition number \(formatNumber(reciprocalCondition)), below machine epsilon)"
        case let .notPositiveDefinite(operation):
            return "\(operation): matrix is not symmetric positive definite"
        case let .empty(operation):
            return "\(operation): input is empty"
        case let .outOfRange(operation, detail):
            return "\(operation): \(detail)"
        case let .invalidArgument(operation, detail):
            return "\(operation): \(detail)"
        case let .noConvergence(operation):
            return "\(operation): did not converge"
        }
    }
}

/// The shape of a matrix: rows × columns.
public struct Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int

    public init(_ rows: Int, _ columns: Int) {
        self.rows = rows
        self.columns = columns
    }

    public var description: String { "\(rows)×\(columns)" }
}
