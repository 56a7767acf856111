/// The checks a fitted model's or a fitted preprocessing step's `checkConsistency` is made of.
/// Each names the parameter as the model document spells it, so whoever edited the document
/// can find it.
package enum ParameterCheck {
    /// `name` is `expected` (`reason` says where that comes from).
    package static func value(_ name: String, _ actual: Int, is expected: Int, _ reason: String) throws {
        guard actual == expected else { throw DataError(.invalidValue, "\(name) is \(actual), expected \(expected) (\(reason))") }
    }

    /// `name` holds `expected` entries.
    package static func count(_ name: String, _ actual: Int, is expected: Int, _ reason: String) throws {
        guard actual == expected else { throw DataError(.invalidValue, "\(name) has length \(actual), expected \(expected) (\(reason))") }
    }

    /// `name` holds at least one entry.
    package static func nonEmpty(_ name: String, _ count: Int) throws {
        guard count > 0 else { throw DataError(.invalidValue, "\(name) is empty") }
    }

    /// Every row of `name` holds `width` entries.
    package static func rows(_ name: String, _ rows: [[Double]], width: Int, _ reason: String) throws {
        for (index, row) in rows.enumerated() {
            try count("\(name)[\(index)]", row.count, is: width, reason)
        }
    }

    /// `name` is `rows` rows of `columns` entries.
    package static func matrix(_ name: String, _ values: [[Double]], rows: Int, columns: Int, _ rowReason: String, _ columnReason: String) throws {
        try count(name, values.count, is: rows, rowReason)
        try self.rows(name, values, width: columns, columnReason)
    }

    /// `name` holds `rows` × `columns` entries, without the product overflowing.
    package static func flatCount(_ name: String, _ actual: Int, rows: Int, columns: Int, _ reason: String) throws {
        let (expected, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, actual == expected else {
            throw DataError(.invalidValue, "\(name) has length \(actual), expected \(rows) × \(columns) (\(reason))")
        }
    }

    /// `name` is between `range`'s bounds.
    package static func within(_ name: String, _ actual: Int, _ range: ClosedRange<Int>, _ reason: String) throws {
        guard range.contains(actual) else {
            throw DataError(.invalidValue, "\(name) is \(actual), expected \(range.lowerBound) to \(range.upperBound) (\(reason))")
        }
    }

    /// Every entry of `name` indexes one of `count` things.
    package static func indices(_ name: String, _ values: [Int], below count: Int, _ reason: String) throws {
        if let index = values.firstIndex(where: { !(0..<count).contains($0) }) {
            throw DataError(.invalidValue, "\(name)[\(index)] is \(values[index]), expected 0 to \(count - 1) (\(reason))")
        }
    }

    /// Every entry of `name` is above 0 (a variance, say): NaN is not.
    package static func positive(_ name: String, _ values: [[Double]]) throws {
        for (row, entries) in values.enumerated() {
            if let column = entries.firstIndex(where: { !($0 > 0) }) {
                throw DataError(.invalidValue, "\(name)[\(row)][\(column)] is \(entries[column]), expected a number above 0")
            }
        }
    }

    /// `name` is a number, not NaN (an infinity may still be a bound).
    package static func number(_ name: String, _ value: Double) throws {
        guard !value.isNaN else { throw DataError(.invalidValue, "\(name) is nan, expected a number") }
    }

    /// `name` is a finite number.
    package static func finite(_ name: String, _ value: Double) throws {
        guard value.isFinite else { throw DataError(.invalidValue, "\(name) is \(value), expected a finite number") }
    }

    /// `name` is a finite number above 0 (a divisor, say).
    package static func positive(_ name: String, _ value: Double) throws {
        guard value.isFinite, value > 0 else { throw DataError(.invalidValue, "\(name) is \(value), expected a finite number above 0") }
    }

    /// `lowerName` is at most `upperName`.
    package static func ordered(_ lowerName: String, _ lower: Double, _ upperName: String, _ upper: Double) throws {
        guard lower <= upper else { throw DataError(.invalidValue, "\(lowerName) is \(lower), expected at most \(upperName) (\(upper))") }
    }

    /// Each entry of `name` is above the one before it.
    package static func increasing(_ name: String, _ values: [Double]) throws {
        for index in values.indices.dropFirst() where !(values[index] > values[index - 1]) {
            throw DataError(.invalidValue, "\(name)[\(index)] is \(values[index]), expected a number above \(name)[\(index - 1)] (\(values[index - 1]))")
        }
    }

    /// `name` holds at least `minimum` entries.
    package static func atLeast(_ name: String, _ actual: Int, _ minimum: Int, _ reason: String) throws {
        guard actual >= minimum else { throw DataError(.invalidValue, "\(name) is \(actual), expected at least \(minimum) (\(reason))") }
    }

    /// No two entries of `name` (or of their `field`) are equal.
    package static func distinct(_ name: String, _ values: [String], field: String? = nil, _ reason: String) throws {
        let path = { (index: Int) in "\(name)[\(index)]" + (field.map { "." + $0 } ?? "") }
        var seen = [String: Int]()
        for (index, value) in values.enumerated() {
            if let first = seen.updateValue(index, forKey: value) {
                throw DataError(.invalidValue, "\(path(index)) is '\(value)', as is \(path(first)); expected each once (\(reason))")
            }
        }
    }
}
