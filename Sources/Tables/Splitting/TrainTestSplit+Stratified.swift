import Numerics

/// Stratified train/test splits: every class split in proportion.
extension TrainTestSplit {
    /// A random split in which each class (distinct label) keeps its share of the rows.
    ///
    /// The algorithm, deterministic given the generator's state:
    /// 1. The sizes are those of `sizes(rowCount:)`. Classes are the distinct labels in
    ///    increasing string order; class c has n_c rows.
    /// 2. Class c's training count starts at ⌊n_c · n_train / n⌋ (exact integer arithmetic); the
    ///    rows left over go one each to the classes with the largest remainders of that division,
    ///    ties to the earlier class (largest-remainder apportionment).
    /// 3. Every class is then given at least one training and one test row: a class with none in
    ///    training takes one from the class most over its exact share (that keeps two or more),
    ///    and a class with all rows in training gives one to the class most under its share (that
    ///    keeps two or more test rows); ties to the earlier class.
    /// 4. For each class in order, its row indices (increasing) are shuffled with
    ///    `RandomGenerator.shuffle`; the first t_c go to training, the rest to test.
    /// 5. The concatenated training rows are shuffled, then the concatenated test rows.
    /// - Throws: `DataError.invalidValue` for a missing label; `DataError.invalidArgument` when a
    ///   class has a single row or either side has fewer rows than there are classes.
    public func stratifiedIndices(labels: [String?], using generator: inout RandomGenerator) throws -> SplitIndices {
        let members = try Self.classMembers(labels)
        let (trainCount, testCount) = try sizes(rowCount: labels.count)
        if let single = members.first(where: { $0.rows.count < 2 }) {
            throw DataError(.invalidArgument, "split: class '\(single.label)' has only 1 row; a stratified split needs at least 2 per class")
        }
        guard Swift.min(trainCount, testCount) >= members.count else {
            throw DataError(
                .invalidArgument,
                "split: \(members.count) classes do not fit in a split of \(trainCount) training and \(testCount) test rows")
        }
        let allocation = Self.apportion(trainCount, among: members.map(\.rows.count))
        var train = [Int](), test = [Int]()
        for (member, count) in zip(members, allocation) {
            let rows = generator.shuffled(member.rows)
            train += rows[..<count]
            test += rows[count...]
        }
        generator.shuffle(&train)
        generator.shuffle(&test)
        return SplitIndices(train: train, test: test)
    }

    /// The row indices of each distinct label, labels in increasing order.
    /// - Throws: `DataError.invalidValue` for a missing label.
    static func classMembers(_ labels: [String?]) throws -> [(label: String, rows: [Int])] {
        var rows = [String: [Int]]()
        for (row, label) in labels.enumerated() {
            guard let label else { throw DataError(.invalidValue, "split: row \(row + 1) has no class label to stratify by") }
            rows[label, default: []].append(row)
        }
        return rows.keys.sorted().map { ($0, rows[$0]!) }
    }

    /// Steps 2 and 3 of `stratifiedIndices`: training rows per class.
    static func apportion(_ total: Int, among counts: [Int]) -> [Int] {
        let n = counts.reduce(0, +)
        var shares = counts.map { $0 * total / n }
        let remainders = counts.map { $0 * total % n }
        let order = counts.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for c in order.prefix(total - shares.reduce(0, +)) { shares[c] += 1 }
        // Over-allocation t·n − n_c·total compares shares exactly, without division.
        let excess = { (c: Int) in shares[c] * n - counts[c] * total }
        for c in counts.indices where shares[c] == 0 {
            guard let donor = counts.indices.filter({ shares[$0] >= 2 }).max(by: { excess($0) < excess($1) || (excess($0) == excess($1) && $0 > $1) }) else { continue }
            shares[donor] -= 1
            shares[c] += 1
        }
        for c in counts.indices where shares[c] == counts[c] {
            guard let receiver = counts.indices.filter({ counts[$0] - shares[$0] >= 2 }).min(by: { excess($0) < excess($1) || (excess($0) == excess($1) && $0 < $1) }) else { continue }
            shares[receiver] += 1
            shares[c] -= 1
        }
        return shares
    }
}
