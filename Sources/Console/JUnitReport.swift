import Foundation
import Language
import Runs

/// JUnit XML for CI systems: each assert is a test case; a runtime or syntax
/// error is a test case with an `<error>`.
public enum JUnitReport {
    public static func xml(scriptName: String, outcome: ScriptRunner.Outcome, duration: Double) -> String {
        let className = attribute(className(ofScript: scriptName))
        var cases = [String]()
        for result in outcome.assertions {
            let o = result.outcome
            let name = attribute("line \(o.line): assert \(o.expression)")
            var body = ""
            if !result.passed {
                var detail = o.message ?? "assert failed"
                if let l = o.left, let r = o.right { detail += "\nleft:  \(l)\nright: \(r)" }
                body = "\n      <failure message=\"\(attribute(o.message ?? "assert failed: " + o.expression))\" type=\"AssertionFailure\">\(escape("\(o.source.name):\(o.line): " + detail))</failure>\n    "
            }
            cases.append("    <testcase classname=\"\(className)\" name=\"\(name)\" file=\"\(attribute(o.source.name))\" line=\"\(o.line)\">\(body)</testcase>")
        }
        for error in outcome.errors {
            let kind = outcome.status == .syntaxError ? "SyntaxError" : "RuntimeError"
            cases.append("""
                    <testcase classname="\(className)" name="\(attribute("line \(error.line): \(kind)"))" file="\(attribute(error.source.name))" line="\(error.line)">
                      <error message="\(attribute(error.message))" type="\(kind)">\(escape(DiagnosticRenderer().render(error)))</error>
                    </testcase>
                """)
        }
        let failures = outcome.assertions.filter { !$0.passed }.count
        let errors = outcome.errors.count
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="mlx" tests="\(cases.count)" failures="\(failures)" errors="\(errors)" time="\(String(format: "%.3f", duration))">
              <testsuite name="\(attribute(scriptName))" tests="\(cases.count)" failures="\(failures)" errors="\(errors)" skipped="0" time="\(String(format: "%.3f", duration))">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
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
