import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

/// One suite run over every registered estimator: determinism under a seed,
/// a serialisation round trip with identical predictions, clear rejection of
/// missing values, and no crash on 1-row, 1-column and constant-column data.
@Suite struct EstimatorConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func load(_ name: String) -> Table { try! TableLoader.load(path: root.appendingPathComponent("datasets/\(name)").path).table }
    static let iris = load("iris.csv")
    static let diabetes = load("diabetes.csv")

    /// A table and target suited to the estimator's task.
    static func data(for entry: EstimatorRegistry.Entry) -> (Table, String?) {
        switch entry.task {
        case .classification: return (iris, "species")
        case .regression: return (diabetes, "progression")
        default: return (try! iris.dropping(["species"]), nil)
        }
    }

    static func train(_ name: String, _ table: Table, _ target: String?, seed: UInt64 = 7) throws -> TrainedModel {
        var random = RandomGenerator(seed: seed)
        return try TrainedModel.train(name, on: table, target: target, hyperparameters: [:], preprocessing: nil, random: &random)
    }

    static var names: [String] { EstimatorRegistry.entries.map(\.name) }

    @Test(arguments: names)
    func deterministicUnderASeed(_ name: String) throws {
        let entry = try EstimatorRegistry.entry(named: name)
        let (table, target) = Self.data(for: entry)
        let first = try ModelDocument.encode(try Self.train(name, table, target))
        let second = try ModelDocument.encode(try Self.train(name, table, target))
        #expect(first == second)
    }

    @Test(arguments: names)
    func documentRoundTripPredictsIdentically(_ name: String) throws {
        let entry = try EstimatorRegistry.entry(named: name)
        let (table, target) = Self.data(for: entry)
        let model = try Self.train(name, table, target)
        let data = try ModelDocument.encode(model)
        let decoded = try ModelDocument.decode(data)
        #expect(try ModelDocument.encode(decoded) == data)
        guard entry.task != .transformation else { return }
        #expect(try decoded.predict(table) == model.predict(table))
    }

    @Test(arguments: names)
    func missingValuesAreRejectedClearly(_ name: String) throws {
        let entry = try EstimatorRegistry.entry(named: name)
        let (table, target) = Self.data(for: entry)
        let feature = table.columnNames.first { $0 != target }!
        var values = try table.column(feature).doubles().map(Optional.some)
        values[3] = nil
        let holed = try table.setting(Column.numbers(feature, values))
        #expect(throws: LearningError("feature column '\(feature)' has 1 missing values (first in row 4); add fill_missing or drop_missing to preprocess")) {
            try Self.train(name, holed, target)
        }
    }

    @Test(arguments: names)
    func edgeShapesEndInAModelOrAClearError(_ name: String) throws {
        let entry = try EstimatorRegistry.entry(named: name)
        let (table, target) = Self.data(for: entry)
        let features = table.columnNames.filter { $0 != target }
        let oneColumn = try table.selecting([features[0]] + (target.map { [$0] } ?? []))
        let constant = try table.setting(Column.numbers("constant", Array(repeating: 3.0, count: table.rowCount)))
        let oneRow = table.head(1)
        for variant in [oneColumn, constant, oneRow] {
            do {
                let model = try Self.train(name, variant, target)
                if entry.task != .transformation, case .values(let v) = try model.predict(variant) {
                    let finite = v.allSatisfy { $0.isFinite }
                    #expect(finite, "\(name) predicted a non-finite value")
                }
            } catch let error as LearningError {
                #expect(!error.message.isEmpty)
            } catch {
                Issue.record("\(name) failed with \(error) instead of a LearningError")
            }
        }
    }

    @Test func everyKindIsDocumented() throws {
        let docs = try String(contentsOf: Self.root.appendingPathComponent("docs/learning.md"), encoding: .utf8)
        for name in Self.names { #expect(docs.contains("| `\(name)` |"), "docs/learning.md has no row for \(name)") }
    }
}
