import BenchmarkSupport
import Foundation
import Numerics

/// Printing: the environment of both sides, then the table.
enum Report {
    /// CPU, mlx's BLAS as OpenBLAS reports it, numpy's as threadpoolctl does.
    static func environment(numpyInfo: String) {
        let mlx = NumericEnvironment.current()
        print("== environment")
        print("date:   \(ISO8601DateFormatter().string(from: Date()))")
        print("cpu:    \(Machine.cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores available")
        print("mlx:    \(mlx.blasLibrary), kernel \(mlx.blasKernel), \(mlx.blasThreads) threads, "
            + "OPENBLAS_CORETYPE=\(mlx.forcedCoreType ?? "(unset)"), "
            + "OPENBLAS_L2_SIZE=\(ProcessInfo.processInfo.environment["OPENBLAS_L2_SIZE"] ?? "(unset)")")
        print("        config: \(mlx.blasConfiguration)")
        print("numpy:  \(describeNumpy(numpyInfo))")
        print("load:   \(Machine.loadAverage()) (other processes share the cores: a high load makes medians noisy)")
        print()
    }

    /// numpy's version and each BLAS threadpoolctl found, from the worker's JSON.
    private static func describeNumpy(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
        let libraries = (object["blas"] as? [[String: Any]] ?? []).map { lib in
            "\(lib["internal_api"] ?? "?") \(lib["version"] ?? "?"), kernel \(lib["architecture"] ?? "?"), "
                + "\(lib["num_threads"] ?? "?") threads (\(lib["threading_layer"] ?? "?"))"
        }
        return "numpy \(object["numpy"] ?? "?") (Python \(object["python"] ?? "?")), "
            + (libraries.isEmpty ? "no BLAS found by threadpoolctl" : libraries.joined(separator: "; "))
            + ", OPENBLAS_CORETYPE=\(object["OPENBLAS_CORETYPE"] as? String ?? "(unset)")"
    }

    /// The results: medians and minima per side, speedup, target, verdict.
    static func table(_ measurements: [Measurement], samples: Int) {
        print("== results (\(samples) interleaved samples per side; speedup = numpy median / mlx median)")
        let header = [TextCell.pad("workload", 28), TextCell.lpad("numpy median", 13), TextCell.lpad("(min)", 12), TextCell.lpad("mlx median", 13),
                      TextCell.lpad("(min)", 12), TextCell.lpad("speedup", 9), TextCell.lpad("target", 8), "  met"]
        print(header.joined())
        for m in measurements { print(row(m)) }
        for m in measurements {
            guard let flops = m.workload.flops else { continue }
            print(String(format: "%@: numpy %.1f GFLOP/s, mlx %.1f GFLOP/s (medians)",
                         m.workload.name, flops / m.numpyMedian / 1e9, flops / m.mlxMedian / 1e9))
        }
    }

    private static func row(_ m: Measurement) -> String {
        let target = m.workload.target
        let verdict = target.map { m.speedup >= $0 ? "yes" : "NO" } ?? "-"
        return [TextCell.pad(m.workload.title, 28), TextCell.lpad(TextCell.time(m.numpyMedian), 13), TextCell.lpad("(\(TextCell.time(m.numpy.min()!)))", 12),
                TextCell.lpad(TextCell.time(m.mlxMedian), 13), TextCell.lpad("(\(TextCell.time(m.mlx.min()!)))", 12),
                TextCell.lpad(String(format: "%.2f×", m.speedup), 9),
                TextCell.lpad(target.map { String(format: "≥%.1f×", $0) } ?? "-", 8), "  " + verdict].joined()
    }
}
