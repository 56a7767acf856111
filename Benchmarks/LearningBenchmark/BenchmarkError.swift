/// Why the benchmark stopped.
enum BenchmarkError: Error, CustomStringConvertible {
    case usage
    case badOption(String)
    case worker(String)

    var description: String {
        switch self {
        case .usage: return Options.usage
        case .badOption(let message): return "mlx-learn-bench: \(message)\n\n\(Options.usage)"
        case .worker(let message): return "mlx-learn-bench: scikit-learn worker: \(message)"
        }
    }
}
