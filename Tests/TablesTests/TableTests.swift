import Testing
@testable import Tables

@Suite struct TableTests {
    let table = try! Table(columns: [
        Column.numbers("sepal length", [5.1, nil, 4.7]),
        Column.integers("count", [1, 2, nil]),
        try! Column.categories("species", ["setosa", "virginica", nil]),
        Column.texts("note", ["a", "b", "c"]),
    ])

    @Test func cellsAndMissingValues() throws {
        #expect(table.rowCount == 3)
        #expect(try table.cell(row: 0, column: "sepal length") == .number(5.1))
        #expect(try table.cell(row: 1, column: "sepal length") == .missing)
        #expect(try table.cell(row: 1, column: "species") == .text("virginica"))
        #expect(try table.column("species").levels == ["setosa", "virginica"])
        #expect(try table.column("count").doubles()[2].isNaN)
        #expect(try table.column("count").missing.count == 1)
    }

    @Test func unknownColumnSuggestsTheClosestName() {
        #expect(throws: DataError.unknownColumn("sepal lenght", among: table.columnNames)) { try table.column("sepal lenght") }
        #expect(DataError.unknownColumn("sepal lenght", among: table.columnNames).description == "no column named 'sepal lenght'; did you mean 'sepal length'?")
        #expect(DataError.unknownColumn("zzz", among: ["a", "b"]).description == "no column named 'zzz' (columns: 'a', 'b')")
        #expect(DataError.unknownColumn("Species", among: ["species"]).description == "no column named 'Species'; did you mean 'species'?")
    }

    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(Spelling.distance("irsi", "iris") == 1)
        #expect(Spelling.distance("kitten", "sitting") == 3)
        #expect(Spelling.distance("ca", "abc") == 3, "optimal string alignment edits no substring twice")
        #expect(Spelling.closest(to: "alpah", among: ["alpha", "beta"]) == "alpha")
        #expect(Spelling.closest(to: "ab", among: ["cd"]) == nil)
    }

    /// A very long unknown name gets no suggestion, quickly, and a candidate whose length
    /// alone puts it out of reach is passed over without measuring the distance.
    @Test func longNamesAreNotComparedLetterByLetter() {
        let long = String(repeating: "y", count: 1_000_000)
        let names = (0..<300).map { "name_\($0)_" + String(repeating: "y", count: 10) }
        // Skipping takes milliseconds; a full distance to each candidate, about a minute.
        let took = ContinuousClock().measure {
            #expect(Spelling.closest(to: long, among: names) == nil)
            #expect(Spelling.closest(to: String(repeating: "y", count: 90) + "x", among: [long, String(repeating: "y", count: 91)]) != nil)
            #expect(Spelling.closest(to: "mean", among: [long, "meen"]) == "meen")
        }
        #expect(took < .seconds(5), "\(took) to suggest for long names")
        #expect(Spelling.closest(to: String(repeating: "y", count: Spelling.maximumLength + 1), among: [String(repeating: "y", count: Spelling.maximumLength)]) == nil)
    }

    @Test func constructionIsChecked() {
        #expect(throws: DataError(.duplicateColumn, "duplicate column name 'x'")) {
            try Table(columns: [Column.numbers("x", [1]), Column.numbers("x", [2])])
        }
        #expect(throws: DataError(.lengthMismatch, "column 'y' has 2 rows, expected 1")) {
            try Table(columns: [Column.numbers("x", [1]), Column.numbers("y", [1, 2])])
        }
        #expect(throws: DataError.self) { try Column.categories("c", ["z"], levels: ["a"]) }
    }

    @Test func rowsAndColumns() throws {
        let picked = try table.selectingRows([2, 0])
        #expect(try picked.cell(row: 0, column: "note") == .text("c"))
        #expect(try picked.cell(row: 0, column: "count") == .missing)
        #expect(picked.rowKeys == [2, 0])
        #expect(try table.filtering([true, false, true]).rowCount == 2)
        #expect(table.head(2).rowCount == 2 && table.tail(1).rowKeys == [2])
        #expect(try table.selecting(["note", "count"]).columnNames == ["note", "count"])
        #expect(try table.dropping(["note"]).columnNames == ["sepal length", "count", "species"])
        #expect(try table.renaming("note", to: "comment").hasColumn("comment"))
        #expect(throws: DataError.self) { try table.selectingRows([3]) }
    }
}
