import Numerics
import Testing
@testable import Tables

/// Train/test splits and cross-validation folds.
@Suite struct SplitTests {
    let reference = try! PreprocessingReferences.load().splits

    @Test func sizesMatchTrainTestSplit() throws {
        for case let expected in reference.trainTestSizes where expected.train > 0 && expected.test > 0 {
            let sizes = try TrainTestSplit(trainFraction: expected.fraction).sizes(rowCount: expected.n)
            #expect(sizes == (expected.train, expected.test), "n \(expected.n) fraction \(expected.fraction)")
        }
    }

    @Test func randomSplitIsAPartitionPinnedBySeed() throws {
        var generator = RandomGenerator(seed: 42)
        let split = try TrainTestSplit(trainFraction: 0.8).indices(rowCount: 10, using: &generator)
        #expect(split.train.count == 8 && split.test.count == 2)
        #expect(Set(split.train + split.test) == Set(0..<10) && split.train.count + split.test.count == 10)
        #expect(split == SplitIndices(train: [4, 2, 8, 7, 6, 5, 3, 0], test: [9, 1]))
        var same = RandomGenerator(seed: 42), other = RandomGenerator(seed: 43)
        #expect(try TrainTestSplit(trainFraction: 0.8).indices(rowCount: 10, using: &same) == split)
        #expect(try TrainTestSplit(trainFraction: 0.8).indices(rowCount: 10, using: &other) != split)
    }

    @Test func stratifiedSplitKeepsClassShares() throws {
        let labels: [String?] = Array(repeating: "a", count: 50) + Array(repeating: "b", count: 30) + Array(repeating: "c", count: 20)
        var generator = RandomGenerator(seed: 42)
        let split = try TrainTestSplit(trainFraction: 0.8).stratifiedIndices(labels: labels, using: &generator)
        let trainCounts = Dictionary(grouping: split.train, by: { labels[$0]! }).mapValues(\.count)
        #expect(trainCounts == ["a": 40, "b": 24, "c": 16])
        #expect(Set(split.train).isDisjoint(with: split.test) && Set(split.train + split.test) == Set(0..<100))
        #expect(Array(split.test.prefix(5)) == [66, 32, 98, 97, 55])
        var again = RandomGenerator(seed: 42)
        #expect(try TrainTestSplit(trainFraction: 0.8).stratifiedIndices(labels: labels, using: &again) == split)
    }

    @Test func stratifiedSplitRepresentsEveryClass() throws {
        #expect(TrainTestSplit.apportion(8, among: [2, 2, 16]) == [1, 1, 6])
        #expect(TrainTestSplit.apportion(7, among: [6, 2, 2]) == [5, 1, 1])
        #expect(TrainTestSplit.apportion(3, among: [6, 2, 2]) == [1, 1, 1])
        let labels: [String?] = ["x", "x", "y", "y"] + Array(repeating: "z", count: 16)
        var generator = RandomGenerator(seed: 1)
        let split = try TrainTestSplit(trainFraction: 0.6).stratifiedIndices(labels: labels, using: &generator)
        #expect(Set(split.test.map { labels[$0]! }) == ["x", "y", "z"] && Set(split.train.map { labels[$0]! }) == ["x", "y", "z"])
    }

    @Test func splitErrors() throws {
        #expect(throws: DataError(.invalidArgument, "split: training fraction 1.0 must be between 0 and 1 (exclusive)")) {
            try TrainTestSplit(trainFraction: 1)
        }
        #expect(throws: DataError.self) { try TrainTestSplit(trainFraction: 0) }
        #expect(throws: DataError.self) { try TrainTestSplit(trainFraction: 0.9).sizes(rowCount: 1) }
        var generator = RandomGenerator(seed: 0)
        #expect(throws: DataError(.invalidArgument, "split: class 'b' has only 1 row; a stratified split needs at least 2 per class")) {
            try TrainTestSplit(trainFraction: 0.5).stratifiedIndices(labels: ["a", "a", "b", "a"], using: &generator)
        }
        #expect(throws: DataError.self) { try TrainTestSplit(trainFraction: 0.5).stratifiedIndices(labels: ["a", nil], using: &generator) }
    }

    @Test func kFoldMatchesScikitLearnWithoutShuffle() throws {
        let folds = try KFold(k: 4).folds(rowCount: 11).folds
        #expect(folds.map(\.test) == reference.kFoldTests)
        #expect(folds.allSatisfy { Set($0.train).isDisjoint(with: $0.test) && $0.train.count + $0.test.count == 11 })
        #expect(throws: DataError.self) { try KFold(k: 1) }
        #expect(throws: DataError(.invalidArgument, "folds: k = 12 is more than the 11 rows")) { try KFold(k: 12).folds(rowCount: 11) }
    }

    @Test func shuffledKFoldCoversEveryRowOnce() throws {
        var generator = RandomGenerator(seed: 42)
        let folds = try KFold(k: 3).folds(rowCount: 10, shuffling: &generator).folds
        #expect(folds.map(\.test.count) == [4, 3, 3])
        #expect(folds.flatMap(\.test).sorted() == Array(0..<10))
        #expect(folds.map(\.test) == [[1, 2, 4, 9], [6, 7, 8], [0, 3, 5]])
    }

    @Test func stratifiedKFoldMatchesScikitLearnWithoutShuffle() throws {
        let labels = reference.stratifiedLabels.map { Optional($0) }
        let result = try StratifiedKFold(k: 3).folds(labels: labels)
        #expect(result.folds.map(\.test) == reference.stratifiedKFoldTests)
        #expect(result.warnings == ["the least populated class has only 1 row(s), fewer than k = 3; it cannot be in every fold"])
        var generator = RandomGenerator(seed: 42)
        let shuffled = try StratifiedKFold(k: 3).folds(labels: labels, shuffling: &generator)
        #expect(shuffled.folds.flatMap(\.test).sorted() == Array(labels.indices))
        for (fold, expected) in zip(shuffled.folds, result.folds) {
            let count = { (rows: [Int]) in Dictionary(grouping: rows, by: { labels[$0]! }).mapValues(\.count) }
            #expect(count(fold.test) == count(expected.test), "the same class counts per fold as unshuffled")
        }
    }

    @Test func stratifiedKFoldWarnsForSmallClasses() throws {
        let result = try StratifiedKFold(k: 3).folds(labels: ["a", "a", "a", "b", "b", "a"])
        #expect(result.warnings == ["the least populated class has only 2 row(s), fewer than k = 3; it cannot be in every fold"])
        #expect(throws: DataError.self) { try StratifiedKFold(k: 3).folds(labels: ["a", "a", "b", "b"]) }
    }

    @Test func tableSplitKeepsProvenance() throws {
        let table = try Table(columns: [Column.numbers("x", (0..<20).map(Double.init)), Column.texts("k", (0..<20).map { $0 % 2 == 0 ? "e" : "o" })],
                              rowKeys: Table.rowKeys(tag: 9, count: 20))
        var generator = RandomGenerator(seed: 42)
        let (train, test) = try table.split(trainFraction: 0.75, stratifyBy: "k", using: &generator)
        #expect(train.rowCount == 15 && test.rowCount == 5)
        #expect(Set(train.rowKeys).isDisjoint(with: test.rowKeys))
        #expect(try train.column("x").doubles().map { table.rowKeys[Int($0)] } == train.rowKeys)
        #expect(try table.folds(k: 4, stratifyBy: "k", using: &generator).folds.count == 4)
        #expect(throws: DataError.self) { try table.split(trainFraction: 0.75, stratifyBy: "kk", using: &generator) }
    }
}
