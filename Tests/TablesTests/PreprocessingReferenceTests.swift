import Testing
@testable import Tables

/// Preprocessing steps against scikit-learn on the tables of `References/preprocessing.json`.
@Suite struct PreprocessingReferenceTests {
    let reference = try! PreprocessingReferences.load()

    var train: Table {
        try! Table(columns: [Column.numbers("a", reference.a), Column.numbers("b", reference.b), Column.numbers("c", reference.c)])
    }

    var test: Table {
        try! Table(columns: [
            Column.numbers("a", reference.testA), Column.numbers("b", [0.5, 1.0, 0.0, 0.5]), Column.numbers("c", reference.testC),
        ])
    }

    func expectColumns(_ table: Table, _ expected: [[Double?]]) throws {
        for (name, values) in zip(["a", "b", "c"], expected) {
            let actual = try optionalDoubles(table.column(name))
            #expect(zip(actual, values).allSatisfy { close($0, $1) }, "\(name): \(actual) vs \(values)")
        }
    }

    @Test func standardizeMatchesStandardScaler() throws {
        let fitted = try Standardize().fit(on: train)
        try expectColumns(fitted.apply(to: train), reference.standardize.train)
        try expectColumns(fitted.apply(to: test), reference.standardize.test)
    }

    @Test func minMaxMatchesMinMaxScaler() throws {
        let fitted = try MinMaxScale().fit(on: train)
        try expectColumns(fitted.apply(to: train), reference.minMax.train)
        try expectColumns(fitted.apply(to: test), reference.minMax.test)
    }

    @Test func imputationMatchesSimpleImputer() throws {
        let imputation = reference.imputation
        #expect(try FillMissing(.mean).fit(on: train) == .fillMissing(.init(entries: [
            .init(column: "a", value: .number(imputation.mean)), .init(column: "b", value: .number(0.5)), .init(column: "c", value: .number(3.875)),
        ])))
        let median = try FillMissing(.median, columns: ["a"]).fit(on: train).apply(to: train)
        #expect(try median.cell(row: 2, column: "a") == .number(imputation.median))
        let counts = try Table(columns: [Column.numbers("n", imputation.mostFrequentValues)])
        let mode = try FillMissing(.mostFrequent).fit(on: counts).apply(to: counts)
        #expect(try mode.column("n").doubles() == imputation.mostFrequentValues.map { $0 ?? imputation.mostFrequent })
        let categories = try Table(columns: [try Column.categories("k", ["b", nil, "a", "b", "a", nil, "c", "c"])])
        let filled = try FillMissing(.mostFrequent).fit(on: categories).apply(to: categories)
        #expect(try filled.cell(row: 1, column: "k") == .text(imputation.mostFrequentCategory))
    }

    @Test func oneHotMatchesOneHotEncoderIgnoringUnknowns() throws {
        let fitTable = try Table(columns: [try Column.categories("cat", reference.cat.map { $0 })])
        let testTable = try Table(columns: [Column.texts("cat", reference.testCat.map { $0 })])
        var warnings = [PreprocessingWarning]()
        let encoded = try OneHotEncode().fit(on: fitTable).apply(to: testTable, warnings: &warnings)
        #expect(encoded.columnNames == reference.oneHot.names)
        #expect(try encoded.columns.map { try $0.doubles() } == reference.oneHot.test)
        #expect(warnings.map(\.rowCount) == [1])
    }

    @Test func polynomialMatchesPolynomialFeatures() throws {
        let table = try Table(columns: [
            Column.numbers("c", reference.c), Column.numbers("a", reference.a.map { $0 ?? 0 }), Column.numbers("b", reference.b),
        ])
        for expected in reference.polynomial {
            let step = PolynomialFeatures(degree: expected.degree, interactionOnly: expected.interactionOnly)
            let expanded = try step.fit(on: table).apply(to: table)
            #expect(expanded.columnNames == expected.names)
            for (column, values) in zip(expanded.columns, expected.values) {
                #expect(zip(try column.doubles(), values).allSatisfy { close($0, $1) }, "\(column.name)")
            }
        }
    }

    @Test func binningMatchesKBinsDiscretizer() throws {
        for expected in reference.bins {
            let table = try Table(columns: [Column.numbers("x", expected.values)])
            let step = Binning(binCount: expected.binCount, strategy: expected.strategy == "uniform" ? .uniform : .quantile)
            let fitted = try step.fit(on: table)
            guard case .bin(let bins) = fitted else { Issue.record("not a bin step"); return }
            #expect(zip(bins.columns[0].edges, expected.edges).allSatisfy { close($0, $1) }, "\(bins.columns[0].edges)")
            #expect(bins.columns[0].edges.count == expected.edges.count)
            let binned = try fitted.apply(to: try Table(columns: [Column.numbers("x", expected.test)]))
            #expect(try binned.column("x").doubles() == expected.testBins)
        }
    }
}
