import Foundation
import Language
import Runs

/// JUnit XML for CI systems: each assert is a test case; a runtime or syntax
/// error, or what stopped a run before its script ended, is a test case with an `<error>`.
public enum JUnitReport {
    /// Why a run ended before its script did, as an `<error>` test case: so
    /// that the report at the path is this run's, not a passing one left by an earlier run.
    public struct Stop: Sendable {
        let name: String
        let type: String
        let message: String
        /// Where the script was, if a statement was running.
        let line: Int?

        /// A signal (`SIGINT`, `SIGTERM`) stopped the run while the top-level
        /// statement starting at `line` ran, or before one ran.
        public static func interrupted(by signal: String, atLine line: Int?) -> Stop {
            Stop(
                name: "interrupted", type: "Interrupted",
                message: "interrupted by \(signal)" + (line.map { " while the statement at line \($0) ran" } ?? ""), line: line)
        }

        /// The command line was refused before anything ran: the script could
        /// not be read, or a `--set` did not fit it.
        public static func refused(_ message: String) -> Stop {
            Stop(name: "command line", type: "UsageError", message: message, line: nil)
        }
    }

    public static func xml(scriptName: String, outcome: ScriptRunner.Outcome, duration: Double) -> String {
        let kind = outcome.status == .syntaxError ? "SyntaxError" : "RuntimeError"
        // The errors the terminal shows, no more.
        let shown = outcome.errors.prefix(DiagnosticRenderer.maximumShown)
        let errors = zip(shown, DiagnosticRenderer().renderEach(shown)).map { error, rendered in
            TestCase(
                name: "line \(error.line), column \(error.column): \(kind)", file: error.source.name, line: error.line, verdict: .error,
                element: "<error message=\"\(attribute(error.message))\" type=\"\(kind)\">\(escape(rendered))</error>")
        }
        return document(scriptName: scriptName, cases: cases(for: outcome.assertions) + errors, duration: duration)
    }

    /// The report of a run that `stop` ended, with the asserts that ran before it.
    public static func xml(scriptName: String, assertions: [ScriptRunner.AssertionResult], stoppedBy stop: Stop, duration: Double) -> String {
        let place = stop.line.map { "\(scriptName):\($0): " } ?? ""
        let error = TestCase(
            name: stop.name, file: scriptName, line: stop.line, verdict: .error,
            element: "<error message=\"\(attribute(stop.message))\" type=\"\(stop.type)\">\(escape(place + stop.message))</error>")
        return document(scriptName: scriptName, cases: cases(for: assertions) + [error], duration: duration)
    }

    private static func cases(for assertions: [ScriptRunner.AssertionResult]) -> [TestCase] {
        assertions.map { result in
            let o = result.outcome
            let name = "line \(o.line): assert \(o.expression)"
            guard !result.passed else { return TestCase(name: name, file: o.source.name, line: o.line, verdict: .passed, element: "") }
            var detail = o.message ?? "assert failed"
            if let l = o.left, let r = o.right { detail += "\nleft:  \(l)\nright: \(r)" }
            return TestCase(
                name: name, file: o.source.name, line: o.line, verdict: .failure,
                element: "<failure message=\"\(attribute(o.message ?? "assert failed: " + o.expression))\" type=\"AssertionFailure\">\(escape("\(o.source.name):\(o.line): " + detail))</failure>")
        }
    }

    private static func document(scriptName: String, cases: [TestCase], duration: Double) -> String {
        let className = attribute(className(ofScript: scriptName))
        let elements = zip(cases, uniqueNames(cases.map(\.name))).map { testCase, name in
            let line = testCase.line.map { " line=\"\($0)\"" } ?? ""
            let element = testCase.element.isEmpty ? "" : "\n      \(testCase.element)\n    "
            return "    <testcase classname=\"\(className)\" name=\"\(attribute(name))\" file=\"\(attribute(testCase.file))\"\(line)>\(element)</testcase>"
        }
        let failures = cases.filter { $0.verdict == .failure }.count
        let errors = cases.filter { $0.verdict == .error }.count
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="mlx" tests="\(cases.count)" failures="\(failures)" errors="\(errors)" time="\(String(format: "%.3f", duration))">
              <testsuite name="\(attribute(scriptName))" tests="\(cases.count)" failures="\(failures)" errors="\(errors)" skipped="0" time="\(String(format: "%.3f", duration))">
            \(elements.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// One `<testcase>`, before its name is made unique.
    private struct TestCase {
        enum Verdict { case passed, failure, error }

        let name: String
        let file: String
        let line: Int?
        let verdict: Verdict
        /// The `<failure>` or `<error>` element; empty for a passed assert.
        let element: String
    }

    /// `names` in order, a repeat of an earlier one given ` (2)`, ` (3)`, …:
    /// GitLab and others key test cases by classname and name and merge
    /// repeats, so an assert in a loop would count once. The first keeps its
    /// name, so a report's names do not change when a later repeat appears.
    static func uniqueNames(_ names: [String]) -> [String] {
        var used = Set<String>(), repeats = [String: Int]()
        return names.map { name in
            var unique = name, count = repeats[name, default: 1]
            while !used.insert(unique).inserted {
                count += 1
                unique = "\(name) (\(count))"
            }
            repeats[name] = count
            return unique
        }
    }

    /// The test cases' `classname`: the script's path without its extension,
    /// folders joined by `.` (`scripts/iris_logistic.mlx` is
    /// `scripts.iris_logistic`). Jenkins and others take what follows the last
    /// `.` as the class, which for the path itself would be `mlx`.
    static func className(ofScript path: String) -> String {
        var parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
        if let last = parts.popLast() { parts.append((last as NSString).deletingPathExtension) }
        return parts.joined(separator: ".")
    }

    /// Element content; characters XML 1.0 forbids are replaced.
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text, for: .xmlText) }

    /// A quoted attribute value; characters XML 1.0 forbids are replaced.
    static func attribute(_ text: String) -> String { MarkupEscaping.escape(text, for: .xmlAttribute) }
}
