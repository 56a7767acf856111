import Foundation
import Language
import Numerics

/// The sections after the cells: what the run was given, what it measured,
/// what it read and trained, and where it ran.
extension RunReport {
    static func sections(of run: RunRecord) -> [Section] {
        [parameters(run), metrics(run), data(run), models(run), environment(run), git(run)].compactMap { $0 }.filter { !$0.rows.isEmpty }
    }

    private static func parameters(_ run: RunRecord) -> Section {
        Section(
            title: "parameters", headings: ["name", "value", ""],
            rows: run.parameters.map { [$0.name, $0.value, $0.overridden ? "(--set)" : ""] })
    }

    private static func metrics(_ run: RunRecord) -> Section {
        Section(
            title: "metrics", headings: ["name", "value", "cell"],
            rows: run.latestMetricReports.map { [$0.name, formatNumber($0.value), cellLabel($0.cell)] })
    }

    private static func data(_ run: RunRecord) -> Section {
        Section(
            title: "data", headings: ["path", "sha256", "size", "rows", "columns", "snapshot"],
            rows: run.inputs.map { input in
                let file = input.fingerprint
                let snapshot = input.snapshot == nil ? "not kept" : "kept"
                let size = byteSize(file.byteCount)
                return [input.path, String(file.sha256.prefix(12)), size, String(file.rowCount), String(file.schema.count), snapshot]
            })
    }

    private static func models(_ run: RunRecord) -> Section {
        Section(
            title: "models", headings: ["cell", "estimator", "object"],
            rows: run.models.map { [cellLabel($0.cell), $0.estimator, String($0.object.prefix(12))] })
    }

    private static func environment(_ run: RunRecord) -> Section {
        let system = run.environment, numeric = system.numeric
        let rows = [
            ["mlx", system.mlxVersion],
            ["os", system.operatingSystem],
            ["kernel", system.kernelRelease],
            ["cpu", "\(system.cpuModel), \(system.cpuCores) \(system.cpuCores == 1 ? "core" : "cores")"],
            ["cpu features", system.cpuFeatures.isEmpty ? "none recorded" : system.cpuFeatures.joined(separator: " ")],
            ["blas", numeric.blasLibrary],
            ["blas kernel", numeric.blasKernel],
            ["blas threads", String(numeric.blasThreads)],
            ["OPENBLAS_CORETYPE", numeric.forcedCoreType ?? "not set"],
            ["random generator", run.randomAlgorithm],
            ["working directory", run.workingDirectory],
        ]
        return Section(title: "environment", headings: nil, rows: rows)
    }

    private static func git(_ run: RunRecord) -> Section? {
        guard let git = run.git else { return nil }
        let tree = git.dirty ? "dirty: tracked files had uncommitted changes" : "clean"
        return Section(title: "git", headings: nil, rows: [["commit", git.commit], ["working tree", tree]])
    }

    /// `[n]` for cell number `n`.
    static func cellLabel(_ number: Int) -> String { "[\(number)]" }

    /// `950 B`, `3.8 KiB`, `12.0 MiB`.
    public static func byteSize(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count), unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f ", value) + units[unit]
    }
}
