import Foundation
import Numerics
import Testing
@testable import Tables

/// Behaviour of the preprocessing steps: missing values, unseen categories, errors, leakage and
/// serialisation.
@Suite struct PreprocessingTests {
    /// A small iris-like table loaded from "file" tag 1, with missing values in most columns.
    let iris = try! Table(
        columns: [
            Column.numbers("sepal_length", [5.1, 4.9, nil, 6.3, 5.8, 7.1, 6.5, 5.0, 6.7, 4.6]),
            Column.numbers("petal_length", [1.4, 1.4, 4.7, nil, 5.1, 5.9, 4.6, 1.5, 5.7, 1.0]),
            Column.integers("count", [1, 2, 3, nil, 5, 6, 7, 8, 9, 10]),
            try! Column.categories(
                "species", ["setosa", "setosa", "versicolor", "virginica", nil, "virginica", "versicolor", "setosa", "virginica", "setosa"]),
        ],
        rowKeys: Table.rowKeys(tag: 1, count: 10))

    @Test func stepsKeepMissingValuesMissing() throws {
        let scaled = try Standardize().fit(on: iris).apply(to: iris)
        #expect(try scaled.column("sepal_length").missing.rows == [2])
        #expect(try scaled.column("count").type == .number)
        #expect(scaled.rowKeys == iris.rowKeys)
        let clipped = try Clip(["sepal_length"], lower: 5, upper: 6).fit(on: iris).apply(to: iris)
        #expect(try optionalDoubles(clipped.column("sepal_length")) == [5.1, 5, nil, 6, 5.8, 6, 6, 5, 6, 5])
        let logged = try LogTransform(["petal_length"], plusOne: true).fit(on: iris).apply(to: iris)
        #expect(try logged.cell(row: 0, column: "petal_length") == .number(log1p(1.4)))
        #expect(try logged.cell(row: 3, column: "petal_length") == .missing)
    }

    @Test func fillMissingByStrategyAndType() throws {
        let filled = try FillMissing(.median).fit(on: iris).apply(to: iris)
        #expect(try filled.cell(row: 2, column: "sepal_length") == .number(5.8))
        #expect(try filled.cell(row: 3, column: "count") == .number(6))
        #expect(try filled.column("species").missing.count == 1, "median leaves categorical columns alone")
        let modes = try FillMissing(.mostFrequent).fit(on: iris).apply(to: iris)
        #expect(try modes.cell(row: 4, column: "species") == .text("setosa"))
        #expect(try modes.column("count").type == .integer)
        let constant = try FillMissing(.constant(.text("unknown")), columns: ["species"]).fit(on: iris).apply(to: iris)
        #expect(try constant.cell(row: 4, column: "species") == .text("unknown"))
        #expect(try constant.column("species").levels == ["setosa", "versicolor", "virginica", "unknown"])
        #expect(throws: DataError(.typeMismatch, "fill_missing: column 'species' is categorical; fill_missing needs a numeric column")) {
            try FillMissing(.mean, columns: ["species"]).fit(on: iris)
        }
        let empty = try Table(columns: [Column.numbers("x", [nil, nil])])
        #expect(throws: DataError(.invalidArgument, "fill_missing: column 'x' has no values to fit on")) { try FillMissing(.mean).fit(on: empty) }
    }

    @Test func oneHotPoliciesForUnseenAndMissing() throws {
        let test = try Table(columns: [Column.texts("species", ["setosa", "unknown", nil, "other"])])
        var warnings = [PreprocessingWarning]()
        let zeros = try OneHotEncode(["species"]).fit(on: iris).apply(to: test, warnings: &warnings)
        #expect(zeros.columnNames == ["species=setosa", "species=versicolor", "species=virginica"])
        #expect(try zeros.columns.map { try $0.doubles() } == [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]])
        #expect(warnings.map(\.description) == [
            "one_hot: 2 row(s) of column 'species' had categories not seen when fitting (e.g. 'unknown'); encoded as all zeros",
        ])
        let indicator = try OneHotEncode(["species"], missing: .indicator).fit(on: iris).apply(to: test)
        #expect(try indicator.column("species=NA").doubles() == [0, 0, 1, 0])
        let strict = try OneHotEncode(["species"], unknown: .error).fit(on: iris)
        #expect(throws: DataError(.invalidValue, "one_hot: column 'species' row 2 has category 'unknown', not seen when fitting")) {
            try strict.apply(to: test)
        }
    }

    @Test func ordinalEncodingSortsLevels() throws {
        let test = try Table(columns: [Column.texts("species", ["virginica", "rose", nil, "setosa"])])
        let fitted = try OrdinalEncode(["species"]).fit(on: iris)
        #expect(throws: DataError.self) { try fitted.apply(to: test) }
        let lenient = try OrdinalEncode(["species"], unknown: .missing).fit(on: iris).apply(to: test)
        #expect(try lenient.column("species").strings() == ["2", nil, nil, "0"])
    }

    @Test func binningOutputsIntervalsAsCategories() throws {
        let table = try Table(columns: [Column.numbers("x", [0, 1, 2, 3, nil, 4])])
        let binned = try Binning(["x"], binCount: 2, strategy: .uniform, output: .categorical).fit(on: table).apply(to: table)
        #expect(try binned.column("x").strings() == ["[0.0, 2.0)", "[0.0, 2.0)", "[2.0, 4.0]", "[2.0, 4.0]", nil, "[2.0, 4.0]"])
        let constant = try Table(columns: [Column.numbers("x", [3, 3, 3])])
        #expect(try Binning(["x"], binCount: 3).fit(on: constant).apply(to: constant).column("x").doubles() == [0, 0, 0])
    }

    @Test func dropMissingAppliesAtTransformTime() throws {
        let fitted = try DropMissing(["sepal_length", "petal_length"]).fit(on: iris)
        let kept = try fitted.apply(to: iris)
        #expect(kept.rowCount == 8)
        #expect(kept.rowKeys == Table.rowKeys(tag: 1, count: 10).enumerated().filter { ![2, 3].contains($0.offset) }.map(\.element))
        #expect(try fitted.apply(to: iris.head(2)).rowCount == 2)
    }

    @Test func errorsNameTheStepAndColumn() throws {
        #expect(throws: DataError(.unknownColumn, "standardize: no column named 'sepal_lenght'; did you mean 'sepal_length'?")) {
            try Standardize(["sepal_lenght"]).fit(on: iris)
        }
        #expect(throws: DataError(.typeMismatch, "standardize: column 'species' is categorical; standardize needs a numeric column")) {
            try Standardize(["species"]).fit(on: iris)
        }
        let fitted = try Standardize(["sepal_length"]).fit(on: iris)
        #expect(throws: DataError(.unknownColumn, "standardize was fitted on column 'sepal_length', which this table does not have; did you mean 'petal_length'?")) {
            try fitted.apply(to: iris.dropping(["sepal_length"]))
        }
        let negative = try Table(columns: [Column.numbers("x", [1, nil, 0])])
        #expect(throws: DataError(.invalidValue, "log: column 'x' row 3 is 0.0; log needs values above 0")) {
            try LogTransform(["x"]).fit(on: negative)
        }
        #expect(throws: DataError.self) { try Clip(["sepal_length"]).fit(on: iris) }
        let infinite = try Table(columns: [Column.numbers("x", [1, nil, 2, -.infinity, .infinity])])
        for (step, name) in [(Standardize(["x"]) as any PreprocessingStep, "standardize"), (MinMaxScale(["x"]), "min_max_scale"),
                             (Binning(["x"], binCount: 3), "bin"), (FillMissing(.mean, columns: ["x"]), "fill_missing")] {
            #expect(throws: DataError(.invalidValue, "\(name): column 'x' row 4 is -inf; \(name) is fitted on finite values (clip them or drop those rows first)")) {
                try step.fit(on: infinite)
            }
        }
        #expect(throws: DataError.self) { try SelectColumns(["nope"]).fit(on: iris) }
    }

    @Test func preprocessorFitsEachStepOnThePreviousOutput() throws {
        let preprocessor = Preprocessor([FillMissing(.median), Standardize(["sepal_length"]), OneHotEncode(["species"]), DropColumns(["count"])])
        let (fitted, output) = try preprocessor.fitAndApply(on: iris)
        #expect(try fitted.apply(to: iris) == output)
        #expect(output.columnNames == ["sepal_length", "petal_length", "species=setosa", "species=versicolor", "species=virginica"])
        guard case .standardize(let scale) = fitted.steps[1] else { Issue.record("step 2 is not standardize"); return }
        let filled = try iris.column("sepal_length").doubles().map { $0.isNaN ? 5.8 : $0 }
        #expect(scale.columns[0].mean == (try filled.mean()))
    }

    @Test func leakageIsReportedWhenFittingSawTestRows() throws {
        var generator = RandomGenerator(seed: 7)
        let (train, test) = try iris.split(trainFraction: 0.7, using: &generator)
        let leaky = try Preprocessor([FillMissing(.median), Standardize()]).fit(on: iris)
        let report = try #require(leaky.leakage(in: test))
        let sourceRows = test.rowKeys.map { Int($0 & 0xFFFF_FFFF) + 1 }.sorted()
        #expect(report.overlappingRows == 3 && report.rowCount == 3 && report.exampleRows == sourceRows)
        #expect(report.description == "3 of 3 test rows were used to fit preprocessing (e.g. source rows \(sourceRows.map(String.init).joined(separator: ", ")))")
        let clean = try Preprocessor([FillMissing(.median), Standardize()]).fit(on: train)
        #expect(clean.leakage(in: test) == nil)
        #expect(clean.leakage(in: train)?.overlappingRows == 7)
        let inMemory = try Table(columns: iris.columns)
        #expect(try Preprocessor([Standardize()]).fit(on: inMemory).leakage(in: inMemory) == nil, "tag-0 rows have no known origin")
    }

    @Test func rowKeySetIsCompact() {
        let keys = Table.rowKeys(tag: 3, count: 100) + Table.rowKeys(tag: 5, count: 4).dropFirst() + [0, 1, 2]
        let set = RowKeySet(keys.shuffled())
        let expected: [ClosedRange<UInt64>] = [(3 << 32)...(3 << 32 + 99), (5 << 32 + 1)...(5 << 32 + 3)]
        #expect(set.ranges == expected)
        #expect(set.count == 103 && set.contains(3 << 32 + 50) && !set.contains(5 << 32) && !set.contains(1))
    }

    @Test func fittedChainRoundTripsThroughJSONBitForBit() throws {
        let steps: [any PreprocessingStep] = [
            FillMissing(.mean, columns: ["sepal_length"]), FillMissing(.constant(.text("none")), columns: ["species"]),
            LogTransform(["petal_length"], plusOne: true), Clip(["count"], lower: 2), MinMaxScale(["count"]),
            PolynomialFeatures(["sepal_length", "petal_length"], degree: 2), Standardize(), Binning(["a"], binCount: 3),
            OrdinalEncode(["species"]), DropMissing(), SelectColumns(["sepal_length", "a", "species", "count"]),
        ]
        let withA = try iris.setting(Column.numbers("a", [0.1, 0.7, 1 / 3, 2.5, nil, 1e-9, 3.3, 0.2, 7, 1e300]))
        let fitted = try Preprocessor(steps).fit(on: withA)
        let data = try JSONEncoder().encode(fitted)
        let decoded = try JSONDecoder().decode(FittedPreprocessor.self, from: data)
        #expect(decoded == fitted)
        let test = try withA.selectingRows([9, 0, 3, 4])
        let (expected, actual) = (try fitted.apply(to: test), try decoded.apply(to: test))
        #expect(expected.columnNames == actual.columnNames && expected.rowKeys == actual.rowKeys)
        for (x, y) in zip(expected.columns, actual.columns) {
            #expect(x.missing == y.missing && x.strings() == y.strings())
            if x.type.isNumeric { #expect(try x.doubles().map(\.bitPattern) == y.doubles().map(\.bitPattern)) }
        }
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.hasPrefix("{") && json.contains("\"format\":1") && json.contains("\"step\":\"polynomial\""))
    }

    @Test func unknownFormatVersionIsRejected() throws {
        let json = #"{"format": 2, "steps": [], "fittedRows": []}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FittedPreprocessor.self, from: Data(json.utf8)) }
        let large = try JSONDecoder().decode(RowKeySet.self, from: JSONEncoder().encode(RowKeySet([UInt64.max - 1, UInt64.max])))
        #expect(large.ranges == [(UInt64.max - 1)...UInt64.max])
    }

    @Test func stepsFittedForAModelLeaveItsTargetAlone() throws {
        let steps = Preprocessor([FillMissing(.mean), DropMissing(), Standardize(), SelectColumns(["sepal_length", "species"])])
        let (fitted, prepared) = try steps.fitAndApply(on: iris, keepingTarget: "count")
        #expect(prepared.columnNames == ["sepal_length", "species", "count"])
        #expect(try prepared.column("count").type == .integer, "fill_missing and standardize leave the target as it was")
        #expect(try optionalDoubles(prepared.column("count")) == [1, 2, 3, 6, 7, 8, 9, 10], "dropped: the row with no target, and the one with no species")
        #expect(fitted.steps.allSatisfy { !$0.requiredColumns.contains("count") }, "no step needs the target")
        let rowsToPredict = try iris.dropping(["count"])
        #expect(try fitted.apply(to: rowsToPredict).columnNames == ["sepal_length", "species"], "rows to predict need no target")
        #expect(try fitted.apply(to: iris).columnNames == ["sepal_length", "species", "count"], "rows to test keep theirs")
        #expect(throws: DataError(.invalidArgument, "log names 'count', the column the model predicts: preprocessing prepares the features and leaves the target as it is; take 'count' out of the step")) {
            try Preprocessor([LogTransform(["count"])]).fitAndApply(on: iris, keepingTarget: "count")
        }
    }
}
