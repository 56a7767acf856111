import Testing
@testable import Tables

@Suite struct LoadingInferenceTests {
    @Test func integersNumbersAndTheirMix() throws {
        let table = try loadText("i,n,m,big\n1,1.5,1,9223372036854775807\n-2,2,2.5,-9223372036854775808\n")
        #expect(try table.column("i").type == .integer)
        #expect(try table.column("n").type == .number)
        #expect(try cells(table, "m") == [.number(1), .number(2.5)])
        #expect(try cells(table, "big") == [.integer(.max), .integer(.min)])
        let overflow = try loadText("v\n9223372036854775808\n1\n")
        #expect(try cells(overflow, "v") == [.number(9223372036854775808), .number(1)])
    }

    @Test func zipCodesStayText() throws {
        let table = try loadText("zip,n\n02134,1\n10001,2\n02134,3\n10001,4\n")
        let zip = try table.column("zip")
        #expect(zip.type == .categorical)
        #expect(try cells(table, "zip") == [.text("02134"), .text("10001"), .text("02134"), .text("10001")])
        let late = try loadText("code\n123\n456\n007\n")
        #expect(try cells(late, "code") == [.text("123"), .text("456"), .text("007")])
        #expect(try cells(loadText("z\n0\n0.5\n-0\n"), "z") == [.number(0), .number(0.5), .number(-0.0)])
    }

    /// A numeric column spoilt by a typo or an unlisted missing marker is found, with the
    /// first such value; words, codes with leading zeros and real numbers are not.
    @Test func numbersReadAsTextAreFound() throws {
        let ages = (0..<99).map { String(20 + $0 % 10) }
        let typo = try loadText("age,word\n" + (ages[..<40] + ["37x"] + ages[40...]).map { "\($0),w\($0)" }.joined(separator: "\n") + "\n")
        #expect(try typo.column("age").type == .categorical)
        #expect(NumbersReadAsText.find(in: try typo.column("age")) == NumbersReadAsText(column: "age", numbers: 99, others: 1, firstOther: "37x", firstOtherRow: 40))
        #expect(NumbersReadAsText.find(in: try typo.column("word")) == nil)
        let marked = try loadText("v\n" + (ages + ["?", " 1e3 ", "?"]).joined(separator: "\n") + "\n")
        #expect(NumbersReadAsText.find(in: try marked.column("v")) == NumbersReadAsText(column: "v", numbers: 100, others: 2, firstOther: "?", firstOtherRow: 99))
        let codes = try loadText("zip\n" + (ages + ["02134"]).joined(separator: "\n") + "\n")
        #expect(NumbersReadAsText.find(in: try codes.column("zip")) == nil, "made text by a leading zero, on purpose")
        let many = Column.texts("t", ages.map(Optional.some) + Array(repeating: "n/a", count: 10))
        #expect(NumbersReadAsText.find(in: many) == nil, "more than one value in twenty is not a typo")
        #expect(NumbersReadAsText.find(in: Column.numbers("n", [1, 2])) == nil)
    }

    @Test func booleans() throws {
        let table = try loadText("b,mixed\ntrue,true\nFALSE,1\nTrue,x\nNA,y\n")
        #expect(try cells(table, "b") == [.boolean(true), .boolean(false), .boolean(true), .missing])
        #expect(try table.column("mixed").type == .text)
        #expect(try cells(table, "mixed") == [.text("true"), .text("1"), .text("x"), .text("y")])
    }

    @Test func categoricalRule() throws {
        let species = try loadText("s\nsetosa\nvirginica\nsetosa\nsetosa\nNA\n")
        let column = try species.column("s")
        #expect(column.type == .categorical)
        #expect(column.levels == ["setosa", "virginica"])
        #expect(try cells(species, "s") == [.text("setosa"), .text("virginica"), .text("setosa"), .text("setosa"), .missing])
        #expect(try loadText("s\na\nb\nc\nd\n").column("s").type == .text)
        let capped = try loadText("s\na\na\nb\nb\n", options: LoadOptions(maxCategoricalLevels: 1))
        #expect(try capped.column("s").type == .text)
    }

    @Test func allMissingColumnIsNumber() throws {
        let table = try loadText("a,b\n1,NA\n2,\n")
        #expect(try table.column("b").type == .number)
        #expect(try table.column("b").missing.count == 2)
    }

    @Test func textColumnThatStartsNumericKeepsItsSpelling() throws {
        let table = try loadText("v\n1.50\n 2\nNA\nabc\n")
        #expect(try cells(table, "v") == [.text("1.50"), .text(" 2"), .missing, .text("abc")])
    }

    @Test func overridesWin() throws {
        let options = LoadOptions(columnTypes: ["zip": .integer, "n": .text, "c": .categorical, "x": .number, "b": .boolean])
        let table = try loadText("zip,n,c,x,b\n02134,1,a,1,true\n10001,2,b,2.5,FALSE\n", options: options)
        #expect(try cells(table, "zip") == [.integer(2134), .integer(10001)])
        #expect(try cells(table, "n") == [.text("1"), .text("2")])
        #expect(try table.column("c").type == .categorical)
        #expect(try cells(table, "x") == [.number(1), .number(2.5)])
        #expect(try cells(table, "b") == [.boolean(true), .boolean(false)])
    }

    @Test func specialNumbers() throws {
        let table = try loadText("v\ninf\n-Infinity\n.5\n5.\n+3\n")
        #expect(try cells(table, "v") == [.number(.infinity), .number(-.infinity), .number(0.5), .number(5), .number(3)])
    }
}
