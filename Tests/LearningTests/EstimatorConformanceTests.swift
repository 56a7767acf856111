import Foundation
import Numerics
import Testing
@testable import Learning
@testable import Tables

/// One suite run over every registered estimator: determinism under a seed,
/// a serialisation round trip with identical predictions, clear rejection of
/// missing values, and no crash on 1-row, 1-column and constant-column data;
/// for every estimator, the same model and predictions whatever the BLAS
/// thread count.
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
    func documentIsByteForByteWhatFoundationWrites(_ name: String) throws {
        let entry = try EstimatorRegistry.entry(named: name)
        let (table, target) = Self.data(for: entry)
        let model = try Self.train(name, table, target)
        #expect(try ModelDocument.encode(model) == ModelDocument.encodedByFoundation(model))
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

    /// 20,000 rows of 8 features with a 3-class and a numeric target: large
    /// enough that OpenBLAS splits the estimators' products between two threads.
    static let large = table(rows: 20_000, features: 8)
    /// As many columns as breast_cancer has: OpenBLAS splits such a matrix's
    /// columns between threads where a narrow one's are not.
    static let wide = table(rows: 600, features: 30)

    static func table(rows n: Int, features count: Int) -> Table {
        var random = RandomGenerator(seed: 17)
        let features = (0..<count).map { j in (0..<n).map { _ in random.uniform() * 2 - 1 } }
        let score = (0..<n).map { i in features[0][i] + 0.5 * features[1][i] - features[2][i] * features[3][i] + 0.3 * random.uniform() }
        let classes = score.map { $0 < -0.3 ? "low" : $0 < 0.3 ? "mid" : "high" }
        let columns = features.enumerated().map { Column.numbers("x\($0.offset)", $0.element.map(Optional.some)) }
        return try! Table(columns: columns + [try! Column.categories("class", classes), Column.numbers("score", score.map(Optional.some))])
    }

    /// Options that keep a debug build quick; the rest use their defaults.
    static let quickOptions: [String: [String: Hyperparameters.Value]] = [
        "forest": ["n_trees": .number(4), "max_depth": .number(6)],
        "tree": ["max_depth": .number(6)],
        "tree_regression": ["max_depth": .number(6)],
        "mlp": ["max_iter": .number(2)],
        "mlp_regression": ["max_iter": .number(2)],
    ]

    /// Every estimator, with the target its task needs: none may depend on
    /// how many threads BLAS (or the estimator itself) uses.
    static let threaded: [(name: String, target: String?, options: [String: Hyperparameters.Value])] = EstimatorRegistry.entries.map {
        let target: String? = $0.task == .classification ? "class" : $0.task == .regression ? "score" : nil
        return ($0.name, target, quickOptions[$0.name] ?? [:])
    }

    @Test(arguments: threaded.map(\.name), ["large", "wide"])
    func identicalOnOneOrTwoBLASThreads(_ name: String, _ shape: String) throws {
        let (_, target, options) = Self.threaded.first { $0.name == name }!
        let table = try (shape == "wide" ? Self.wide : Self.large).dropping(target == "class" ? ["score"] : target == "score" ? ["class"] : ["class", "score"])
        let queries = table.head(600)
        // Scoped, so that tests running alongside cannot change the count mid-fit.
        let results = try [1, 2].map { threads in
            try NumericEnvironment.withBLASThreads(threads) {
                var random = RandomGenerator(seed: 7)
                let model = try TrainedModel.train(name, on: table, target: target, hyperparameters: options, preprocessing: nil, random: &random)
                // A transformation (PCA) has no predictions; its fitted parameters are compared.
                let predictions = model.task == .transformation ? nil : try model.predict(queries)
                return (try ModelDocument.encode(model), predictions)
            }
        }
        #expect(results[0].0 == results[1].0, "\(name) on the \(shape) table: the model depends on the BLAS thread count")
        #expect(results[0].1 == results[1].1, "\(name) on the \(shape) table: predictions depend on the BLAS thread count")
    }

    @Test func everyKindIsDocumented() throws {
        let docs = try String(contentsOf: Self.root.appendingPathComponent("docs/learning.md"), encoding: .utf8)
        for name in Self.names { #expect(docs.contains("| `\(name)` |"), "docs/learning.md has no row for \(name)") }
    }
}
