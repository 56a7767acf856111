import Numerics

/// Row selection: by index, by mask, head and tail, seeded samples.
extension Table {
    /// The most values a table made from nothing (a sample with replacement) may hold, as for matrices;
    /// the message below spells it.
    static let maximumValues = 100_000_000

    /// Refuses, before it is built, a result of `rows` × `columns` values beyond `limit`
    /// (`maximumValues`; tests lower it): joins, one-hot and polynomial columns grow as a
    /// product of their inputs' sizes, and a JSON Lines table as its records times their keys.
    static func requireFits(rows: Int, columns: Int, _ what: String, limit: Int = maximumValues) throws(DataError) {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard overflow || count > limit else { return }
        throw DataError(
            .invalidArgument, "\(what) would make \(rows) rows × \(columns) columns, too large (at most \(grouped(limit)) values)")
    }

    /// `n` with its digits in groups of three, as the limits are written: 100,000,000.
    private static func grouped(_ n: Int) -> String {
        var text = String(n)
        for i in stride(from: text.count - 3, to: 0, by: -3) { text.insert(",", at: text.index(text.startIndex, offsetBy: i)) }
        return text
    }

    /// The rows at `indices`, in that order (indices may repeat).
    /// - Throws: `DataError.invalidArgument` for an index outside the table.
    public func selectingRows(_ indices: [Int]) throws -> Table {
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw DataError(.invalidArgument, "row \(bad) is outside a table of \(rowCount) rows")
        }
        return Table(unchecked: columns.map { $0.selecting(indices) }, rowCount: indices.count, rowKeys: indices.map { rowKeys[$0] })
    }

    /// The rows where `keep` is true.
    /// - Throws: `DataError.lengthMismatch` when the mask's length differs from the row count.
    public func filtering(_ keep: [Bool]) throws -> Table {
        try selectingRows(try rows(where: keep))
    }

    /// The first `n` rows (all of them if there are fewer).
    public func head(_ n: Int = 10) -> Table {
        try! selectingRows(firstRows(n))
    }

    /// The last `n` rows (all of them if there are fewer).
    public func tail(_ n: Int = 10) -> Table {
        try! selectingRows(lastRows(n))
    }

    /// `n` rows drawn with `generator`, without replacement unless `replace`.
    /// - Throws: `DataError.invalidArgument` when more rows are asked for than exist without replacement.
    public func sample(_ n: Int, replace: Bool = false, using generator: inout RandomGenerator) throws -> Table {
        try selectingRows(try sampledRows(n, replace: replace, using: &generator))
    }
}

/// The row numbers each selection picks, for a caller that must pick the same rows of a
/// table kept beside this one (the raw rows behind a preprocessed table).
extension Table {
    /// The numbers of the rows where `keep` is true, as `filtering(_:)` keeps them.
    /// - Throws: `DataError.lengthMismatch` when the mask's length differs from the row count.
    public func rows(where keep: [Bool]) throws -> [Int] {
        guard keep.count == rowCount else {
            throw DataError(.lengthMismatch, "filter has \(keep.count) values for \(rowCount) rows")
        }
        return keep.indices.filter { keep[$0] }
    }

    /// The numbers of the rows `head(_:)` keeps.
    public func firstRows(_ n: Int) -> [Int] {
        Array(0..<Swift.max(0, Swift.min(n, rowCount)))
    }

    /// The numbers of the rows `tail(_:)` keeps.
    public func lastRows(_ n: Int) -> [Int] {
        Array(Swift.max(0, rowCount - Swift.max(0, n))..<rowCount)
    }

    /// The numbers of the rows `sample(_:replace:using:)` draws, drawn the same way.
    /// - Throws: `DataError.invalidArgument` when more rows are asked for than exist without replacement.
    public func sampledRows(_ n: Int, replace: Bool = false, using generator: inout RandomGenerator) throws -> [Int] {
        // Without replacement n is at most the table's rows; with it, anything goes: bound the result.
        if replace, n > 0, n > Self.maximumValues / Swift.max(1, columnCount) {
            throw DataError(.invalidArgument, "\(n) rows × \(columnCount) columns is too large (at most 100,000,000 values)")
        }
        do {
            return try generator.sample(count: n, from: rowCount, replace: replace)
        } catch let error as NumericsError {
            throw DataError(.invalidArgument, "\(error)")
        }
    }
}
