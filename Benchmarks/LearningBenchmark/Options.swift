import Foundation

/// The command-line options of `mlx-learn-bench`.
///
/// Parsed by hand, as `mlx-bench` does: the benchmark needs only the
/// Learning layer, not swift-argument-parser.
struct Options {
    /// Timed samples per side; nil keeps each workload's own count (fewer for
    /// the slow ones, so the whole run stays near ten minutes on 2 cores).
    var samples: Int?
    /// Untimed fits per side before sampling; they also touch the memory.
    var warmups = 1
    /// Seconds to wait before each timed fit, so the other process's BLAS
    /// threads stop spinning and leave both cores to the side being timed.
    /// Well under the ~2 s after which idle memory goes back to the hypervisor.
    var pause = 0.2
    /// Only workloads whose name contains this string.
    var filter: String?
    /// The Python interpreter that runs the scikit-learn worker.
    var python = FileManager.default.isExecutableFile(atPath: ".venv/bin/python") ? ".venv/bin/python" : "python3"
    /// Print the workloads and exit.
    var list = false

    static let usage = """
        usage: mlx-learn-bench [--samples N] [--warmups N] [--pause SECONDS] [--filter NAME] [--python PATH] [--list]

        Fits mlx's estimators and scikit-learn's on the same generated data,
        interleaved, and prints medians, speedups (scikit-learn median / mlx
        median) and the quality (accuracy, R², inertia) each side reached.
        """

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
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
