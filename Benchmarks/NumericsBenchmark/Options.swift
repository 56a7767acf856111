import Foundation

/// The command-line options of `mlx-bench`.
///
/// Parsed by hand: the target deliberately does not depend on
/// swift-argument-parser, so the benchmark builds with the numeric core alone.
struct Options {
    /// Timed samples per side and workload.
    var samples = 11
    /// Untimed runs per side before sampling; they also touch the memory.
    var warmups = 2
    /// Seconds to wait before each timed run, so the other process's BLAS
    /// threads stop spinning (OpenBLAS busy-waits after a call) and leave both
    /// cores to the side being timed. Well under the ~2 s after which idle
    /// memory goes back to the hypervisor.
    var pause = 0.2
    /// Only workloads whose name contains this string.
    var filter: String?
    /// The Python interpreter that runs the numpy worker.
    var python = FileManager.default.isExecutableFile(atPath: ".venv/bin/python") ? ".venv/bin/python" : "python3"
    /// Print the workloads and exit.
    var list = false

    static let usage = """
        usage: mlx-bench [--samples N] [--warmups N] [--pause SECONDS] [--filter NAME] [--python PATH] [--list]

        Runs mlx's kernels and numpy's on the same inputs, interleaved, and prints
        medians and speedups (numpy median / mlx median).
        """

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--samples": options.samples = try positive(flag, rest.popFirst())
            case "--warmups": options.warmups = try positive(flag, rest.popFirst(), allowZero: true)
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

    private static func positive(_ flag: String, _ word: String?, allowZero: Bool = false) throws -> Int {
        let text = try value(flag, word)
        guard let n = Int(text), n > 0 || (allowZero && n == 0) else {
            throw BenchmarkError.badOption("\(flag) needs a \(allowZero ? "non-negative" : "positive") integer, got \(text)")
        }
        return n
    }
}

/// Why the benchmark stopped.
enum BenchmarkError: Error, CustomStringConvertible {
    case usage
    case badOption(String)
    case worker(String)
    case mismatch(String)

    var description: String {
        switch self {
        case .usage: return Options.usage
        case .badOption(let message): return "mlx-bench: \(message)\n\n\(Options.usage)"
        case .worker(let message): return "mlx-bench: numpy worker: \(message)"
        case .mismatch(let message): return "mlx-bench: results differ: \(message)"
        }
    }
}
