/// Why a benchmark stopped; `main` prints it with the program's name and usage.
public enum BenchmarkError: Error, CustomStringConvertible {
    /// `--help`, or arguments that make no sense: print the usage.
    case usage
    case badOption(String)
    /// The Python side failed or died.
    case worker(String)
    /// The two sides computed different results, so their times are not comparable.
    case mismatch(String)
    case failed(String)

    public var description: String {
        switch self {
        case .usage: return "usage"
        case .badOption(let message): return message
        case .worker(let message): return "worker: \(message)"
        case .mismatch(let message): return "results differ: \(message)"
        case .failed(let message): return message
        }
    }
}
