/// A dense vector of `Double` with value semantics.
public struct Vector: Equatable, Sendable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    /// The elements, in order.
    public var elements: [Double]

    /// Creates a vector from its elements.
    public init(_ elements: [Double]) { self.elements = elements }

    /// Creates a vector of `count` copies of `value`.
    public init(repeating value: Double, count: Int) {
        elements = Array(repeating: value, count: count)
    }

    public init(arrayLiteral elements: Double...) { self.elements = elements }

    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }

    public subscript(index: Int) -> Double {
        get { elements[index] }
        set { elements[index] = newValue }
    }

    /// Element access that throws instead of trapping.
    public func element(_ index: Int) throws -> Double {
        guard index >= 0, index < elements.count else {
            throw NumericsError.outOfRange(
                operation: "index", detail: "index \(index) is outside a vector of length \(elements.count)")
        }
        return elements[index]
    }

    /// The vector as an n×1 column matrix.
    public var columnMatrix: Matrix { Matrix(uncheckedRows: count, columns: 1, storage: elements) }
    /// The vector as a 1×n row matrix.
    public var rowMatrix: Matrix { Matrix(uncheckedRows: 1, columns: count, storage: elements) }
}
