import BenchmarkSupport
import Foundation
import Numerics

/// The samples of one workload, both sides, in seconds.
struct Measurement {
    let workload: Workload
    var numpy: [Double] = []
    var mlx: [Double] = []

    var numpyMedian: Double { median(numpy) }
    var mlxMedian: Double { median(mlx) }
    /// How many times faster mlx is than numpy: numpy median / mlx median.
    var speedup: Double { numpyMedian / mlxMedian }
}

/// Runs workloads on both sides with interleaved samples.
struct Runner {
    let worker: PythonWorker
    let options: BenchmarkOptions
    let directory: URL

    /// Generates the inputs, loads them on both sides, checks that the results
    /// agree, warms up, then takes numpy and mlx samples alternately.
    func run(_ workload: Workload) throws -> Measurement {
        let inputs = try prepare(workload)
        defer { _ = try? worker.send("clear") }
        try worker.send("op run \(workload.numpy)")
        try checkAgreement(workload, inputs)
        // Warm-up: caches, BLAS thread start-up, and above all memory that the
        // hypervisor took back while idle (touching it cold is ~40× slower).
        for _ in 0..<options.warmups {
            _ = try worker.number("time run")
            _ = try timeMLX(workload, inputs)
        }
        var measurement = Measurement(workload: workload)
        for _ in 0..<(options.samples ?? 11) {
            settle()
            measurement.numpy.append(try worker.number("time run"))
            settle()
            measurement.mlx.append(try timeMLX(workload, inputs))
        }
        return measurement
    }

    /// Lets the previous side's BLAS threads go to sleep (see `BenchmarkOptions.pause`).
    private func settle() {
        if options.pause > 0 { Thread.sleep(forTimeInterval: options.pause) }
    }

    /// One mlx run; the result is released after the clock stops, as numpy's is.
    private func timeMLX(_ workload: Workload, _ inputs: [String: Matrix]) throws -> Double {
        let start = ContinuousClock.now
        let result = try workload.mlx(inputs)
        let elapsed = start.duration(to: .now)
        withExtendedLifetime(result) {}
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Makes the inputs in Swift and has numpy load the same bytes.
    private func prepare(_ workload: Workload) throws -> [String: Matrix] {
        var made: [String: Matrix] = [:]
        for spec in workload.inputs {
            var random = SplitMix64(seed: spec.seed)
            let matrix = try Matrix(rows: spec.rows, columns: spec.columns, columnMajor: spec.make(&random, made))
            let file = directory.appendingPathComponent("\(workload.name)-\(spec.name).f64")
            try write(matrix, to: file)
            try worker.send("load \(spec.name) \(file.path) \(spec.rows) \(spec.columns)")
            try? FileManager.default.removeItem(at: file)  // numpy holds its own copy now
            made[spec.name] = matrix
        }
        return made
    }

    /// Raw float64 in machine order, which numpy reads as '<f8'.
    private func write(_ matrix: Matrix, to file: URL) throws {
        precondition(1.littleEndian == 1, "the worker reads little-endian float64")
        let data = matrix.storage.withUnsafeBytes { Data($0) }
        try data.write(to: file)
    }

    /// Both sides must compute the same thing before their speed is compared.
    private func checkAgreement(_ workload: Workload, _ inputs: [String: Matrix]) throws {
        let theirs = try worker.number("check run")
        let ours = try workload.mlx(inputs).checksum
        let scale = Swift.max(abs(theirs), abs(ours), 1)
        guard abs(theirs - ours) <= 1e-6 * scale else {
            throw BenchmarkError.mismatch("\(workload.name): numpy checksum \(theirs), mlx \(ours)")
        }
    }
}
