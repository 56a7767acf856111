import BenchmarkSupport
import Foundation

// mlx-runs-bench: the run store's commands as a person meets them, as whole
// processes. See docs/benchmarks.md.

/// What to run and how often.
struct Options {
    var mlx = ".build/release/mlx"
    var store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-runs-bench-store").path
    var runs = 10_000
    var samples = 11
    var repetitions = 200
    var skipOverhead = false

    static let synopsis = "[--mlx PATH] [--store PATH] [--runs N] [--samples N] [--repetitions N] [--skip-overhead]"

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let word = rest.popFirst() else { throw BenchmarkError.badOption("\(flag) needs a value") }
            return word
        }
        func count(_ flag: String, atLeast minimum: Int) throws -> Int {
            let text = try value(flag)
            guard let n = Int(text), n >= minimum else { throw BenchmarkError.badOption("\(flag) needs an integer ≥ \(minimum), got \(text)") }
            return n
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--mlx": options.mlx = try value(flag)
            case "--store": options.store = try value(flag)
            case "--runs": options.runs = try count(flag, atLeast: 2)
            case "--samples": options.samples = try count(flag, atLeast: 7)
            case "--repetitions": options.repetitions = try count(flag, atLeast: 15)
            case "--skip-overhead": options.skipOverhead = true
            case "-h", "--help": throw BenchmarkError.usage
            default: throw BenchmarkError.badOption("unknown option \(flag)")
            }
        }
        return options
    }
}

/// Left-aligned columns, then right-aligned ones; the last column says whether the target is met.
struct TextTable {
    let headings: [String]
    var rows: [[String]] = []
    /// Columns before this one are left-aligned (names).
    var firstNumeric = 1

    func print() {
        let lines = [headings] + rows
        let widths = headings.indices.map { c in lines.map { $0[c].count }.max() ?? 0 }
        for line in lines {
            let cells = line.indices.map { c in
                let padding = String(repeating: " ", count: widths[c] - line[c].count)
                return c < firstNumeric ? line[c] + padding : padding + line[c]
            }
            Swift.print(cells.joined(separator: "  "))
        }
    }
}

func benchmark(_ options: Options) throws {
    let root = FileManager.default.currentDirectoryPath
    let mlx = URL(fileURLWithPath: options.mlx, relativeTo: URL(fileURLWithPath: root)).path
    guard FileManager.default.isExecutableFile(atPath: mlx) else { throw BenchmarkError.failed("no mlx binary at \(mlx): build it with swift build -c release") }
    guard FileManager.default.fileExists(atPath: root + "/scripts") else { throw BenchmarkError.failed("run it from the repository root: the example scripts read datasets/") }
    let store = try StoreBuilder.ensure(options.store, count: options.runs)
    let runs = try store.count()
    print("store:   \(options.store), \(runs) runs of 10 cells and 8 metrics each")
    print("cpu:     \(Machine.cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores; load \(Machine.loadAverage())")
    print("samples: \(options.samples) per command, interleaved, after 2 warm-ups; mlx \(options.mlx)\n")
    try queries(mlx: mlx, store: options.store, runs: runs, samples: options.samples).print()
    if !options.skipOverhead {
        print("")
        try Overhead.table(mlx: mlx, root: root, repetitions: options.repetitions).print()
    }
    print("\nload at the end: \(Machine.loadAverage())")
}

/// `mlx runs` in its common forms and `mlx diff` of the last two runs.
func queries(mlx: String, store: String, runs: Int, samples: Int) throws -> TextTable {
    let commands = [
        (Command(name: "mlx runs (newest 20)", arguments: ["runs", "--store", store]), 0.100),
        (Command(name: "mlx runs --all (\(runs) rows)", arguments: ["runs", "--all", "--store", store]), 0.100),
        (Command(name: "mlx runs --where 'accuracy > 0.95' --sort f1 --desc", arguments: ["runs", "--where", "accuracy > 0.95", "--sort", "f1", "--desc", "--store", store]), 0.100),
        (Command(name: "mlx runs --sort log_loss --all", arguments: ["runs", "--sort", "log_loss", "--all", "--store", store]), 0.100),
        (Command(name: "mlx diff last~1 last", arguments: ["diff", "last~1", "last", "--store", store]), 0.050),
    ]
    let samples = try Interleaved(executable: mlx).samples(commands.map(\.0), count: samples, warmups: 2)
    var table = TextTable(headings: ["command", "median", "min", "target", "met"])
    for (entry, timings) in zip(commands, samples) {
        let (command, target) = entry
        let times = timings.map(\.wall)
        let typical = median(times)
        table.rows.append([command.name, TextCell.time(typical), TextCell.time(times.min()!), "< \(Int(target * 1000)) ms", typical < target ? "yes" : "NO"])
    }
    return table
}

signal(SIGPIPE, SIG_IGN)
let usage = """
    usage: mlx-runs-bench \(Options.synopsis)

    Times mlx runs and mlx diff as whole processes on a store of --runs runs
    (made through the recorder the first time, then reused), and the wall
    time recording adds to each example script (mlx run with and without
    --no-record, interleaved). Prints medians and whether each target is met.
    Run it from the repository root: the example scripts read datasets/.
    """
runBenchmark(program: "mlx-runs-bench", usage: usage) {
    try benchmark(try Options.parse(Array(CommandLine.arguments.dropFirst())))
}
