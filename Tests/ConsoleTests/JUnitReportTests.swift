import Foundation
import Testing
import Language
@testable import Console

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What an XML parser reads back from a report: each element's name, attributes and text.
final class ParsedXML: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
    }

    private(set) var elements = [Element]()
    private var open = [Int]()

    /// Nil when the parser refuses `xml`.
    static func elements(of xml: String) -> [Element]? {
        let reader = ParsedXML()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        return parser.parse() ? reader.elements : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { elements[current].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }
}

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
        #expect(xml.contains(#"<testcase classname="gate" name="line 2: assert x &gt; 2" file="gate.mlx" line="2"></testcase>"#))
        #expect(xml.contains(#"<failure message="x is four &amp; &lt;exact&gt;" type="AssertionFailure">gate.mlx:3: x is four &amp; &lt;exact&gt;"#))
        #expect(xml.contains(#"<error message="division by zero" type="RuntimeError">"#))
    }

    /// A parser turns raw line breaks and tabs in an attribute into spaces, and a raw CR anywhere into LF.
    @Test func lineBreaksAndTabsReadBackAsWritten() throws {
        let xml = Self.report("assert [1,\n  2] == [1, 3], \"a\\tb\\r\\nc\"\n")
        let elements = try #require(ParsedXML.elements(of: xml))
        let testCase = try #require(elements.first { $0.name == "testcase" })
        #expect(testCase.attributes["name"] == "line 1: assert [1,\n  2] == [1, 3]")
        let failure = try #require(elements.first { $0.name == "failure" })
        #expect(failure.attributes["message"] == "a\tb\r\nc")
        #expect(failure.text.hasPrefix("gate.mlx:1: a\tb\r\nc\n"), "\(failure.text.debugDescription)")
    }

    @Test(arguments: [
        ("scripts/iris_logistic.mlx", "scripts.iris_logistic"), ("./gate.mlx", "gate"), ("/srv/ci//checks/gate.mlx", "srv.ci.checks.gate"),
        ("v1.2/gate", "v1.2.gate"), ("<stdin>", "<stdin>"),
    ])
    func classNameIsThePathWithoutItsExtensionInDottedForm(path: String, className: String) {
        let xml = Self.report("assert 1 == 1\nx = nope\n", name: path)
        #expect(xml.components(separatedBy: "classname=\"\(JUnitReport.attribute(className))\" ").count == 3, "\(xml)")
        #expect(xml.components(separatedBy: "file=\"\(JUnitReport.attribute(path))\"").count == 3)
        #expect(xml.contains("<testsuite name=\"\(JUnitReport.attribute(path))\""))
    }

    /// GitLab keys test cases by classname and name, merging repeats.
    @Test func testCaseNamesAreUnique() throws {
        let loop = try #require(ParsedXML.elements(of: Self.report("for i in [1, 2, 3]:\n    assert i < 2, \"loop\"\nassert 1 == 1\n")))
        #expect(loop.filter { $0.name == "testcase" }.compactMap { $0.attributes["name"] } == [
            "line 2: assert i < 2", "line 2: assert i < 2 (2)", "line 2: assert i < 2 (3)", "line 3: assert 1 == 1",
        ])
        let syntax = try #require(ParsedXML.elements(of: Self.report("x = 1\ny = (2 +\nassert x == 2\n")))
        #expect(syntax.filter { $0.name == "testcase" }.compactMap { $0.attributes["name"] } == [
            "line 2, column 5: SyntaxError", "line 2, column 9: SyntaxError",
        ])
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
            gate.mlx line 2: assert x > 2 gate passed
            gate.mlx line 3: assert x == 4 gate Failure
            gate.mlx line 4, column 5: RuntimeError gate Error
            totals 3 1 1

            """)
    }
}
