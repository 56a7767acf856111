import Foundation
import Numerics

/// Printing: the environment of both sides, then the table.
enum Report {
    /// CPU, mlx's BLAS as OpenBLAS reports it, numpy's as threadpoolctl does.
    static func environment(numpyInfo: String) {
        let mlx = NumericEnvironment.current()
        print("== environment")
        print("date:   \(ISO8601DateFormatter().string(from: Date()))")
        print("cpu:    \(cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores available")
        print("mlx:    \(mlx.blasLibrary), kernel \(mlx.blasKernel), \(mlx.blasThreads) threads, "
            + "OPENBLAS_CORETYPE=\(mlx.forcedCoreType ?? "(unset)"), "
            + "OPENBLAS_L2_SIZE=\(ProcessInfo.processInfo.environment["OPENBLAS_L2_SIZE"] ?? "(unset)")")
        print("        config: \(mlx.blasConfiguration)")
        print("numpy:  \(describeNumpy(numpyInfo))")
        print("load:   \(loadAverage()) (other processes share the cores: a high load makes medians noisy)")
        print()
    }

    /// The 1/5/15-minute load averages, to show whether the machine was busy.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The first "model name" of /proc/cpuinfo, plus whether AVX-512 is there,
    /// since a forced kernel (OPENBLAS_CORETYPE) may not use it.
    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let lines = text.split(separator: "\n")
        let model = lines.first { $0.hasPrefix("model name") }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
        let flags = lines.first { $0.hasPrefix("flags") } ?? ""
        let vector = flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : "no AVX2"
        return "\(model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown") (\(vector))"
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
        let header = [pad("workload", 28), lpad("numpy median", 13), lpad("(min)", 12), lpad("mlx median", 13),
                      lpad("(min)", 12), lpad("speedup", 9), lpad("target", 8), "  met"]
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
        return [pad(m.workload.title, 28), lpad(time(m.numpyMedian), 13), lpad("(\(time(m.numpy.min()!)))", 12),
                lpad(time(m.mlxMedian), 13), lpad("(\(time(m.mlx.min()!)))", 12),
                lpad(String(format: "%.2f×", m.speedup), 9),
                lpad(target.map { String(format: "≥%.1f×", $0) } ?? "-", 8), "  " + verdict].joined()
    }

    static func time(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.3f s", seconds)
            : seconds >= 1e-3 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.1f µs", seconds * 1e6)
    }

    // Padding counts characters, not bytes, so "×" and "µ" line up.
    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
