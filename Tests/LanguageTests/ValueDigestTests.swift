import Numerics
import Tables
import Testing

@testable import Language

/// Value digests name what a cell produced in every recorded run, and a replay
/// compares against them: the same value must give the same digest in every
/// version of mlx. These were computed when numbers were still hashed through
/// an array of their bit patterns; the vector's also by Python's hashlib over
/// that layout (the type name's length and bytes, the count, each bit pattern
/// little-endian), NaN payloads and signs included.
@Suite struct ValueDigestTests {
    @Test func numbersVectorsMatricesAndTablesKeepTheirDigests() throws {
        let vector = Value.vector(Vector([1.5, -0.0, .nan, 3, .infinity, -.nan, Double(bitPattern: 0x7FF8_0000_0000_BEEF)]))
        let matrix = Value.matrix(try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, -3.25, 1e-300]))
        let table = Value.table(try Table(columns: [
            try Column(name: "x", values: .number([0.5, .nan, -7]), missing: MissingMask(missingRows: [1])),
            try Column(name: "n", values: .integer([1, 2, 3])),
        ]))
        #expect(Value.number(1).digest == "28f76643f19f55d5b8faea8643b9771387e6957ad83f9f019f8d4e7f5b20eb51")
        #expect(vector.digest == "094193fd0639d5505bf82841c10492e4785cf81419b29e8f6306983b81133c0b")
        #expect(matrix.digest == "cfaf29d6f8269362f6a7e237715f37d6d2339131a19f1be6cdf6f7fbb83d4b4a")
        #expect(table.digest == "1b15c53ec608002f4b3c97e75686cddaad24da19263182736c19804827f889b6")
    }
}
