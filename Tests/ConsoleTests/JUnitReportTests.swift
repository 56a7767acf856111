import Foundation
import Testing
import Language
@testable import Console

@Suite struct JUnitReportTests {
    static func report(_ script: String, name: String = "gate.mlx") -> String {
        let runner = ScriptRunner(output: CapturedOutput())
        let interpreter = Interpreter(host: FileSystemHost(workingDirectory: ScriptCorpusTests.repositoryRoot.path), sink: runner)
        let outcome = runner.run(SourceFile(name: name, text: script), with: interpreter)
        return JUnitReport.xml(scriptName: name, outcome: outcome, duration: 0.25)
    }

    static let gate = """
        x = 3
        assert x > 2, "x is big enough"
        assert x == 4, "x is four & <exact>"
        y = 1 / 0
        """

    @Test func assertsAreTestCasesAndErrorsAreErrors() {
        let xml = Self.report(Self.gate)
        #expect(xml.contains(#"<testsuite name="gate.mlx" tests="3" failures="1" errors="1" skipped="0" time="0.250">"#))
        #expect(xml.contains(#"name="line 2: assert x &gt; 2" file="gate.mlx" line="2"></testcase>"#))
        #expect(xml.contains(#"<failure message="x is four &amp; &lt;exact&gt;" type="AssertionFailure">gate.mlx:3: x is four &amp; &lt;exact&gt;"#))
        #expect(xml.contains(#"<error message="division by zero" type="RuntimeError">"#))
    }

    @Test func controlCharactersAreReplaced() {
        #expect(JUnitReport.escape("a\u{1}b\u{FFFE}") == "a\u{FFFD}b\u{FFFD}")
    }

    @Test(.enabled(if: PythonChecker.isAvailable, "needs .venv from dev/test (junitparser)"))
    func junitparserReadsTheReport() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-junit-\(getpid()).xml").path
        try Self.report(Self.gate).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let summary = try PythonChecker.run("""
            import sys
            from junitparser import JUnitXml, Failure, Error
            xml = JUnitXml.fromfile(sys.argv[1])
            for suite in xml:
                for case in suite:
                    kinds = [type(r).__name__ for r in case.result]
                    print(suite.name, case.name, case.classname, ",".join(kinds) or "passed")
                print("totals", suite.tests, suite.failures, suite.errors)
            """, arguments: [path])
        #expect(summary == """
            gate.mlx line 2: assert x > 2 gate.mlx passed
            gate.mlx line 3: assert x == 4 gate.mlx Failure
            gate.mlx line 4: RuntimeError gate.mlx Error
            totals 3 1 1

            """)
    }
}
