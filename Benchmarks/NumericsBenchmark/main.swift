import BenchmarkSupport
import Foundation
import Numerics

// mlx-bench: mlx's kernels and numpy's on the same inputs, interleaved, in
// one invocation. See docs/benchmarks.md for how the numbers are taken.

/// Runs the selected workloads and prints environment and table.
func benchmark(_ options: BenchmarkOptions) throws {
    let selected = workloads.filter { options.filter.map($0.name.contains) ?? true }
    if options.list {
        for w in workloads { print("\(w.name): \(w.title) — numpy `\(w.numpy)`, mlx `\(w.mlxCall)`") }
        return
    }
    guard !selected.isEmpty else { throw BenchmarkError.badOption("no workload matches '\(options.filter ?? "")'") }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let worker = try PythonWorker(python: options.python, script: PythonWorker.scriptPath("numpy_worker.py"))
    defer { worker.quit() }
    Report.environment(numpyInfo: try worker.send("info"))
    let runner = Runner(worker: worker, options: options, directory: directory)
    var measurements: [Measurement] = []
    for workload in selected {
        // Progress goes to stderr so stdout stays the report.
        FileHandle.standardError.write(Data("running \(workload.name)…\n".utf8))
        measurements.append(try runner.run(workload))
    }
    Report.table(measurements, samples: options.samples ?? 11)
    print("load at the end: \(Machine.loadAverage())")
}

// The same allocator policy as the mlx executable, so the numbers are mlx's.
ProcessMemory.retainLargeAllocations()
// A worker that dies must surface as an error, not kill us through SIGPIPE.
signal(SIGPIPE, SIG_IGN)
let usage = """
    usage: mlx-bench \(BenchmarkOptions.synopsis)

    Runs mlx's kernels and numpy's on the same inputs, interleaved, and prints
    medians and speedups (numpy median / mlx median).
    """
runBenchmark(program: "mlx-bench", usage: usage) {
    try benchmark(try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()), warmups: 2))
}
