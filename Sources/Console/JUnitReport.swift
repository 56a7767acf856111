import Foundation
import Language
import Runs

/// JUnit XML for CI systems: each assert is a test case; a runtime or syntax
/// error is a test case with an `<error>`.
public enum JUnitReport {
    public static func xml(scriptName: String, outcome: ScriptRunner.Outcome, duration: Double) -> String {
        var cases = [TestCase]()
        for result in outcome.assertions {
            let o = result.outcome
            var verdict = ""
            if !result.passed {
                var detail = o.message ?? "assert failed"
                if let l = o.left, let r = o.right { detail += "\nleft:  \(l)\nright: \(r)" }
                verdict = "<failure message=\"\(attribute(o.message ?? "assert failed: " + o.expression))\" type=\"AssertionFailure\">\(escape("\(o.source.name):\(o.line): " + detail))</failure>"
            }
            cases.append(TestCase(name: "line \(o.line): assert \(o.expression)", file: o.source.name, line: o.line, verdict: verdict))
        }
        for error in outcome.errors {
            let kind = outcome.status == .syntaxError ? "SyntaxError" : "RuntimeError"
            cases.append(TestCase(
                name: "line \(error.line), column \(error.column): \(kind)", file: error.source.name, line: error.line,
                verdict: "<error message=\"\(attribute(error.message))\" type=\"\(kind)\">\(escape(DiagnosticRenderer().render(error)))</error>"))
        }
        let className = attribute(className(ofScript: scriptName))
        let elements = zip(cases, uniqueNames(cases.map(\.name))).map { testCase, name in
            let verdict = testCase.verdict.isEmpty ? "" : "\n      \(testCase.verdict)\n    "
            return "    <testcase classname=\"\(className)\" name=\"\(attribute(name))\" file=\"\(attribute(testCase.file))\" line=\"\(testCase.line)\">\(verdict)</testcase>"
        }
        let failures = outcome.assertions.filter { !$0.passed }.count
        let errors = outcome.errors.count
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
        let name: String
        let file: String
        let line: Int
        /// The `<failure>` or `<error>` element; empty for a passed assert.
        let verdict: String
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
