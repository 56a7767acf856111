import BenchmarkSupport
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
        print("cpu:      \(Machine.cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores available")
        print("mlx:      \(mlx.blasLibrary), kernel \(mlx.blasKernel), \(mlx.blasThreads) threads, "
            + "OPENBLAS_CORETYPE=\(mlx.forcedCoreType ?? "(unset)"), "
            + "OPENBLAS_L2_SIZE=\(ProcessInfo.processInfo.environment["OPENBLAS_L2_SIZE"] ?? "(unset)")")
        print("sklearn:  \(describeWorker(workerInfo))")
        print("load:     \(Machine.loadAverage()) (other processes share the cores: a high load makes medians noisy)")
        print()
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
        let header = [TextCell.pad("workload", 38), TextCell.lpad("n", 3), TextCell.lpad("sklearn median", 15), TextCell.lpad("(min)", 11), TextCell.lpad("mlx median", 12),
                      TextCell.lpad("(min)", 11), TextCell.lpad("speedup", 9), "  ", TextCell.pad("quality", 9), TextCell.lpad("sklearn", 12), TextCell.lpad("mlx", 12), "  met"]
        print(header.joined())
        for m in measurements { print(row(m)) }
        for m in measurements {
            print("  \(m.workload.name): scikit-learn \(m.workload.sklearn); mlx \(m.workload.mlxCall)")
        }
    }

    private static func row(_ m: Measurement) -> String {
        [TextCell.pad(m.workload.title, 38), TextCell.lpad("\(m.mlx.count)", 3), TextCell.lpad(TextCell.time(m.sklearnMedian), 15), TextCell.lpad("(\(TextCell.time(m.sklearn.min()!)))", 11),
         TextCell.lpad(TextCell.time(m.mlxMedian), 12), TextCell.lpad("(\(TextCell.time(m.mlx.min()!)))", 11), TextCell.lpad(String(format: "%.2f×", m.speedup), 9), "  ",
         TextCell.pad(m.workload.quality, 9), TextCell.lpad(quality(m.sklearnQuality), 12), TextCell.lpad(quality(m.mlxQuality), 12),
         "  " + (m.met ? "yes" : "NO")].joined()
    }

    private static func quality(_ value: Double) -> String {
        abs(value) >= 1000 ? String(format: "%.1f", value) : String(format: "%.6f", value)
    }
}
