import ArgumentParser
import Foundation
import Numerics
import Runs

/// `mlx doctor`: shows the numeric environment and checks that BLAS and
/// LAPACK give correct answers on this machine.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show the numeric environment and verify BLAS/LAPACK results on this machine.",
        discussion: "Exits with status 1 when a check fails."
    )

    func run() throws {
        printEnvironment()
        let results = NumericSelfCheck.all.map { check in (check, Result { try check.run() }) }
        var failures = 0
        print("")
        print("checks")
        for (check, result) in results {
            switch result {
            case .success(let outcome):
                if !outcome.passed { failures += 1 }
                print("  \(outcome.passed ? "ok  " : "FAIL") \(check.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(outcome.detail)")
            case .failure(let error):
                failures += 1
                print("  FAIL \(check.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(error)")
            }
        }
        print("")
        print(failures == 0 ? "all \(results.count) checks passed" : "\(failures) of \(results.count) checks failed")
        if failures > 0 { throw ExitCode(1) }
    }

    private func printEnvironment() {
        let system = RunEnvironment.current(mlxVersion: MLXVersion.current)
        let numeric = system.numeric
        print("mlx \(MLXVersion.current)")
        print("  os           \(system.operatingSystem), kernel \(system.kernelRelease)")
        print("  cpu          \(system.cpuModel) (\(system.cpuCores) \(system.cpuCores == 1 ? "core" : "cores"); \(system.cpuFeatures.joined(separator: " ")))")
        print("  blas         \(numeric.blasLibrary), kernel \(numeric.blasKernel), \(numeric.blasThreads) threads")
        print("  coretype     \(numeric.forcedCoreType.map { "OPENBLAS_CORETYPE=\($0)" } ?? "chosen by OpenBLAS")")
    }
}
