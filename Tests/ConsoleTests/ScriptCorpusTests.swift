import Foundation
import Testing
import Language
@testable import Console

/// Walks Tests/ConsoleTests/Scripts: each `.mlx` file states what it must
/// print in comments, and the test runs it and compares exactly.
///
///     # expect: <a line of standard output, in order>
///     # expect error: <a line of standard error, in order>
///     # expect exit: <the exit status code>
@Suite struct ScriptCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".mlx") }.sorted()
    }

    @Test(arguments: scripts)
    func script(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let expectations = Expectations(text)
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let interpreter = Interpreter(host: FileSystemHost(workingDirectory: Self.repositoryRoot.path), sink: runner)
        let outcome = runner.run(SourceFile(name: name, text: text), with: interpreter)
        #expect(output.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) == expectations.output, "standard output of \(name)")
        let errorLines = output.err.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Each expected error line must appear, in order, among the lines written to standard error.
        var remaining = errorLines[...]
        for expected in expectations.errors {
            guard let index = remaining.firstIndex(of: expected) else {
                Issue.record("\(name): missing error line \(expected)\nstandard error was:\n\(output.err)")
                break
            }
            remaining = remaining[(index + 1)...]
        }
        if expectations.errors.isEmpty { #expect(output.err.isEmpty, "unexpected standard error from \(name):\n\(output.err)") }
        #expect(outcome.status.rawValue == expectations.exit, "exit status of \(name)")
    }

    struct Expectations {
        var output = [String]()
        var errors = [String]()
        var exit: Int32 = 0

        init(_ text: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                guard let range = line.range(of: "# expect") else { continue }
                let rest = line[range.upperBound...]
                if rest.hasPrefix(": ") { output.append(String(rest.dropFirst(2))) }
                if rest.hasPrefix(":") && rest.count == 1 { output.append("") }
                if rest.hasPrefix(" error: ") { errors.append(String(rest.dropFirst(8))) }
                if rest.hasPrefix(" exit: ") { exit = Int32(rest.dropFirst(7).trimmingCharacters(in: .whitespaces)) ?? -1 }
            }
        }
    }
}
