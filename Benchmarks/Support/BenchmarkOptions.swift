import Foundation

/// The command-line options shared by `mlx-bench` and `mlx-learn-bench`.
///
/// Parsed by hand: the benchmarks deliberately do not depend on
/// swift-argument-parser, so they build with the library under test alone.
public struct BenchmarkOptions {
    /// Timed samples per side; nil keeps each benchmark's (or workload's) own count.
    public var samples: Int?
    /// Untimed runs per side before sampling; they also touch the memory.
    public var warmups: Int
    /// Seconds to wait before each timed run, so the other process's BLAS
    /// threads stop spinning (OpenBLAS busy-waits after a call) and leave both
    /// cores to the side being timed. Well under the ~2 s after which idle
    /// memory goes back to the hypervisor.
    public var pause = 0.2
    /// Only workloads whose name contains this string.
    public var filter: String?
    /// The Python interpreter that runs the peer's worker.
    public var python = FileManager.default.isExecutableFile(atPath: ".venv/bin/python") ? ".venv/bin/python" : "python3"
    /// Print the workloads and exit.
    public var list = false

    /// The flags, for usage lines.
    public static let synopsis = "[--samples N] [--warmups N] [--pause SECONDS] [--filter NAME] [--python PATH] [--list]"

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String], warmups: Int) throws -> BenchmarkOptions {
        var options = BenchmarkOptions(warmups: warmups)
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--samples": options.samples = try count(flag, rest.popFirst())
            case "--warmups": options.warmups = try count(flag, rest.popFirst(), allowZero: true)
            case "--pause": options.pause = try seconds(flag, rest.popFirst())
            case "--filter": options.filter = try value(flag, rest.popFirst())
            case "--python": options.python = try value(flag, rest.popFirst())
            case "--list": options.list = true
            case "-h", "--help": throw BenchmarkError.usage
            default: throw BenchmarkError.badOption("unknown option \(flag)")
            }
        }
        return options
    }

    private init(warmups: Int) { self.warmups = warmups }

    private static func value(_ flag: String, _ word: String?) throws -> String {
        guard let word else { throw BenchmarkError.badOption("\(flag) needs a value") }
        return word
    }

    private static func seconds(_ flag: String, _ word: String?) throws -> Double {
        let text = try value(flag, word)
        guard let s = Double(text), s >= 0, s < 2 else {
            throw BenchmarkError.badOption("\(flag) needs seconds in [0, 2), got \(text)")
        }
        return s
    }

    private static func count(_ flag: String, _ word: String?, allowZero: Bool = false) throws -> Int {
        let text = try value(flag, word)
        guard let n = Int(text), n > 0 || (allowZero && n == 0) else {
            throw BenchmarkError.badOption("\(flag) needs a \(allowZero ? "non-negative" : "positive") integer, got \(text)")
        }
        return n
    }
}

/// Runs a benchmark's `main` body, turning its errors into the usual messages and exit status.
public func runBenchmark(program: String, usage: String, _ body: () throws -> Void) -> Never {
    do {
        try body()
        exit(0)
    } catch BenchmarkError.usage {
        print(usage)
        exit(0)
    } catch BenchmarkError.badOption(let message) {
        FileHandle.standardError.write(Data("\(program): \(message)\n\n\(usage)\n".utf8))
        exit(64)
    } catch {
        FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
        exit(1)
    }
}
