import BenchmarkSupport
import Numerics

/// One benchmark input: an array generated in Swift from a fixed seed,
/// written to disk and loaded by numpy, so both sides see the same values.
struct InputSpec: Sendable {
    let name: String
    let rows: Int
    let columns: Int
    let seed: UInt64
    /// Builds the column-major values; gets the inputs made before it, so a
    /// response can depend on a design matrix.
    let make: @Sendable (inout SplitMix64, [String: Matrix]) throws -> [Double]

    /// Values uniform in [-1, 1).
    static func uniform(_ name: String, rows: Int, columns: Int, seed: UInt64) -> InputSpec {
        InputSpec(name: name, rows: rows, columns: columns, seed: seed) { random, _ in
            random.signedValues(rows * columns)
        }
    }
}

/// What an mlx operation returns, reduced to one number that numpy's result
/// must match, so the benchmark never compares two different computations.
protocol Checksummable {
    var checksum: Double { get }
}

extension Matrix: Checksummable {
    var checksum: Double { sum() }
}

extension Double: Checksummable {
    var checksum: Double { self }
}

extension LeastSquaresSolution: Checksummable {
    var checksum: Double { coefficients.sum() }
}

/// One row of the table: the same computation in numpy and in mlx.
struct Workload: Sendable {
    /// Short name matched by `--filter`.
    let name: String
    /// What the row measures, as printed.
    let title: String
    let inputs: [InputSpec]
    /// A numpy expression over the input names (evaluated by the worker).
    let numpy: String
    /// The mlx call, as printed.
    let mlxCall: String
    let mlx: @Sendable ([String: Matrix]) throws -> any Checksummable
    /// Floating-point operations of one run, for GFLOP/s; nil where not meaningful.
    var flops: Double? = nil
    /// The speedup (numpy median / mlx median) mlx should reach.
    var target: Double? = nil
}

/// Looks up a generated input; the names are fixed by each workload.
func input(_ inputs: [String: Matrix], _ name: String) throws -> Matrix {
    guard let matrix = inputs[name] else { throw BenchmarkError.badOption("workload has no input \(name)") }
    return matrix
}
