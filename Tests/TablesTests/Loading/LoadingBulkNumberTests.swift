import Testing
import Numerics
@testable import Tables

/// Runs of records made only of short plain numbers are read in bulk, the
/// records in between by the general path, switching back and forth mid-chunk.
/// Whatever mix read them, each cell must be `Double(text)` or `Int64(text)`
/// of its field exactly, and errors must be those of the general path.
@Suite struct LoadingBulkNumberTests {
    /// A CSV with a number column, an integer column and a second number column whose
    /// fields are mostly of the bulk shape, with every kind of field the bulk reader
    /// refuses sprinkled in; and each column's cells as the test expects them.
    private struct Mixed {
        var text = "a,b,c\n"
        var expected: [[String]] = [[], [], []]
    }

    private static func mixed(rows: Int, seed: UInt64, delimiter: String = ",") -> Mixed {
        var generator = RandomGenerator(seed: seed)
        func next(_ n: UInt64) -> Int { Int(generator.next() % n) }
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(next(10))) }) }
        func shortInteger() -> String { next(4) == 0 ? "0" : String(next(9) + 1) + digits(next(7)) }
        func shortDecimal() -> String { ["", "-", "+"][next(3)] + shortInteger() + "." + digits(next(8)) }
        var mixed = Mixed()
        mixed.text = ["a", "b", "c"].joined(separator: delimiter) + "\n"
        for row in 0..<rows {
            let oddA = next(8) == 0, oddB = next(16) == 0
            let a = !oddA || row == 0 ? shortDecimal()
                : ["1.5e3", "-2E-2", "12345678.5", "1.12345678", " 2.5", "3.75 ", "\"4.125\"", "", "NA", "inf", "-0", "7",
                   "0.5", "-.25", "5.", "-7.", "12345678", "0.1234567", "+.5", "1234567.1"][next(20)]
            let b = !oddB || row == 0 ? ["", "-", "+"][next(3)] + shortInteger()
                : ["123456789012", "-98765432", "", "NA", " 42", "\"17\""][next(6)]
            let c = shortDecimal()
            let end = next(7) == 0 ? "\r\n" : "\n"
            mixed.text += [a, b, c].joined(separator: delimiter) + end
            if next(50) == 0 { mixed.text += next(2) == 0 ? "\n" : "  \r\n" }
            for (column, field) in [a, b, c].enumerated() {
                mixed.expected[column].append(expectedCell(field, integer: column == 1))
            }
        }
        return mixed
    }

    /// A field's cell, worked out from its text alone.
    private static func expectedCell(_ field: String, integer: Bool) -> String {
        let bare = field.trimmingBlanks.trimmingCharacters(in: "\"")
        if ["", "NA"].contains(bare) { return "missing" }
        if integer { return "integer \(Int64(bare)!)" }
        return "number \(Double(bare)!.bitPattern)"
    }

    private static func rendered(_ table: Table, _ name: String) throws -> [String] {
        try cells(table, name).map { cell in
            switch cell {
            case .missing: return "missing"
            case .number(let x): return "number \(x.bitPattern)"
            case .integer(let i): return "integer \(i)"
            case .boolean(let b): return "boolean \(b)"
            case .text(let s): return "text \(s)"
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func mixedRecordsReadExactly(seed: UInt64) throws {
        let mixed = Self.mixed(rows: 3000, seed: seed)
        let table = try loadText(mixed.text)
        #expect(table.rowCount == 3000)
        for (column, name) in ["a", "b", "c"].enumerated() {
            let cells = try Self.rendered(table, name)
            let firstDifference = zip(cells, mixed.expected[column]).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(firstDifference == nil, "column \(name), row \(firstDifference?.offset ?? -1): \(String(describing: firstDifference?.element))")
        }
    }

    /// Chunk boundaries fall everywhere, including within the last bytes of the input,
    /// where the bulk reader has no room to read ahead and leaves the rest to the general path.
    @Test func everyChunkSizeReadsTheSame() {
        let bytes = Array(Self.mixed(rows: 400, seed: 9).text.utf8)
        let sequential = readCSV(bytes, workers: 1, chunkSize: 1 << 30)
        #expect(sequential.error == nil)
        for chunkSize in [64, 97, 200, 1000, 4096] {
            #expect(readCSV(bytes, workers: 2, chunkSize: chunkSize) == sequential, "chunk size \(chunkSize)")
        }
    }

    @Test func otherDelimiters() throws {
        for delimiter in [";", "\t", "|"] {
            let mixed = Self.mixed(rows: 500, seed: 4, delimiter: delimiter)
            let options = LoadOptions(delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!))
            let table = try TableLoader.load(data: Array(mixed.text.utf8), name: "t.csv", options: options).table
            #expect(try Self.rendered(table, "c") == mixed.expected[2], "delimiter \(delimiter.debugDescription)")
        }
    }

    /// A code with a leading zero after a long run of numbers turns the column to text with
    /// every earlier field kept as written; under a stated number type it is a number.
    @Test func leadingZeroLateInARun() throws {
        var text = "x,y\n"
        var fields = [String]()
        for i in 0..<600 {
            let x = i == 450 ? "0123" : "\(i % 97).\(i % 13)"
            fields.append(x)
            text += "\(x),\(i)\n"
        }
        let table = try loadText(text)
        #expect(try Self.rendered(table, "x") == fields.map { "text \($0)" })
        #expect(try Self.rendered(table, "y") == (0..<600).map { "integer \($0)" })

        let stated = try loadText(text, options: LoadOptions(columnTypes: ["x": .number]))
        #expect(try Self.rendered(stated, "x") == fields.map { "number \(Double($0)!.bitPattern)" })
    }

    /// An integer column that meets a decimal after a bulk run becomes a number column.
    @Test func integersTurnToNumbersMidRun() throws {
        let values = (0..<500).map { $0 == 321 ? "2.5" : "\($0 * 7 - 900)" }
        let table = try loadText("n,m\n" + values.map { "\($0),1.5\n" }.joined())
        #expect(try Self.rendered(table, "n") == values.map { "number \(Double($0)!.bitPattern)" })
    }

    /// "-0" read while a column still held integers is -0.0 once the column turns numeric,
    /// as `Double("-0")` is: the result must not depend on where chunks begin.
    @Test func negativeZeroBeforeTheFirstDecimal() {
        let bytes = Array(("x,y\n" + (0..<300).map { $0 % 50 == 10 ? "-0,1\n" : $0 % 50 == 30 ? "0.5,2\n" : "\($0),3\n" }.joined()).utf8)
        let sequential = readCSV(bytes, workers: 1, chunkSize: 1 << 30)
        #expect(sequential.columns.first?.hasPrefix("x:number:") == true)
        #expect(sequential.columns.first?.contains("Optional(\"-0.0\")") == true)
        for chunkSize in [64, 100, 256, 1000] {
            #expect(readCSV(bytes, workers: 2, chunkSize: chunkSize) == sequential, "chunk size \(chunkSize)")
        }
    }

    /// With the line feed as the delimiter only CRLF ends a record, so the bulk reader, which
    /// ends records at every line feed, must stay out of the way.
    @Test func lineFeedAsDelimiter() {
        let text = "x\r\n" + String(repeating: "5\r\n", count: 20) + String(repeating: "1\n", count: 100) + String(repeating: "2\r\n", count: 40)
        let error = loadError(text, options: LoadOptions(delimiter: UInt8(ascii: "\n")))  // the first extra field is on line 23
        #expect(error == "t.csv:23:1: expected 1 fields, found 101")
    }

    /// Errors after a long bulk run are found by the general path at the same place.
    @Test func errorsAfterABulkRun() {
        let good = String(repeating: "1.5,-2.25,3\n", count: 200)
        let stated = LoadOptions(columnTypes: ["b": .number])
        for (bad, options) in [("1.5,2\n", LoadOptions()), ("1.5,2,3,4\n", LoadOptions()), ("1.5,\"2,3\n", LoadOptions()),
                               ("1.5,x,3\n", stated)] {
            let alone = loadError("a,b,c\n" + bad, options: options)
            let afterRun = loadError("a,b,c\n" + good + bad, options: options)
            #expect(alone?.hasPrefix("t.csv:2:") == true, "\(alone ?? "loaded")")
            #expect(afterRun == alone.map { "t.csv:202:" + $0.dropFirst("t.csv:2:".count) }, "\(bad.debugDescription)")
        }
    }
}

private extension String {
    var trimmingBlanks: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
