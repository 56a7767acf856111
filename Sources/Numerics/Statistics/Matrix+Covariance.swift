import CBLAS

extension Matrix {
    /// The covariance matrix of the columns (variables) over the rows (observations), with
    /// divisor n − ddof; `ddof` 1 (the default) matches `numpy.cov(m, rowvar=False)`.
    ///
    /// Columns are centred on their compensated means and multiplied with BLAS `dsyrk`, so the
    /// result is exactly symmetric. Entries are NaN when n ≤ ddof. Under `.propagate` a NaN in a
    /// column makes that column's row and column of the result NaN; `.skip` drops every row
    /// that contains a NaN (listwise deletion) before computing anything.
    /// - Throws: `NumericsError.empty` when no rows remain, `NumericsError.invalidArgument` for
    ///   negative `ddof`.
    public func covariance(ddof: Int = 1, missing: MissingValues = .propagate) throws -> Matrix {
        guard ddof >= 0 else {
            throw NumericsError.invalidArgument(operation: "covariance", detail: "ddof \(ddof) must be ≥ 0")
        }
        let data = missing == .skip ? droppingRowsWithNaN() : self
        guard data.rows > 0 else { throw NumericsError.empty(operation: "covariance") }
        guard data.rows > ddof else { return Matrix(rows: columns, columns: columns, repeating: .nan) }
        return data.centeredColumns().crossProduct(scale: 1 / Double(data.rows - ddof))
    }

    /// The correlation matrix of the columns: Pearson's (the default, as `numpy.corrcoef` with
    /// `rowvar=False`) or Spearman's with average ranks for ties (as `scipy.stats.spearmanr`).
    ///
    /// Computed as cov(i, j) / sᵢ / sⱼ and clipped to [−1, 1], like numpy. A constant column
    /// gives NaN in its row and column; missing values follow `covariance(ddof:missing:)`.
    /// - Throws: `NumericsError.empty` when no rows remain.
    public func correlation(method: CorrelationMethod = .pearson, missing: MissingValues = .propagate) throws -> Matrix {
        var data = missing == .skip ? droppingRowsWithNaN() : self
        guard data.rows > 0 else { throw NumericsError.empty(operation: "correlation") }
        if method == .spearman { data = data.columnRanks() }
        var result = try data.covariance(ddof: 1)
        let scales = (0..<columns).map { result.storage[$0 * columns + $0].squareRoot() }
        for j in 0..<columns {
            for i in 0..<columns {
                let r = result.storage[j * columns + i] / scales[i] / scales[j]
                result.storage[j * columns + i] = r.isNaN ? r : Swift.min(Swift.max(r, -1), 1)
            }
        }
        return result
    }

    /// The rows that contain no NaN, in order.
    func droppingRowsWithNaN() -> Matrix {
        let keep = (0..<rows).filter { i in (0..<columns).allSatisfy { !storage[$0 * rows + i].isNaN } }
        guard keep.count < rows else { return self }
        var kept = [Double]()
        kept.reserveCapacity(keep.count * columns)
        for j in 0..<columns {
            kept.append(contentsOf: keep.lazy.map { self.storage[j * self.rows + $0] })
        }
        return Matrix(uncheckedRows: keep.count, columns: columns, storage: kept)
    }

    /// Each column minus its compensated mean (NaN throughout if the column has a NaN).
    private func centeredColumns() -> Matrix {
        var result = self
        result.storage.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<columns {
                let column = UnsafeMutableBufferPointer(rebasing: buffer[(j * rows)..<((j + 1) * rows)])
                let mean = SummationKernels.sum(UnsafeBufferPointer(column)) / Double(rows)
                for i in column.indices { column[i] -= mean }
            }
        }
        return result
    }

    /// scale · AᵀA through `dsyrk` (upper triangle), mirrored into the lower triangle.
    private func crossProduct(scale: Double) -> Matrix {
        let p = columns
        var result = Matrix(rows: p, columns: p)
        guard p > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(
                    CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows), scale,
                    a.baseAddress, Int32(Swift.max(rows, 1)), 0, c.baseAddress, Int32(p))
            }
        }
        for j in 0..<p {
            for i in (j + 1)..<p { result.storage[j * p + i] = result.storage[i * p + j] }
        }
        return result
    }

    /// Each column replaced by its ranks 1…n, ties sharing their average rank; a column that
    /// contains NaN becomes all NaN.
    func columnRanks() -> Matrix {
        var result = self
        for j in 0..<columns {
            let column = Array(storage[(j * rows)..<((j + 1) * rows)])
            let ranks = column.contains(where: \.isNaN)
                ? [Double](repeating: .nan, count: rows)
                : Self.averageRanks(column)
            result.storage.replaceSubrange((j * rows)..<((j + 1) * rows), with: ranks)
        }
        return result
    }

    /// Ranks starting at 1, tied values sharing the mean of the ranks they span
    /// (`scipy.stats.rankdata(method='average')`).
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            // Positions start..<end hold ranks start+1 … end; their mean is (start + 1 + end) / 2.
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = shared }
            start = end
        }
        return ranks
    }
}
