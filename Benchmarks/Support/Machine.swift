import Foundation

/// What the benchmark reports about the machine it ran on.
public enum Machine {
    /// The 1/5/15-minute load averages, to show whether the machine was busy.
    public static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The first "model name" of /proc/cpuinfo, plus whether AVX-512 is there,
    /// since a forced kernel (OPENBLAS_CORETYPE) may not use it.
    public static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let lines = text.split(separator: "\n")
        let model = lines.first { $0.hasPrefix("model name") }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
        let flags = lines.first { $0.hasPrefix("flags") } ?? ""
        let vector = flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : "no AVX2"
        return "\(model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown") (\(vector))"
    }
}

/// Fixed-width text cells; widths count characters, not bytes, so "×" and "µ" line up.
public enum TextCell {
    public static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    public static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    /// Seconds as s, ms or µs with three or so significant digits.
    public static func time(_ seconds: Double) -> String {
        seconds >= 1 ? String(format: "%.3f s", seconds)
            : seconds >= 1e-3 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.1f µs", seconds * 1e6)
    }
}
