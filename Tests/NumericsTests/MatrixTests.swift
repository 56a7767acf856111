import Testing
@testable import Numerics

@Suite struct MatrixConstructionTests {
    @Test func rowsAreStoredColumnMajor() throws {
        let m = try Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(m.shape == Shape(2, 3))
        #expect(m.storage == [1, 4, 2, 5, 3, 6])
        #expect(m[1, 2] == 6)
    }

    @Test func raggedRowsThrow() {
        #expect(throws: NumericsError.self) { try Matrix(rows: [[1, 2], [3]]) }
    }
}
