import ArgumentParser
import Numerics

/// The `mlx` command: an experiment notebook for machine learning.
@main
struct MLXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlx",
        abstract: "An experiment notebook for machine learning, in the terminal and in CI.",
        discussion: """
            Shell completion: mlx --generate-completion-script bash|zsh|fish
            """,
        version: MLXVersion.current,
        subcommands: [RunCommand.self, DoctorCommand.self, ReferenceCommand.self]
    )

    static func main() {
        ProcessMemory.retainLargeAllocations()
        main(nil)
    }
}

/// The version of this build of mlx.
enum MLXVersion {
    static let current = "0.1.0"
}
