import BenchmarkSupport
import Foundation
import Numerics

/// Runs workloads on both sides with interleaved samples.
struct Runner {
    let worker: PythonWorker
    let options: BenchmarkOptions
    let directory: URL

    /// Generates the data, loads it on the worker, warms both sides up, then
    /// takes scikit-learn and mlx samples alternately (A B A B …), and scores
    /// each side's last fit.
    func run(_ workload: Workload) throws -> Measurement {
        let data = try prepare(workload)
        defer { _ = try? worker.send("clear") }
        // Warm-up: caches, BLAS thread start-up, and above all memory that the
        // hypervisor took back while idle (touching it cold is ~40× slower).
        for _ in 0..<options.warmups {
            _ = try worker.number("time \(workload.name)")
            _ = try timeMLX(workload, data)
        }
        var measurement = Measurement(workload: workload)
        var last: (any Sendable)?
        for _ in 0..<(options.samples ?? workload.samples) {
            settle()
            measurement.sklearn.append(try worker.number("time \(workload.name)"))
            settle()
            let (seconds, result) = try timeMLX(workload, data)
            measurement.mlx.append(seconds)
            last = result
        }
        measurement.sklearnQuality = try worker.number("quality \(workload.name)")
        measurement.mlxQuality = try workload.score(last!, data)
        return measurement
    }

    /// Lets the previous side's BLAS threads go to sleep (see `BenchmarkOptions.pause`).
    private func settle() {
        if options.pause > 0 { Thread.sleep(forTimeInterval: options.pause) }
    }

    /// One mlx fit and what it returned; the previous result is already
    /// released, as scikit-learn's previous model is before its fit.
    private func timeMLX(_ workload: Workload, _ data: [String: Matrix]) throws -> (Double, any Sendable) {
        let start = ContinuousClock.now
        let result = try workload.fit(data)
        let elapsed = start.duration(to: .now)
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, result)
    }

    /// Generates the workload's data and hands the same bytes to the worker.
    private func prepare(_ workload: Workload) throws -> [String: Matrix] {
        let data = workload.data()
        for (name, matrix) in data.sorted(by: { $0.key < $1.key }) {
            let file = directory.appendingPathComponent("\(workload.name)-\(name).f64")
            precondition(1.littleEndian == 1, "the worker reads little-endian float64")
            try matrix.storage.withUnsafeBytes { Data($0) }.write(to: file)
            try worker.send("load \(name) \(file.path) \(matrix.rows) \(matrix.columns)")
            try? FileManager.default.removeItem(at: file)  // the worker holds its own copy now
        }
        return data
    }
}
