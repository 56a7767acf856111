import Tables

/// The raw columns a deployed model takes, and the checks every request value
/// passes before it reaches the model.
///
/// Rows become a table exactly as the language's `predict(model, record)`
/// builds one (numbers as number columns, booleans as boolean columns, text
/// and categories as text columns), so a served prediction is bit for bit the
/// one a script gets. Serving is stricter than a script about what it accepts:
/// no missing values (a preprocessing step that drops rows would misalign the
/// answer) and no categories the model never saw.
struct InputSchema: Sendable {
    let fields: [SchemaField]
    private let positions: [String: Int]
    private let knownLevels: [Set<String>?]

    init(_ fields: [SchemaField]) {
        self.fields = fields
        positions = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        knownLevels = fields.map { $0.type == .categorical ? $0.levels.map(Set.init) : nil }
    }

    var names: [String] { fields.map(\.name) }

    /// Whether every input is a number, an integer or a boolean (so a batch can be one matrix).
    var isAllNumeric: Bool { fields.allSatisfy { $0.type == .number || $0.type == .integer } }

    /// The position of the input named `name`. Models have a few inputs: comparing
    /// short strings beats hashing them, which this does once per cell of a request.
    func position(of name: String) -> Int? {
        fields.count <= 16 ? fields.firstIndex { $0.name == name } : positions[name]
    }

    /// "(its inputs are a, b, c)", for messages about columns.
    var inputList: String { "(its inputs are \(names.joined(separator: ", ")))" }

    /// A table of `records`, each a JSON object from column name to value.
    func table(records: [JSONValue]) throws(RequestError) -> Table {
        guard !records.isEmpty else { throw RequestError(.badRequest, "no rows to predict: the batch is empty") }
        var columns = fields.map { _ in [JSONValue]() }
        for (index, record) in records.enumerated() {
            let row = try cells(of: record, row: index + 1)
            for (column, value) in row.enumerated() { columns[column].append(value) }
        }
        return try table(columns: columns)
    }

    /// A table of `columns`, in input order, all of the same length.
    func table(columns: [[JSONValue]]) throws(RequestError) -> Table {
        var built = [Column]()
        built.reserveCapacity(fields.count)
        for (position, values) in columns.enumerated() { built.append(try column(at: position, values)) }
        do { return try Table(columns: built) } catch {
            throw RequestError(.internalServerError, "cannot assemble the rows into a table: \(error)")
        }
    }

    /// One record's values in input order.
    private func cells(of record: JSONValue, row: Int) throws(RequestError) -> [JSONValue] {
        guard case .object(let members) = record else {
            throw RequestError(.badRequest, "row \(row) is \(record.kindDescription), not an object of column values")
        }
        var values = [JSONValue?](repeating: nil, count: fields.count)
        var unknown = [String]()
        for member in members {
            if let position = position(of: member.key) { values[position] = member.value } else { unknown.append(member.key) }
        }
        if !unknown.isEmpty {
            throw RequestError(.badRequest, "row \(row) has columns the model does not take: \(unknown.joined(separator: ", ")) \(inputList)")
        }
        let missing = zip(fields, values).filter { $0.1 == nil }.map(\.0.name)
        if !missing.isEmpty {
            throw RequestError(.badRequest, "row \(row) is missing columns: \(missing.joined(separator: ", ")) \(inputList)")
        }
        return values.map { $0 ?? .null }
    }

    private func column(at position: Int, _ values: [JSONValue]) throws(RequestError) -> Column {
        let field = fields[position]
        switch field.type {
        case .number, .integer:
            var numbers = [Double?]()
            numbers.reserveCapacity(values.count)
            for (index, value) in values.enumerated() { numbers.append(try number(value, field, row: index + 1)) }
            return Column.numbers(field.name, numbers)
        case .boolean:
            var booleans = [Bool?]()
            booleans.reserveCapacity(values.count)
            for (index, value) in values.enumerated() { booleans.append(try boolean(value, field, row: index + 1)) }
            return Column.booleans(field.name, booleans)
        case .categorical, .text:
            var texts = [String?]()
            texts.reserveCapacity(values.count)
            for (index, value) in values.enumerated() { texts.append(try text(value, field, known: knownLevels[position], row: index + 1)) }
            return Column.texts(field.name, texts)
        }
    }

    private func number(_ value: JSONValue, _ field: SchemaField, row: Int) throws(RequestError) -> Double {
        guard case .number(let x) = value else { throw mismatch(value, field, row: row, expected: "a number") }
        guard x.isFinite else { throw RequestError(.badRequest, "\(Self.place(row, field)) is too large for a 64-bit float") }
        if field.type == .integer, x != x.rounded() {
            throw RequestError(.badRequest, "\(Self.place(row, field)) must be a whole number, got \(JSONWriter.number(x))")
        }
        return x
    }

    private func boolean(_ value: JSONValue, _ field: SchemaField, row: Int) throws(RequestError) -> Bool {
        guard case .boolean(let b) = value else { throw mismatch(value, field, row: row, expected: "true or false") }
        return b
    }

    private func text(_ value: JSONValue, _ field: SchemaField, known: Set<String>?, row: Int) throws(RequestError) -> String {
        let levels = field.type == .categorical ? field.levels : nil
        guard case .string(let s) = value else {
            throw mismatch(value, field, row: row, expected: levels.map { "a string (one of \($0.joined(separator: ", ")))" } ?? "a string")
        }
        if let known, !known.contains(s), let levels {
            throw RequestError(
                .badRequest, "\(Self.place(row, field)) has the unknown category \(Self.quoted(s)) (known: \(levels.joined(separator: ", ")))")
        }
        return s
    }

    private func mismatch(_ value: JSONValue, _ field: SchemaField, row: Int, expected: String) -> RequestError {
        if case .null = value {
            return RequestError(.badRequest, "\(Self.place(row, field)) is null; every input needs a value")
        }
        return RequestError(.badRequest, "\(Self.place(row, field)) must be \(expected), got \(Self.describe(value))")
    }

    static func place(_ row: Int, _ field: SchemaField) -> String { "row \(row), column '\(field.name)'" }

    /// A value as a message shows it: `a string ("5.1")`, `the number 3`, `true`, `an object`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "a string (\(quoted(s)))"
        case .number(let x): return x.isFinite ? "the number \(JSONWriter.number(x))" : "a number too large for a 64-bit float"
        default: return value.kindDescription
        }
    }

    /// `s` in double quotes, cut to 40 characters so a message stays one readable line.
    static func quoted(_ s: String) -> String {
        let cut = s.count > 40 ? String(s.prefix(40)) + "…" : s
        return "\"" + cut.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
