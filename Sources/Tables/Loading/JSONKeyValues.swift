/// The values one key of a JSON Lines file took, with the rows they are on.
///
/// Only the rows that have the key hold an entry. A file whose records each bring keys
/// of their own makes a table of rows × keys cells, nearly all missing; kept dense while
/// reading, every one of those cells cost a whole `JSONScalar` (about 86 bytes). This way
/// reading costs what the file holds, and the dense column is made once, at the end,
/// in its final type.
struct JSONKeyValues {
    /// The rows that have the key, increasing.
    private(set) var rows: [Int] = []
    /// The value on each of those rows; `null` is kept (as missing) for its offset.
    private(set) var values: [JSONScalar] = []

    /// Records `value` on `row`, which must come after every row recorded so far.
    mutating func append(_ value: JSONScalar, row: Int) {
        rows.append(row)
        values.append(value)
    }

    /// The missing rows of the column of `rowCount` rows: those without the key, and nulls.
    func missingMask(rowCount: Int) -> MissingMask {
        var mask = MissingMask()
        var next = 0
        for row in 0..<rowCount {
            if next < rows.count, rows[next] == row {
                if case .missing = values[next].value { mask.insert(row) }
                next += 1
            } else {
                mask.insert(row)
            }
        }
        return mask
    }

    /// The column's `rowCount` elements: `absent` on the rows without the key, each value
    /// converted on the others, in row order (so the first value `convert` rejects is the
    /// first in the file).
    func dense<T, Failure: Error>(rowCount: Int, absent: T, _ convert: (JSONScalar) throws(Failure) -> T) throws(Failure) -> [T] {
        var out = Array(repeating: absent, count: rowCount)
        for (row, value) in zip(rows, values) { out[row] = try convert(value) }
        return out
    }
}
