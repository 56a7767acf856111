import Testing
@testable import Tables

@Suite struct LoadingJSONLinesTests {
    @Test func keysBecomeColumnsInFirstSeenOrder() throws {
        let text = """
            {"a": 1, "b": "x", "c": true}

            {"b": "y", "d": 2.5, "a": 2}\r
            {"a": null, "b": "x", "c": false, "d": -1e3}
            """
        let table = try loadText(text, name: "t.jsonl")
        #expect(table.columnNames == ["a", "b", "c", "d"])
        #expect(try cells(table, "a") == [.integer(1), .integer(2), .missing])
        #expect(try cells(table, "b") == [.text("x"), .text("y"), .text("x")])
        #expect(try table.column("b").type == .text)  // 2 distinct in 3 values: more than half
        #expect(try cells(table, "c") == [.boolean(true), .missing, .boolean(false)])
        #expect(try cells(table, "d") == [.missing, .number(2.5), .number(-1000)])
    }

    @Test func stringsStayStringsAndEscapesDecode() throws {
        let table = try loadText("{\"zip\": \"02134\", \"s\": \"a\\\"b\\n\\u00e9\\ud83d\\ude00\"}\n{\"zip\": \"10001\", \"s\": \"t\\tu\"}\n", name: "t.ndjson")
        #expect(try cells(table, "zip") == [.text("02134"), .text("10001")])
        #expect(try cells(table, "s") == [.text("a\"b\né😀"), .text("t\tu")])
    }

    @Test func mixedTypesBecomeTextAsWritten() throws {
        let table = try loadText("{\"v\": 1.50}\n{\"v\": \"x\"}\n{\"v\": true}\n", name: "t.jsonl")
        #expect(try cells(table, "v") == [.text("1.50"), .text("x"), .text("true")])
    }

    @Test func overridesApply() throws {
        let options = LoadOptions(columnTypes: ["v": .number])
        let table = try loadText("{\"v\": 1}\n{\"v\": 2}\n", name: "t.jsonl", options: options)
        #expect(try cells(table, "v") == [.number(1), .number(2)])
        #expect(loadError("{\"v\": 1}\n{\"v\": \"x\"}\n", name: "t.jsonl", options: options) == "t.jsonl:2:7: column 'v': expected a number, found 'x'")
    }

    @Test func formatOption() throws {
        let table = try loadText("{\"v\": 1}\n", name: "data.txt", options: LoadOptions(format: .jsonLines))
        #expect(try cells(table, "v") == [.integer(1)])
    }
}
