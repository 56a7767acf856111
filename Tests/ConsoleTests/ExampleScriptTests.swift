import Foundation
import Testing
import Language
@testable import Console

/// Every example in scripts/ must run cleanly, and docs/reference.md must be
/// what the built-in table says.
@Suite struct ExampleScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var examples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scripts").path)) ?? [])
            .filter { $0.hasSuffix(".mlx") }.sorted()
    }

    @Test func thereAreExamples() { #expect(Self.examples.count >= 2) }

    @Test(arguments: examples)
    func exampleRunsCleanly(_ name: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("scripts/\(name)"), encoding: .utf8)
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let interpreter = Interpreter(host: FileSystemHost(workingDirectory: Self.root.path), sink: runner)
        let outcome = runner.run(SourceFile(name: "scripts/\(name)", text: text), with: interpreter)
        #expect(outcome.status == .success, "scripts/\(name):\n\(output.err)")
        #expect(output.err.isEmpty, "scripts/\(name) wrote to standard error:\n\(output.err)")
    }

    @Test func referenceDocumentIsCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/reference.md"), encoding: .utf8)
        #expect(committed == Builtins.reference(), "run: mlx reference > docs/reference.md")
    }
}
