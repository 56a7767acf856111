/// Pearson's chi-square test of independence on a contingency table.
public enum ChiSquareTest {
    /// Tests whether the row and column classifications of `observed` are independent.
    ///
    /// Matches `scipy.stats.chi2_contingency(observed, correction=...)`:
    /// - Yates' continuity correction is applied only when `correction` is true
    ///   *and* the table has exactly one degree of freedom (a 2×2 table, or any
    ///   table whose shape reduces to it); each cell moves towards its expected
    ///   count by 0.5, or by less if it is closer than 0.5 already.
    /// - A table with zero degrees of freedom (a single row or column) gives
    ///   statistic 0 and p-value 1.
    /// - NaN counts propagate to a NaN statistic and p-value.
    /// - Counts of any finite size work, 1e-300 or 1e300, where scipy's products
    ///   underflow or overflow.
    ///
    /// - Throws: `NumericsError.empty` for a table without cells;
    ///   `NumericsError.invalidArgument` for a negative or infinite count, when a
    ///   row or column sums to zero (an expected count would be zero) or when
    ///   the counts' total overflows.
    public static func independence(_ observed: Matrix, correction: Bool = true) throws -> ChiSquareTestResult {
        let operation = "chi-square test of independence"
        guard !observed.isEmpty else { throw NumericsError.empty(operation: operation) }
        if observed.storage.contains(where: { $0 < 0 }) {
            throw NumericsError.invalidArgument(operation: operation, detail: "counts must be non-negative")
        }
        if let cell = observed.storage.firstIndex(where: \.isInfinite) {
            throw NumericsError.invalidArgument(
                operation: operation,
                detail: "counts must be finite: row \(cell % observed.rows + 1), column \(cell / observed.rows + 1) is infinite")
        }
        guard observed.storage.reduce(0, +).isFinite || observed.storage.contains(where: \.isNaN) else {
            throw NumericsError.invalidArgument(operation: operation, detail: "the counts add up to more than the largest double; scale them down")
        }
        let expected = expectedCounts(observed)
        if expected.storage.contains(0) {
            throw NumericsError.invalidArgument(
                operation: operation, detail: "a row or column sums to zero, so an expected count is zero")
        }
        let degreesOfFreedom = (observed.rows - 1) * (observed.columns - 1)
        guard degreesOfFreedom > 0 else {
            return ChiSquareTestResult(statistic: 0, pValue: 1, degreesOfFreedom: 0, expected: expected,
                                       correctionApplied: false)
        }
        let applyCorrection = correction && degreesOfFreedom == 1
        let statistic = pearsonStatistic(observed, expected, yates: applyCorrection)
        let distribution = try ChiSquared(degreesOfFreedom: Double(degreesOfFreedom))
        return ChiSquareTestResult(statistic: statistic, pValue: distribution.survival(statistic),
                                   degreesOfFreedom: degreesOfFreedom, expected: expected,
                                   correctionApplied: applyCorrection)
    }

    /// Row total × column total / grand total, in the same operation order as scipy unless
    /// the product leaves the normal range (totals beyond 1e154 or below 1e-154), where the
    /// ratio is taken first.
    static func expectedCounts(_ observed: Matrix) -> Matrix {
        let rowSums = (0..<observed.rows).map { i in (0..<observed.columns).reduce(0.0) { $0 + observed[i, $1] } }
        let columnSums = (0..<observed.columns).map { j in (0..<observed.rows).reduce(0.0) { $0 + observed[$1, j] } }
        let total = rowSums.reduce(0, +)
        var expected = Matrix(rows: observed.rows, columns: observed.columns)
        for i in 0..<observed.rows {
            for j in 0..<observed.columns {
                let product = rowSums[i] * columnSums[j]
                let inRange = product.isFinite && product >= Double.leastNormalMagnitude
                expected[i, j] = inRange ? product / total : rowSums[i] * (columnSums[j] / total)
            }
        }
        return expected
    }

    private static func pearsonStatistic(_ observed: Matrix, _ expected: Matrix, yates: Bool) -> Double {
        zip(observed.storage, expected.storage).reduce(0.0) { sum, cell in
            var (count, mean) = cell
            if yates {
                // Never move a cell past its expected count (scipy gh-13875).
                let gap = mean - count
                count += (gap < 0 ? -1 : (gap > 0 ? 1 : 0)) * min(0.5, abs(gap))
            }
            let gap = count - mean, square = gap * gap
            // Dividing first keeps the term when the square would overflow or underflow.
            return sum + (square.isFinite && square >= Double.leastNormalMagnitude ? square / mean : gap * (gap / mean))
        }
    }
}
