import Numerics
import Tables

extension Builtins {
    private static func missing(_ args: Arguments, _ i: Int) -> MissingValues { args.boolean(i) ? .skip : .propagate }

    static let statistics: [Builtin] = [
        Builtin("mean", [.init("x", .entries), .init("skip_missing", .boolean, default: .boolean(false))], category: "Statistics",
                help: "Arithmetic mean; NaN if any value is missing unless skip_missing.") { _, a in
            .number(try a.numbers(0).mean(missing: missing(a, 1)))
        },
        Builtin("median", [.init("x", .entries), .init("skip_missing", .boolean, default: .boolean(false))], category: "Statistics",
                help: "Median (mean of the two middle values for an even count).") { _, a in
            .number(try a.numbers(0).median(missing: missing(a, 1)))
        },
        Builtin("quantile", [.init("x", .entries), .init("q", .any), .init("skip_missing", .boolean, default: .boolean(false))], category: "Statistics",
                help: "Quantile(s) at q in [0, 1] (a number or a vector), numpy's default linear method (R type 7).") { _, a in
            if case .number(let q) = a.values[1] { return .number(try a.numbers(0).quantile(q, missing: missing(a, 2))) }
            guard case .vector(let qs) = a.values[1] else { throw BuiltinError("q must be a number or a vector", argument: 1) }
            return .vector(Vector(try a.numbers(0).quantiles(qs.elements, missing: missing(a, 2))))
        },
        Builtin("sd", [.init("x", .entries), .init("ddof", .integer, default: .number(1)), .init("skip_missing", .boolean, default: .boolean(false))], category: "Statistics",
                help: "Standard deviation; ddof = 1 gives the sample standard deviation.") { _, a in
            .number(try a.numbers(0).standardDeviation(ddof: a.integer(1), missing: missing(a, 2)))
        },
        Builtin("var", [.init("x", .entries), .init("ddof", .integer, default: .number(1)), .init("skip_missing", .boolean, default: .boolean(false))], category: "Statistics",
                help: "Variance; ddof = 1 gives the sample variance.") { _, a in
            .number(try a.numbers(0).variance(ddof: a.integer(1), missing: missing(a, 2)))
        },
        Builtin("min", [.init("x", .entries)], category: "Statistics", help: "Smallest value (NaN if any is NaN).") { _, a in .number(try a.numbers(0).minimum()) },
        Builtin("max", [.init("x", .entries)], category: "Statistics", help: "Largest value (NaN if any is NaN).") { _, a in .number(try a.numbers(0).maximum()) },
        Builtin("sum", [.init("x", .entries)], category: "Statistics", help: "Sum (compensated).") { _, a in .number(a.numbers(0).sum()) },
        Builtin("count", [.init("x", .any)], category: "Statistics", help: "Number of non-missing values (rows of a table).") { interpreter, a in
            switch a.values[0] {
            case .table(let t): return .number(Double(t.rowCount))
            case .column(let c): return .number(Double(c.count - c.missing.count))
            case .list(let l): return .number(Double(l.count))
            default:
                guard let v = interpreter.vectorOperand(a.values[0]) else { throw BuiltinError("x must be numbers, a column, a list or a table", argument: 0) }
                return .number(Double(v.count(missing: .skip)))
            }
        },
        Builtin("mode", [.init("x", .numbers)], category: "Statistics", help: "Most frequent value (the smallest on ties).") { _, a in .number(try a.numbers(0).mode()) },
        Builtin("skewness", [.init("x", .numbers)], category: "Statistics", help: "Sample skewness (biased, as scipy.stats.skew).") { _, a in .number(try a.numbers(0).skewness()) },
        Builtin("kurtosis", [.init("x", .numbers)], category: "Statistics", help: "Excess kurtosis (biased, as scipy.stats.kurtosis).") { _, a in .number(try a.numbers(0).kurtosis()) },
        Builtin("zscore", [.init("x", .numbers)], category: "Statistics", help: "Standard scores (x − mean) / sd with ddof = 0.") { _, a in .vector(try a.numbers(0).zScores()) },
        Builtin("cor", [.init("x", .any), .init("y", .any, default: Value.none), .init("method", .string, default: .string("pearson"))], category: "Statistics",
                help: "Correlation of two vectors, or the correlation matrix of a matrix's or table's numeric columns; method pearson or spearman.") { interpreter, a in
            let method: CorrelationMethod = a.string(2) == "spearman" ? .spearman : .pearson
            guard a.string(2) == "spearman" || a.string(2) == "pearson" else { throw BuiltinError("method must be \"pearson\" or \"spearman\"", argument: 2) }
            let m = try interpreter.variablesMatrix(a.values[0], a.values[1])
            try requireSquareFits(m)
            let c = try m.correlation(method: method)
            return m.columns == 2 && !a.isNone(1) ? .number(c[0, 1]) : .matrix(c)
        },
        Builtin("cov", [.init("x", .any), .init("y", .any, default: Value.none)], category: "Statistics",
                help: "Covariance of two vectors, or the covariance matrix of columns (ddof = 1).") { interpreter, a in
            let m = try interpreter.variablesMatrix(a.values[0], a.values[1])
            try requireSquareFits(m)
            let c = try m.covariance()
            return m.columns == 2 && !a.isNone(1) ? .number(c[0, 1]) : .matrix(c)
        },
        Builtin("histogram", [.init("x", .numbers), .init("bins", .integer, default: .number(10)), .init("skip_missing", .boolean, default: .boolean(false))],
                category: "Statistics",
                help: "Counts in equal-width bins (1 to 1,000,000): a record with counts and edges (numpy's edges); missing values are an error unless skip_missing.") { _, a in
            let bins = a.integer(1)
            guard bins <= 1_000_000 else { throw BuiltinError("bins must be at most 1,000,000, got \(bins)", argument: 1) }
            let x = a.numbers(0)
            if !a.boolean(2), x.contains(where: \.isNaN) {
                throw BuiltinError("x has missing values (NaN), which no bin holds; pass skip_missing = true to leave them out", argument: 0)
            }
            let h = try x.histogram(bins: bins, missing: missing(a, 2))
            return .record(Record([("counts", .vector(Vector(h.counts.map(Double.init)))), ("edges", .vector(Vector(h.edges)))]))
        },
        Builtin("t_test", [.init("x", .numbers), .init("y", .any, default: Value.none), .init("mu", .number, default: .number(0)), .init("paired", .boolean, default: .boolean(false)), .init("equal_variance", .boolean, default: .boolean(false))], category: "Statistics",
                help: "One-sample (mean mu), two-sample (Welch unless equal_variance) or paired t test (mean difference x − y of mu): a record with statistic, p_value, df.") { interpreter, a in
            let x = a.numbers(0)
            let result: TTestResult
            if a.isNone(1) {
                result = try TTest.oneSample(x, mean: a.number(2))
            } else {
                guard let y = interpreter.vectorOperand(a.values[1]) else { throw BuiltinError("y must be numbers", argument: 1) }
                result = a.boolean(3)
                    ? try TTest.paired(x, y, difference: a.number(2))
                    : try TTest.twoSample(x, y, difference: a.number(2), variance: a.boolean(4) ? .equal : .unequal)
            }
            return .record(Record([("statistic", .number(result.statistic)), ("p_value", .number(result.pValue)), ("df", .number(result.degreesOfFreedom))]))
        },
        Builtin("chi2_test", [.init("table", .matrix), .init("correction", .boolean, default: .boolean(true))], category: "Statistics",
                help: "Chi-square test of independence on a contingency matrix: statistic, p_value, df.") { _, a in
            let r = try ChiSquareTest.independence(a.matrix(0), correction: a.boolean(1))
            return .record(Record([("statistic", .number(r.statistic)), ("p_value", .number(r.pValue)), ("df", .number(Double(r.degreesOfFreedom)))]))
        },
        Builtin("ks_test", [.init("x", .numbers), .init("y", .numbers)], category: "Statistics",
                help: "Two-sample Kolmogorov–Smirnov test: statistic, p_value (exact for small samples, as scipy).") { _, a in
            let r = try KolmogorovSmirnovTest.twoSample(a.numbers(0), a.numbers(1))
            return .record(Record([("statistic", .number(r.statistic)), ("p_value", .number(r.pValue))]))
        },
        Builtin("normal_cdf", [.init("x", .number), .init("mean", .number, default: .number(0)), .init("sd", .number, default: .number(1))], category: "Statistics",
                help: "Normal cumulative distribution function.") { _, a in .number(try Normal(mean: a.number(1), sd: a.number(2)).cdf(a.number(0))) },
        Builtin("normal_quantile", [.init("p", .number), .init("mean", .number, default: .number(0)), .init("sd", .number, default: .number(1))], category: "Statistics",
                help: "Normal quantile (inverse cdf).") { _, a in .number(try Normal(mean: a.number(1), sd: a.number(2)).quantile(a.number(0))) },
        Builtin("t_cdf", [.init("x", .number), .init("df", .number)], category: "Statistics", help: "Student t cumulative distribution function.") { _, a in
            .number(try StudentT(degreesOfFreedom: a.number(1)).cdf(a.number(0)))
        },
        Builtin("chi2_cdf", [.init("x", .number), .init("df", .number)], category: "Statistics", help: "Chi-square cumulative distribution function.") { _, a in
            .number(try ChiSquared(degreesOfFreedom: a.number(1)).cdf(a.number(0)))
        },
        Builtin("f_cdf", [.init("x", .number), .init("d1", .number), .init("d2", .number)], category: "Statistics", help: "F cumulative distribution function.") { _, a in
            .number(try FisherF(d1: a.number(1), d2: a.number(2)).cdf(a.number(0)))
        },
    ]

    /// One row and column per variable: a short, wide matrix makes a result far larger than itself.
    private static func requireSquareFits(_ variables: Matrix) throws {
        if let problem = tooLarge("the result", variables.columns, variables.columns) { throw BuiltinError(problem, argument: 0) }
    }
}

extension Interpreter {
    /// Columns as a matrix: two vectors side by side, a matrix, or a table's numeric columns.
    func variablesMatrix(_ x: Value, _ y: Value) throws -> Matrix {
        if case .none = y {
            switch x {
            case .matrix(let m): return m
            case .table(let t): return try t.matrix(allowMissing: true)
            default: throw BuiltinError("x must be a matrix or a table when y is not given", argument: 0)
            }
        }
        guard let a = vectorOperand(x), let b = vectorOperand(y) else { throw BuiltinError("x and y must be numbers") }
        guard a.count == b.count else { throw BuiltinError("x and y have different lengths (\(a.count) and \(b.count))") }
        return try Matrix(columns: [a, b])
    }
}
