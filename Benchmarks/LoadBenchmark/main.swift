import BenchmarkSupport
import Foundation
import Tables

// mlx-load-bench: mlx's CSV loader against pandas, polars and pyarrow on the
// same generated file, one fresh process per load (so each reports its own
// peak memory), samples interleaved. See docs/benchmarks.md.

struct Options {
    var samples = 7
    /// Loads per process: the first is cold, the rest are timed warm.
    var repeats = 4
    var warmups = 1
    var rows = 1_000_000
    var columns = 21
    var pause = 0.3
    var python = FileManager.default.isExecutableFile(atPath: ".venv/bin/python") ? ".venv/bin/python" : "python3"
    var keep: String?

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        func number(_ word: String?) throws -> Int {
            guard let word, let n = Int(word), n >= 0 else { throw BenchmarkError.badOption("expected a non-negative integer, got \(word ?? "nothing")") }
            return n
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--samples": options.samples = max(1, try number(rest.popFirst()))
            case "--warmups": options.warmups = try number(rest.popFirst())
            case "--rows": options.rows = max(1, try number(rest.popFirst()))
            case "--repeats": options.repeats = max(2, try number(rest.popFirst()))
            case "--python": options.python = try rest.popFirst() ?? { throw BenchmarkError.badOption("--python needs a path") }()
            case "--keep": options.keep = rest.popFirst()
            case "-h", "--help": throw BenchmarkError.usage
            default: throw BenchmarkError.badOption("unknown option \(flag)")
            }
        }
        return options
    }
}

/// A contender: how to run one load in a fresh process.
struct Contender {
    let name: String
    let executable: String
    let arguments: [String]
}

func workerScript() -> String {
    let relative = "Benchmarks/load_worker.py"
    if FileManager.default.fileExists(atPath: relative) { return relative }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("load_worker.py").path
}

func benchmark(_ options: Options) throws {
    let path = options.keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("mlx-load-bench-\(getpid()).csv").path
    defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: path) } }
    FileHandle.standardError.write(Data("generating \(options.rows) × \(options.columns) CSV…\n".utf8))
    let size = try InputFile.make(path: path, rows: options.rows, columns: options.columns)
    let me = CommandLine.arguments[0]
    let contenders = [
        Contender(name: "mlx", executable: me, arguments: ["--child", path, String(options.repeats)]),
        Contender(name: "pandas (C engine)", executable: options.python, arguments: [workerScript(), "pandas", path, String(options.repeats)]),
        Contender(name: "polars", executable: options.python, arguments: [workerScript(), "polars", path, String(options.repeats)]),
        Contender(name: "pyarrow.csv", executable: options.python, arguments: [workerScript(), "pyarrow", path, String(options.repeats)]),
    ]
    print("== load benchmark: \(options.rows) × \(options.columns) numeric CSV, \(String(format: "%.1f", Double(size) / 1048576)) MiB")
    print("cpu cores: \(ProcessInfo.processInfo.activeProcessorCount); load average: \(Machine.loadAverage())")
    print("python: \(try versions(options.python))")
    var samples = [String: [Sample]]()
    for round in 0..<(options.warmups + options.samples) {
        for contender in contenders {
            Thread.sleep(forTimeInterval: options.pause)
            let sample = try Sample.run(contender.executable, contender.arguments)
            if round >= options.warmups { samples[contender.name, default: []].append(sample) }
        }
        FileHandle.standardError.write(Data("round \(round + 1)/\(options.warmups + options.samples) done\n".utf8))
    }
    try report(contenders.map(\.name), samples, tableBytes: options.rows * options.columns * 8, repeats: options.repeats)
    print("load average at the end: \(Machine.loadAverage())")
}

func report(_ names: [String], _ samples: [String: [Sample]], tableBytes: Int, repeats: Int) throws {
    let mlxCold = median(samples["mlx"]!.map(\.seconds))
    let mlxWarm = median(samples["mlx"]!.map(\.warmSeconds))
    let reference = samples["mlx"]!.last!
    print("table size: \(String(format: "%.0f", Double(tableBytes) / 1e6)) MB of doubles; \(samples["mlx"]!.count) processes per library, interleaved")
    print("warm = median over processes of the median of loads 2…\(repeats) in one process; cold = the first load in a fresh process")
    print("library              warm median  vs mlx   cold median  vs mlx   peak RSS  added by 1st load  rows     checksum agrees")
    for name in names {
        let list = samples[name]!
        let warm = median(list.map(\.warmSeconds))
        let cold = median(list.map(\.seconds))
        let peak = list.map(\.peakKiB).max()!
        let added = list.map { $0.peakKiB - $0.baselineKiB }.max()!
        let agrees = abs(list.last!.checksum - reference.checksum) <= 1e-6 * max(1, abs(reference.checksum)) && list.last!.rows == reference.rows
        let padded = name.count >= 18 ? name : name + String(repeating: " ", count: 18 - name.count)
        print(padded + String(format: " %9.3f s %6.2f× %11.3f s %6.2f× %7.0f MB %14.0f MB %9d  ", warm, warm / mlxWarm, cold, cold / mlxCold,
                              Double(peak) * 1024 / 1e6, Double(added) * 1024 / 1e6, list.last!.rows) + (agrees ? "yes" : "NO"))
    }
    print("(vs mlx = library median / mlx median: above 1 means mlx is faster; peak RSS is the largest VmHWM over the processes)")
}

func versions(_ python: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [workerScript(), "versions", "-"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}


signal(SIGPIPE, SIG_IGN)
let usage = "usage: mlx-load-bench [--samples N] [--warmups N] [--rows N] [--python PATH] [--keep PATH] | --child FILE REPEATS"
runBenchmark(program: "mlx-load-bench", usage: usage) {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "--child", arguments.count == 3, let repeats = Int(arguments[2]), repeats > 0 {
        try ChildRun.run(path: arguments[1], repeats: repeats)
    } else {
        try benchmark(try Options.parse(arguments))
    }
}
