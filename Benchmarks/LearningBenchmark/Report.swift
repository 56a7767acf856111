import Foundation
import Learning
import Numerics

/// Printing: the environment of both sides, then the table.
enum Report {
    /// CPU, mlx's BLAS as OpenBLAS reports it, scikit-learn's as threadpoolctl does.
    static func environment(workerInfo: String) {
        let mlx = NumericEnvironment.current()
        print("== environment")
        print("date:     \(ISO8601DateFormatter().string(from: Date()))")
        print("cpu:      \(cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores available")
        print("mlx:      \(mlx.blasLibrary), kernel \(mlx.blasKernel), \(mlx.blasThreads) threads, "
            + "OPENBLAS_CORETYPE=\(mlx.forcedCoreType ?? "(unset)"), "
            + "OPENBLAS_L2_SIZE=\(ProcessInfo.processInfo.environment["OPENBLAS_L2_SIZE"] ?? "(unset)")")
        print("sklearn:  \(describeWorker(workerInfo))")
        print("load:     \(loadAverage()) (other processes share the cores: a high load makes medians noisy)")
        print()
    }

    /// The 1/5/15-minute load averages, to show whether the machine was busy.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let model = text.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
        return model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// Versions and each BLAS threadpoolctl found, from the worker's JSON.
    private static func describeWorker(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
        let libraries = (object["blas"] as? [[String: Any]] ?? []).map { lib in
            "\(lib["internal_api"] ?? "?") \(lib["version"] ?? "?"), kernel \(lib["architecture"] ?? "?"), "
                + "\(lib["num_threads"] ?? "?") threads (\(lib["threading_layer"] ?? "?"))"
        }
        return "scikit-learn \(object["sklearn"] ?? "?"), numpy \(object["numpy"] ?? "?") (Python \(object["python"] ?? "?")), "
            + (libraries.isEmpty ? "no BLAS found by threadpoolctl" : libraries.joined(separator: "; "))
    }

    /// The results: medians and minima per side, speedup, qualities, verdict.
    static func table(_ measurements: [Measurement]) {
        print("== results (interleaved samples; speedup = scikit-learn median / mlx median; met = speedup ≥ 1 at equal or better quality)")
        let header = [pad("workload", 38), lpad("n", 3), lpad("sklearn median", 15), lpad("(min)", 11), lpad("mlx median", 12),
                      lpad("(min)", 11), lpad("speedup", 9), "  ", pad("quality", 9), lpad("sklearn", 12), lpad("mlx", 12), "  met"]
        print(header.joined())
        for m in measurements { print(row(m)) }
        for m in measurements {
            print("  \(m.workload.name): scikit-learn \(m.workload.sklearn); mlx \(m.workload.mlxCall)")
        }
    }

    private static func row(_ m: Measurement) -> String {
        [pad(m.workload.title, 38), lpad("\(m.mlx.count)", 3), lpad(time(m.sklearnMedian), 15), lpad("(\(time(m.sklearn.min()!)))", 11),
         lpad(time(m.mlxMedian), 12), lpad("(\(time(m.mlx.min()!)))", 11), lpad(String(format: "%.2f×", m.speedup), 9), "  ",
         pad(m.workload.quality, 9), lpad(quality(m.sklearnQuality), 12), lpad(quality(m.mlxQuality), 12),
         "  " + (m.met ? "yes" : "NO")].joined()
    }

    private static func quality(_ value: Double) -> String {
        abs(value) >= 1000 ? String(format: "%.1f", value) : String(format: "%.6f", value)
    }

    static func time(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.3f s", seconds) : String(format: "%.1f ms", seconds * 1e3)
    }

    // Padding counts characters, not bytes, so "×" and "²" line up.
    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
