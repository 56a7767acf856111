/// A named, typed column with explicit missing values.
///
/// Values are stored contiguously by type. A missing entry is recorded in
/// `missing`; the slot under it holds a placeholder (NaN for numbers, 0,
/// false, code −1 for categories, "" for text) that no operation reads as data.
public struct Column: Equatable, Sendable {
    /// The stored values, by type.
    public enum Values: Equatable, Sendable {
        case number([Double])
        case integer([Int64])
        case boolean([Bool])
        /// Codes index `levels`; −1 marks a missing entry.
        case categorical(codes: [Int32], levels: [String])
        case text([String])

        /// Numbers compare by bit pattern, so that NaN equals NaN and equal
        /// columns are equal (IEEE equality would make a column unequal to itself).
        public static func == (lhs: Values, rhs: Values) -> Bool {
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
            case (.integer(let a), .integer(let b)): return a == b
            case (.boolean(let a), .boolean(let b)): return a == b
            case (.categorical(let a, let la), .categorical(let b, let lb)): return a == b && la == lb
            case (.text(let a), .text(let b)): return a == b
            default: return false
            }
        }
    }

    /// The column's name (any Unicode, spaces allowed).
    public var name: String
    /// The values.
    public private(set) var values: Values
    /// Which rows are missing.
    public private(set) var missing: MissingMask

    /// Creates a column; `missing` must only name rows inside it.
    /// - Throws: `DataError.invalidArgument` when the mask or category codes are out of range.
    public init(name: String, values: Values, missing: MissingMask = MissingMask()) throws {
        self.name = name
        self.values = values
        self.missing = missing
        if let last = missing.rows.last, last >= count {
            throw DataError(.invalidArgument, "column '\(name)': missing row \(last) is outside its \(count) rows")
        }
        if case .categorical(let codes, let levels) = values, let bad = codes.first(where: { $0 < -1 || Int($0) >= levels.count }) {
            throw DataError(.invalidArgument, "column '\(name)': category code \(bad) has no level")
        }
        normalisePlaceholders()
    }

    /// Creates a column whose values are known to be consistent.
    init(unchecked name: String, values: Values, missing: MissingMask) {
        self.name = name
        self.values = values
        self.missing = missing
    }

    /// A number column; nil entries are missing.
    public static func numbers(_ name: String, _ values: [Double?]) -> Column {
        let mask = MissingMask(missingRows: values.indices.filter { values[$0] == nil })
        return Column(unchecked: name, values: .number(values.map { $0 ?? .nan }), missing: mask)
    }

    /// An integer column; nil entries are missing.
    public static func integers(_ name: String, _ values: [Int64?]) -> Column {
        let mask = MissingMask(missingRows: values.indices.filter { values[$0] == nil })
        return Column(unchecked: name, values: .integer(values.map { $0 ?? 0 }), missing: mask)
    }

    /// A boolean column; nil entries are missing.
    public static func booleans(_ name: String, _ values: [Bool?]) -> Column {
        let mask = MissingMask(missingRows: values.indices.filter { values[$0] == nil })
        return Column(unchecked: name, values: .boolean(values.map { $0 ?? false }), missing: mask)
    }

    /// A text column; nil entries are missing.
    public static func texts(_ name: String, _ values: [String?]) -> Column {
        let mask = MissingMask(missingRows: values.indices.filter { values[$0] == nil })
        return Column(unchecked: name, values: .text(values.map { $0 ?? "" }), missing: mask)
    }

    /// A categorical column whose levels are the distinct values in sorted
    /// order (or `levels`, when given); nil entries are missing.
    /// - Throws: `DataError.invalidValue` when a value is not among `levels`.
    public static func categories(_ name: String, _ values: [String?], levels: [String]? = nil) throws -> Column {
        let levelList = levels ?? Array(Set(values.compactMap { $0 })).sorted()
        var index = [String: Int32]()
        for (i, level) in levelList.enumerated() { index[level] = Int32(i) }
        var mask = MissingMask()
        var codes = [Int32]()
        codes.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            guard let value else {
                mask.insert(row)
                codes.append(-1)
                continue
            }
            guard let code = index[value] else {
                throw DataError(.invalidValue, "column '\(name)': '\(value)' is not one of its levels")
            }
            codes.append(code)
        }
        return Column(unchecked: name, values: .categorical(codes: codes, levels: levelList), missing: mask)
    }

    /// Number of rows.
    public var count: Int {
        switch values {
        case .number(let v): return v.count
        case .integer(let v): return v.count
        case .boolean(let v): return v.count
        case .categorical(let codes, _): return codes.count
        case .text(let v): return v.count
        }
    }

    /// The column's type.
    public var type: ColumnType {
        switch values {
        case .number: return .number
        case .integer: return .integer
        case .boolean: return .boolean
        case .categorical: return .categorical
        case .text: return .text
        }
    }

    /// The levels of a categorical column; nil for other types.
    public var levels: [String]? {
        if case .categorical(_, let levels) = values { return levels }
        return nil
    }

    /// The value at `row` (which must be inside the column).
    public subscript(row: Int) -> Cell {
        if missing.contains(row) { return .missing }
        switch values {
        case .number(let v): return .number(v[row])
        case .integer(let v): return .integer(v[row])
        case .boolean(let v): return .boolean(v[row])
        case .categorical(let codes, let levels): return .text(levels[Int(codes[row])])
        case .text(let v): return .text(v[row])
        }
    }

    /// The values as doubles, NaN where missing; booleans become 0 and 1.
    /// - Throws: `DataError.typeMismatch` for categorical and text columns.
    public func doubles() throws -> [Double] {
        switch values {
        case .number(let v): return v
        case .integer(let v):
            var result = v.map(Double.init)
            for row in missing.rows { result[row] = .nan }
            return result
        case .boolean(let v):
            var result = v.map { $0 ? 1.0 : 0.0 }
            for row in missing.rows { result[row] = .nan }
            return result
        case .categorical, .text:
            throw DataError(.typeMismatch, "column '\(name)' is \(type), not numeric")
        }
    }

    /// The values as strings, nil where missing (numbers in their shortest form).
    public func strings() -> [String?] {
        (0..<count).map { row in
            let cell = self[row]
            return cell == .missing ? nil : cell.description
        }
    }

    /// The rows at `indices`, in that order (indices may repeat; all must be inside the column).
    public func selecting(_ indices: [Int]) -> Column {
        let mask = missing.selecting(indices)
        let selected: Values
        switch values {
        case .number(let v): selected = .number(indices.map { v[$0] })
        case .integer(let v): selected = .integer(indices.map { v[$0] })
        case .boolean(let v): selected = .boolean(indices.map { v[$0] })
        case .categorical(let codes, let levels): selected = .categorical(codes: indices.map { codes[$0] }, levels: levels)
        case .text(let v): selected = .text(indices.map { v[$0] })
        }
        return Column(unchecked: name, values: selected, missing: mask)
    }

    /// The same column under another name.
    public func renamed(_ newName: String) -> Column {
        var copy = self
        copy.name = newName
        return copy
    }

    /// Puts the documented placeholder under every missing entry, so that two
    /// columns with the same data compare equal whatever the input held there.
    private mutating func normalisePlaceholders() {
        guard !missing.isEmpty else { return }
        let rows = missing.rows
        switch values {
        case .number(var v):
            for r in rows { v[r] = .nan }
            values = .number(v)
        case .integer(var v):
            for r in rows { v[r] = 0 }
            values = .integer(v)
        case .boolean(var v):
            for r in rows { v[r] = false }
            values = .boolean(v)
        case .categorical(var codes, let levels):
            for r in rows { codes[r] = -1 }
            values = .categorical(codes: codes, levels: levels)
        case .text(var v):
            for r in rows { v[r] = "" }
            values = .text(v)
        }
    }
}
