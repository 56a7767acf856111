import Foundation
import Language
import Runs

/// JUnit XML for CI systems: each assert is a test case; a runtime or syntax
/// error is a test case with an `<error>`.
public enum JUnitReport {
    public static func xml(scriptName: String, outcome: ScriptRunner.Outcome, duration: Double) -> String {
        var cases = [String]()
        for result in outcome.assertions {
            let o = result.outcome
            let name = escape("line \(o.line): assert \(o.expression)")
            var body = ""
            if !result.passed {
                var detail = o.message ?? "assert failed"
                if let l = o.left, let r = o.right { detail += "\nleft:  \(l)\nright: \(r)" }
                body = "\n      <failure message=\"\(escape(o.message ?? "assert failed: " + o.expression))\" type=\"AssertionFailure\">\(escape("\(o.source.name):\(o.line): " + detail))</failure>\n    "
            }
            cases.append("    <testcase classname=\"\(escape(scriptName))\" name=\"\(name)\" file=\"\(escape(o.source.name))\" line=\"\(o.line)\">\(body)</testcase>")
        }
        // The errors the terminal shows, no more.
        let errors = outcome.errors.prefix(DiagnosticRenderer.maximumShown)
        for (error, rendered) in zip(errors, DiagnosticRenderer().renderEach(errors)) {
            let kind = outcome.status == .syntaxError ? "SyntaxError" : "RuntimeError"
            cases.append("""
                    <testcase classname="\(escape(scriptName))" name="\(escape("line \(error.line): \(kind)"))" file="\(escape(error.source.name))" line="\(error.line)">
                      <error message="\(escape(error.message))" type="\(kind)">\(escape(rendered))</error>
                    </testcase>
                """)
        }
        let failures = outcome.assertions.filter { !$0.passed }.count
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="mlx" tests="\(cases.count)" failures="\(failures)" errors="\(errors.count)" time="\(String(format: "%.3f", duration))">
              <testsuite name="\(escape(scriptName))" tests="\(cases.count)" failures="\(failures)" errors="\(errors.count)" skipped="0" time="\(String(format: "%.3f", duration))">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// XML attribute and text escaping; characters XML 1.0 forbids are replaced.
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }
}
