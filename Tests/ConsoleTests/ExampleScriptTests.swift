import Foundation
import Testing
import Language
import Runs
@testable import Console

/// Every example in scripts/ must run cleanly, and docs/reference.md must be
/// what the built-in table says.
@Suite struct ExampleScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var examples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scripts").path)) ?? [])
            .filter { $0.hasSuffix(".mlx") }.sorted()
    }

    /// The repository's files, and a registry in a store of its own for `deploy`.
    static func host(store: RunStore? = nil, lineage recorder: RunRecorder? = nil) -> FileSystemHost {
        var host = FileSystemHost(workingDirectory: root.path)
        let location = store?.directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("mlx-examples-\(UUID().uuidString)").path
        host.deployer = { request in try ModelRegistry(store: try RunStore(directory: location)).deploy(request, lineage: recorder?.record) }
        return host
    }

    @Test func thereAreExamples() { #expect(Self.examples.count >= 2) }

    @Test(arguments: examples)
    func exampleRunsCleanly(_ name: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("scripts/\(name)"), encoding: .utf8)
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let interpreter = Interpreter(host: Self.host(), sink: runner)
        let outcome = runner.run(SourceFile(name: "scripts/\(name)", text: text), with: interpreter)
        #expect(outcome.status == .success, "scripts/\(name):\n\(output.err)")
        #expect(output.err.isEmpty, "scripts/\(name) wrote to standard error:\n\(output.err)")
    }

    @Test func referenceDocumentIsCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/reference.md"), encoding: .utf8)
        #expect(committed == Builtins.reference(), "run: mlx reference > docs/reference.md")
    }
}
