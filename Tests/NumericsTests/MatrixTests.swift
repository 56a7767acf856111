import Testing
@testable import Numerics

@Suite struct MatrixConstructionTests {
    @Test func rowsAreStoredColumnMajor() throws {
        let m = try Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(m.shape == Shape(2, 3))
        #expect(m.storage == [1, 4, 2, 5, 3, 6])
        #expect(m[1, 2] == 6)
        #expect(m.rowArrays == [[1, 2, 3], [4, 5, 6]])
    }

    @Test func raggedOrMiscountedInputThrows() {
        #expect(throws: NumericsError.invalidArgument(operation: "matrix", detail: "row 2 has 1 values, expected 2")) {
            try Matrix(rows: [[1, 2], [3]])
        }
        #expect(throws: NumericsError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: NumericsError.self) { try Matrix(columns: [[1, 2], [3]]) }
    }

    @Test func outOfRangeAccessThrows() throws {
        let m = Matrix.identity(2)
        #expect(try m.element(1, 1) == 1)
        #expect(throws: NumericsError.outOfRange(operation: "index", detail: "element (2, 0) is outside a 2×2 matrix")) { try m.element(2, 0) }
        #expect(throws: NumericsError.self) { try m.column(-1) }
        #expect(throws: NumericsError.self) { try Vector([1]).element(1) }
    }

    @Test func copiesAreIndependent() {
        let a = Matrix.identity(3)
        var b = a
        b[0, 0] = 9
        #expect(a[0, 0] == 1)
        #expect(b[0, 0] == 9)
    }
}

@Suite struct ElementwiseTests {
    let m = try! Matrix(rows: [[1, 2, 3], [4, 5, 6]])

    @Test func sameShapeAndScalars() throws {
        #expect(try (m + m).rowArrays == [[2, 4, 6], [8, 10, 12]])
        #expect(try (m * m).rowArrays == [[1, 4, 9], [16, 25, 36]])
        #expect((m * 2 - 1).rowArrays == [[1, 3, 5], [7, 9, 11]])
        #expect((12 / m).rowArrays == [[12, 6, 4], [3, 2.4, 2]])
        #expect((10 - m).rowArrays == [[9, 8, 7], [6, 5, 4]])
        #expect((-m).rowArrays == [[-1, -2, -3], [-4, -5, -6]])
    }

    @Test func broadcastsRowsColumnsAndScalars() throws {
        let row = try Matrix(rows: [[10, 20, 30]])
        let column = try Matrix(rows: [[100], [200]])
        #expect(try (m + row).rowArrays == [[11, 22, 33], [14, 25, 36]])
        #expect(try (m + column).rowArrays == [[101, 102, 103], [204, 205, 206]])
        #expect(try (column - m).rowArrays == [[99, 98, 97], [196, 195, 194]])
        #expect(try (column * row).rowArrays == [[1000, 2000, 3000], [2000, 4000, 6000]])
        #expect(try (m / Matrix(rows: [[2]])).rowArrays == [[0.5, 1, 1.5], [2, 2.5, 3]])
    }

    @Test func incompatibleShapesThrow() {
        #expect(throws: NumericsError.shapeMismatch(operation: "+", left: Shape(2, 3), right: Shape(3, 2))) {
            try m + m.transposed
        }
        #expect(throws: NumericsError.self) { try Vector([1, 2]) + Vector([1]) }
    }

    @Test func longInputsTakeTheVectorPathAndTheTail() throws {
        let n = (1 << 20) + 11  // past the streaming-store threshold, with a ragged tail
        let a = Matrix(rows: n, columns: 1, repeating: 1.5)
        let b = Matrix(rows: n, columns: 1, repeating: 2)
        let c = Matrix(rows: n, columns: 1, repeating: 0.25)
        let fused = try Matrix.multiplyAdd(a, b, c)
        #expect(fused.storage.allSatisfy { $0 == 3.25 })
        #expect(try (a * b + c) == fused)
        #expect(fused.sum() == 3.25 * Double(n))
    }

    @Test func ieeeSemanticsAreKept() throws {
        let zeros = Matrix(rows: 1, columns: 3)
        let quotient = try Matrix(rows: [[1, -1, 0]]) / zeros
        #expect(quotient[0, 0] == .infinity && quotient[0, 1] == -.infinity && quotient[0, 2].isNaN)
        #expect(try (Matrix(rows: [[.nan, 1]]) + 1).sum().isNaN)
    }

    @Test func vectorArithmeticAndNorms() throws {
        let v: Vector = [3, 4]
        #expect(v.norm == 5)
        #expect(try v.dot([1, 2]) == 11)
        #expect(try (v - [1, 1]) == [2, 3])
        #expect(v * 2 == [6, 8])
        #expect(Vector([]).norm == 0)
    }
}

@Suite struct ReductionTests {
    let m = try! Matrix(rows: [[1, 2, 3], [4, 5, 6]])

    @Test func alongEachAxis() throws {
        #expect(m.sum() == 21)
        #expect(try m.mean() == 3.5)
        #expect(m.columnSums() == [5, 7, 9])
        #expect(m.rowSums() == [6, 15])
        #expect(try m.columnMeans() == [2.5, 3.5, 4.5])
        #expect(try m.rowMeans() == [2, 5])
        #expect(try m.min() == 1 && m.max() == 6)
        #expect(try m.columnMinima() == [1, 2, 3])
        #expect(try m.rowMaxima() == [3, 6])
    }

    @Test func nanPropagatesAndEmptyThrows() throws {
        let withNaN = try Matrix(rows: [[1, .nan], [3, 4]])
        #expect(try withNaN.max().isNaN)
        #expect(try withNaN.columnMaxima()[1].isNaN)
        #expect(try withNaN.columnMaxima()[0] == 3)
        #expect(Matrix(rows: 0, columns: 0).sum() == 0)
        #expect(throws: NumericsError.empty(operation: "mean")) { try Matrix(rows: 0, columns: 3).mean() }
        #expect(throws: NumericsError.empty(operation: "min")) { try Matrix(rows: 0, columns: 3).columnMinima() }
    }

    @Test func pairwiseSumKeepsPrecision() {
        // 10M copies of 0.1: a naive running sum drifts by about 1e-4 relative.
        let n = 10_000_000
        let m = Matrix(rows: n, columns: 1, repeating: 0.1)
        #expect(abs(m.sum() - 1_000_000) < 1e-6)
    }
}

@Suite struct TransformTests {
    let m = try! Matrix(rows: [[1, 2, 3], [4, 5, 6]])

    @Test func transposeSliceSelect() throws {
        #expect(m.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
        let big = try Matrix(rows: 70, columns: 45, columnMajor: (0..<(70 * 45)).map(Double.init))
        #expect(big.transposed.transposed == big)
        #expect(big.transposed[44, 69] == big[69, 44])
        #expect(try m.submatrix(rows: 0..<2, columns: 1..<3).rowArrays == [[2, 3], [5, 6]])
        #expect(try m.row(1) == [4, 5, 6])
        #expect(try m.column(2) == [3, 6])
        #expect(try m.selectingRows([1, 1, 0]).rowArrays == [[4, 5, 6], [4, 5, 6], [1, 2, 3]])
        #expect(try m.selectingColumns([2, 0]).rowArrays == [[3, 1], [6, 4]])
        #expect(throws: NumericsError.self) { try m.submatrix(rows: 0..<3, columns: 0..<1) }
        #expect(throws: NumericsError.self) { try m.selectingRows([2]) }
    }

    @Test func stackAndReshape() throws {
        #expect(try Matrix.hstack([m, m]).rowArrays == [[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]])
        #expect(try Matrix.vstack([m, try Matrix(rows: [[7, 8, 9]])]).rowArrays == [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(throws: NumericsError.shapeMismatch(operation: "hstack", left: Shape(2, 3), right: Shape(3, 2))) {
            try Matrix.hstack([m, m.transposed])
        }
        #expect(throws: NumericsError.self) { try Matrix.vstack([m, m.transposed]) }
        #expect(try m.reshaped(rows: 3, columns: 2).storage == m.storage)
        #expect(throws: NumericsError.self) { try m.reshaped(rows: 4, columns: 2) }
    }
}
