import ArgumentParser
import Language

/// `mlx reference`: the built-in functions as Markdown (docs/reference.md).
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Print the reference of statements and built-in functions as Markdown."
    )

    func run() {
        print(Builtins.reference(), terminator: "")
    }
}
