import Numerics
import Testing
@testable import Tables

@Suite struct TableOperationTests {
    /// A small table whose answers are checked by hand (and with pandas).
    let table = try! Table(columns: [
        try! Column.categories("species", ["b", "a", "b", nil, "a", "b"]),
        Column.numbers("x", [3, 1, nil, 4, 1.5, .nan]),
        Column.integers("n", [10, 20, 30, 40, nil, 60]),
        Column.texts("name", ["é", "z", "a", "b", "Z", "ä"]),
    ])

    @Test func sortIsStableWithMissingLast() throws {
        let byX = try table.sorted(by: [.init("x")])
        #expect(byX.rowKeys == [1, 4, 0, 3, 2, 5])  // 1, 1.5, 3, 4, then missing and NaN in row order
        let byXDescending = try table.sorted(by: [.init("x", ascending: false)])
        #expect(byXDescending.rowKeys == [3, 0, 4, 1, 2, 5])
        let bySpeciesThenN = try table.sorted(by: [.init("species"), .init("n", ascending: false)])
        #expect(bySpeciesThenN.rowKeys == [1, 4, 5, 2, 0, 3])
        let byName = try table.sorted(by: [.init("name")])
        #expect(try byName.column("name").strings() == ["Z", "a", "b", "z", "ä", "é"])
        #expect(throws: DataError.self) { try table.sorted(by: [.init("nope")]) }
    }

    @Test func groupByAggregatesSkipMissingAndKeepMissingKeys() throws {
        let grouped = try table.grouped(by: ["species"], aggregations: [
            Aggregation(.count), Aggregation(.count, of: "x"), Aggregation(.mean, of: "x"),
            Aggregation(.sum, of: "n"), Aggregation(.max, of: "n"), Aggregation(.sd, of: "n"),
        ])
        #expect(grouped.columnNames == ["species", "count", "x_count", "x_mean", "n_sum", "n_max", "n_sd"])
        #expect(try grouped.column("species").strings() == ["a", "b", nil])
        #expect(try grouped.column("count").strings() == ["2", "3", "1"])
        // Aggregates treat NaN in a number column like a missing entry, as pandas does.
        #expect(try grouped.column("x_count").strings() == ["2", "1", "1"])
        #expect(try grouped.column("x_mean").strings() == ["1.25", "3.0", "4.0"])
        #expect(try grouped.column("n_sum").strings() == ["20.0", "100.0", "40.0"])
        #expect(try grouped.column("n_max").strings() == ["20.0", "60.0", "40.0"])
        let sd = try grouped.column("n_sd").doubles()
        #expect(sd[0].isNaN && abs(sd[1] - 25.166114784235834) < 1e-12 && sd[2].isNaN)
        #expect(throws: DataError(.typeMismatch, "cannot take the mean of column 'name', which is text")) {
            try table.grouped(by: ["species"], aggregations: [Aggregation(.mean, of: "name")])
        }
    }

    @Test func innerAndLeftJoins() throws {
        let prices = try Table(columns: [
            Column.numbers("n", [10, 30, 30, 99]),
            Column.texts("name", ["ten", "thirty", "thirty again", "none"]),
        ])
        let inner = try table.joined(with: prices, on: "n")
        #expect(inner.rowCount == 3)
        #expect(inner.rowKeys == [0, 2, 2])
        #expect(inner.columnNames == ["species", "x", "n", "name", "name_right"])
        #expect(try inner.column("name_right").strings() == ["ten", "thirty", "thirty again"])
        let left = try table.joined(with: prices, on: "n", kind: .left)
        #expect(left.rowCount == 7)
        #expect(try left.column("name_right").strings() == ["ten", nil, "thirty", "thirty again", nil, nil, nil])
        let empty = try Table(columns: [Column.numbers("n", []), Column.texts("label", [])])
        #expect(try table.joined(with: empty, on: "n", kind: .left).column("label").missing.count == 6)
    }

    @Test func matrixConversionRefusesMissingUnlessAllowed() throws {
        let clean = try Table(columns: [Column.numbers("a", [1, 2]), Column.integers("b", [3, 4]), Column.booleans("c", [true, false])])
        #expect(try clean.matrix().rowArrays == [[1, 3, 1], [2, 4, 0]])
        #expect(try clean.matrix(columns: ["b"]).rowArrays == [[3], [4]])
        #expect(throws: DataError(.invalidValue, "column 'n' has 1 missing value (first in row 5); fill or drop them first")) {
            try table.matrix(columns: ["n"])
        }
        #expect(try table.matrix(columns: ["n"], allowMissing: true)[4, 0].isNaN)
        #expect(throws: DataError(.typeMismatch, "column 'name' is text; a matrix needs numeric columns")) { try table.matrix(columns: ["name"]) }
    }

    @Test func describeMatchesPandas() throws {
        let summaries = table.describe()
        let x = summaries[1]
        // NaN in a number column counts as missing, as in pandas.
        #expect(x.count == 4 && x.missing == 2)
        let numeric = try #require(x.numeric)
        #expect(numeric.mean == 2.375)
        #expect(abs(numeric.sd - 1.3768926368215255) < 1e-15)
        #expect(numeric.min == 1 && numeric.max == 4)
        #expect(numeric.q25 == 1.375 && numeric.median == 2.25 && numeric.q75 == 3.25)
        let species = try #require(summaries[0].categorical)
        #expect(species == ColumnSummary.Categorical(unique: 2, top: "b", frequency: 3))
        #expect(summaries[0].missing == 1)
        #expect(summaries[3].categorical == ColumnSummary.Categorical(unique: 6, top: "Z", frequency: 1))
    }

    @Test func derivedColumnsPropagateMissing() throws {
        let derived = try table.deriving("x_plus_n", from: ["x", "n"]) { $0[0] + $0[1] }
        #expect(try derived.column("x_plus_n").strings() == ["13.0", "21.0", nil, "44.0", nil, "nan"])
    }

    @Test func seededSampleIsDeterministic() throws {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42)
        #expect(try table.sample(4, using: &a) == table.sample(4, using: &b))
        #expect(throws: DataError.self) { try table.sample(7, using: &a) }
        #expect(try table.sample(7, replace: true, using: &a).rowCount == 7)
        // With replacement nothing bounds n but memory: refused before any allocation.
        #expect(throws: DataError(.invalidArgument, "1000000000000 rows × \(table.columnCount) columns is too large (at most 100,000,000 values)")) {
            try table.sample(1_000_000_000_000, replace: true, using: &a)
        }
    }
}
