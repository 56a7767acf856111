import Testing
@testable import Tables

@Suite struct LoadingCSVTests {
    @Test func headerNumbersAndText() throws {
        let table = try loadText("a,b,name\n1,2.5,x\n3,-4e2,y\n")
        #expect(table.columnNames == ["a", "b", "name"])
        #expect(table.rowCount == 2)
        #expect(try cells(table, "a") == [.integer(1), .integer(3)])
        #expect(try cells(table, "b") == [.number(2.5), .number(-400)])
        #expect(try table.column("name").type == .text)
        #expect(try cells(table, "name") == [.text("x"), .text("y")])
    }

    @Test func quotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let table = try loadText("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n")
        #expect(try cells(table, "note") == [.text("a, b"), .text("say \"hi\""), .text("two\nlines"), .text("plain")])
        #expect(try cells(table, "id") == [.integer(1), .integer(2), .integer(3), .integer(4)])
    }

    @Test func lineEndsBOMAndMissingFinalNewline() throws {
        let expected: [Cell] = [.integer(1), .integer(3)]
        for text in ["\u{FEFF}x,y\r\n1,2\r\n3,4", "x,y\n1,2\r\n3,4\n", "x,y\r\n1,2\n3,4\r\n"] {
            let table = try loadText(text)
            #expect(table.columnNames == ["x", "y"])
            #expect(try cells(table, "x") == expected)
            #expect(try cells(table, "y") == [.integer(2), .integer(4)])
        }
    }

    @Test func blankLinesAreSkipped() throws {
        let table = try loadText("\n\nx,y\n\n1,2\n   \n\r\n3,4\n\n")
        #expect(try cells(table, "x") == [.integer(1), .integer(3)])
    }

    @Test func whitespaceTrimmedAroundNumbersKeptInText() throws {
        let table = try loadText("n,t,q\n 1.5 , a b ,  \"c\"  \n2\t, x,\"y \"\n")
        #expect(try cells(table, "n") == [.number(1.5), .number(2)])
        #expect(try cells(table, "t") == [.text(" a b "), .text(" x")])
        #expect(try cells(table, "q") == [.text("c"), .text("y ")])
    }

    @Test func scientificNotationAndCorrectRounding() throws {
        let values = ["1e-5", "2.5E+3", "-0.482913", "12.5031", "0.1", "9007199254740993", "1.7976931348623157e308",
                      "4.9e-324", "123456789012345678901234567890", "0.30000000000000004", "1e23", "8.98846567431158e307"]
        let table = try loadText("v\n" + values.joined(separator: "\n"))
        let column = try table.column("v")
        #expect(column.type == .number)
        for (i, text) in values.enumerated() {
            #expect(column[i] == .number(Double(text)!), "\(text)")
        }
    }

    @Test func headerDetection() throws {
        #expect(try loadText("1,2\n3,4\n").columnNames == ["column1", "column2"])
        #expect(try loadText("1,2\n3,4\n").rowCount == 2)
        #expect(try loadText("name,city\nAda,London\n").columnNames == ["name", "city"])
        #expect(try loadText(",a,b\n0,1,2\n").columnNames == ["column1", "a", "b"])
        // A name made for an empty field never collides with one the header gives.
        #expect(try loadText("a,,column2\n1,2,3\n").columnNames == ["a", "column2_2", "column2"])
        #expect(try loadText("column2,,\n1,2,3\n").columnNames == ["column2", "column2_2", "column3"])
        #expect(try loadText("a,true\n1,2\n").columnNames == ["column1", "column2"])
        let absent = try loadText("a,b\nc,d\n", options: LoadOptions(header: .absent))
        #expect(absent.rowCount == 2)
        let present = try loadText("1,2\n3,4\n", options: LoadOptions(header: .present))
        #expect(present.columnNames == ["1", "2"])
        #expect(try cells(present, "1") == [.integer(3)])
    }

    @Test func onlyAHeaderGivesZeroRows() throws {
        let table = try loadText("a,b\n")
        #expect(table.columnNames == ["a", "b"])
        #expect(table.rowCount == 0)
        #expect(try table.column("a").type == .number)
    }

    @Test func tsvAndOtherDelimiters() throws {
        let tsv = try loadText("a\tb\n1\tx y\n", name: "t.tsv")
        #expect(try cells(tsv, "b") == [.text("x y")])
        let semi = try loadText("a;b\n1,5;2\n", options: LoadOptions(delimiter: UInt8(ascii: ";")))
        #expect(try cells(semi, "a") == [.text("1,5")])
        let forcedTSV = try loadText("a\tb\n1\t2\n", options: LoadOptions(format: .tsv))
        #expect(try cells(forcedTSV, "b") == [.integer(2)])
    }

    @Test func missingTokens() throws {
        let table = try loadText("a,b\n1,NA\n,x\nNaN,null\n4,\"\"\n")
        #expect(try cells(table, "a") == [.integer(1), .missing, .missing, .integer(4)])
        #expect(try cells(table, "b") == [.missing, .text("x"), .missing, .missing])
        let custom = try loadText("a\n-999\n5\n", options: LoadOptions(missingTokens: ["-999"]))
        #expect(try cells(custom, "a") == [.missing, .integer(5)])
    }

    @Test func quoteInsideUnquotedFieldIsData() throws {
        let table = try loadText("h,n\n5'11\",1\n")
        #expect(try cells(table, "h") == [.text("5'11\"")])
    }

    @Test func nulBytesAndUnicodeAreText() throws {
        let table = try loadText("a,b\nx\u{0}y,é😀\n")
        #expect(try cells(table, "a") == [.text("x\u{0}y")])
        #expect(try cells(table, "b") == [.text("é😀")])
    }

    @Test func rowKeysCarryTheFingerprintTag() throws {
        let loaded = try TableLoader.load(data: Array("a\n1\n2\n".utf8), name: "t.csv")
        let tag = loaded.fingerprint.rowTag
        #expect(tag != 0)
        #expect(loaded.table.rowKeys == Table.rowKeys(tag: tag, count: 2))
        #expect(UInt32(loaded.fingerprint.sha256.prefix(8), radix: 16) == tag)
    }

    /// A very wide file: each column's buffer for a chunk holds a row or two. They come from
    /// malloc, not a page-sized mapping each (a million columns took 4 GB and 20 s that way).
    @Test func wideFileOfSmallColumnBuffers() throws {
        let columns = 50_000
        let header = (0..<columns).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<columns).map { String($0 % 10) }.joined(separator: ",")
        let bytes = Array((header + "\n" + row + "\n" + row + "\n").utf8)
        let outcome = readCSV(bytes, workers: 2, chunkSize: bytes.count / 3)
        #expect(outcome.error == nil)
        #expect(outcome.rowCount == 2)
        #expect(outcome.columns.count == columns)
        #expect(outcome.columns[49_999] == "c49999:integer:[]:[Optional(\"9\"), Optional(\"9\")]")
        let buffer = PayloadBuffer(capacity: 3)
        buffer.base[0] = 7
        buffer.grow(keeping: 1)  // small to small
        #expect(buffer.base[0] == 7)
        for _ in 0..<10 { buffer.grow(keeping: 1) }  // into a mapping
        #expect(buffer.base[0] == 7 && buffer.capacity >= PayloadBuffer.mappingThreshold / 8)
        buffer.release()
    }

}
