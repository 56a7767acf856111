import BenchmarkSupport
import Foundation
import Learning
import Numerics

// mlx-learn-bench: mlx's estimators and scikit-learn's on the same generated
// data, interleaved, in one invocation. See docs/benchmarks.md.

/// Runs the selected workloads and prints environment and table.
func benchmark(_ options: BenchmarkOptions) throws {
    if options.list {
        for w in workloads { print("\(w.name): \(w.title) — scikit-learn \(w.sklearn), mlx \(w.mlxCall)") }
        return
    }
    let selected = workloads.filter { options.filter.map($0.name.contains) ?? true }
    guard !selected.isEmpty else { throw BenchmarkError.badOption("no workload matches '\(options.filter ?? "")'") }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-learn-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let worker = try PythonWorker(python: options.python, script: PythonWorker.scriptPath("sklearn_worker.py"))
    defer { worker.quit() }
    Report.environment(workerInfo: try worker.send("info"))
    let runner = Runner(worker: worker, options: options, directory: directory)
    var measurements: [Measurement] = []
    for workload in selected {
        // Progress goes to stderr so stdout stays the report.
        FileHandle.standardError.write(Data("running \(workload.name)…\n".utf8))
        measurements.append(try runner.run(workload))
    }
    Report.table(measurements)
    print("load at the end: \(Machine.loadAverage())")
}

// The same allocator policy as the mlx executable, so the numbers are mlx's.
ProcessMemory.retainLargeAllocations()
// A worker that dies must surface as an error, not kill us through SIGPIPE.
signal(SIGPIPE, SIG_IGN)
let usage = """
    usage: mlx-learn-bench \(BenchmarkOptions.synopsis)

    Fits mlx's estimators and scikit-learn's on the same generated data,
    interleaved, and prints medians, speedups (scikit-learn median / mlx
    median) and the quality (accuracy, R², inertia) each side reached.
    """
runBenchmark(program: "mlx-learn-bench", usage: usage) {
    try benchmark(try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()), warmups: 1))
}
