/// Which runs `mlx runs` lists, in what order: conditions such as
/// `accuracy > 0.9 and status = ok`, a sort key, a limit.
public struct RunQuery: Equatable, Sendable {
    /// One condition on a metric (compared as a number) or a run field.
    public struct Condition: Equatable, Sendable {
        public enum Operator: String, CaseIterable, Sendable {
            case lessOrEqual = "<=", greaterOrEqual = ">=", notEqual = "!=", equal = "==", less = "<", greater = ">", singleEqual = "="
            var sql: String { self == .singleEqual || self == .equal ? "=" : rawValue }
        }
        public var field: String
        public var op: Operator
        public var value: String
    }

    /// The run fields a condition or sort may name besides metrics.
    public static let fields = ["number", "status", "kind", "script", "started", "duration"]

    public var conditions: [Condition] = []
    /// A field or metric name; nil sorts by number.
    public var sort: String?
    public var descending = false
    /// At most this many runs (the newest, or the first in sort order).
    public var limit: Int?

    public init(conditions: [Condition] = [], sort: String? = nil, descending: Bool = false, limit: Int? = nil) {
        self.conditions = conditions
        self.sort = sort
        self.descending = descending
        self.limit = limit
    }

    private static let operatorCharacters: Set<Character> = ["<", ">", "=", "!"]

    /// Parses `accuracy > 0.9 and status = ok`.
    public static func conditions(_ text: String) throws(StoreError) -> [Condition] {
        var result = [Condition]()
        for part in text.components(separatedBy: " and ") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            // The operator is the first run of operator characters, read whole, so that
            // 'accuracy => 0.9' is refused rather than read as a field named 'accuracy ='.
            guard let operatorStart = trimmed.firstIndex(where: Self.operatorCharacters.contains) else {
                throw StoreError("--where: cannot read '\(trimmed)': expected name, an operator (< <= > >= = !=) and a value, such as 'accuracy > 0.9'")
            }
            // Blanks between operator characters count too, so that '< =' is named, not read as '<' and '= 0.5'.
            let spelling = trimmed[operatorStart...].prefix { $0 == " " || Self.operatorCharacters.contains($0) }
            let spelled = spelling.trimmingCharacters(in: .whitespaces)
            guard let op = Condition.Operator(rawValue: spelled) else {
                throw StoreError("--where: unknown operator '\(spelled)' in '\(trimmed)': use one of < <= > >= = !=")
            }
            let field = trimmed[..<operatorStart].trimmingCharacters(in: .whitespaces)
            var value = trimmed[spelling.endIndex...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == value.last, q == "'" || q == "\"" { value = String(value.dropFirst().dropLast()) }
            guard !field.isEmpty, !value.isEmpty else { throw StoreError("--where: '\(trimmed)' needs a name on the left and a value on the right") }
            if !fields.contains(field), Double(value) == nil {
                throw StoreError("--where: metric '\(field)' is compared with a number, got '\(value)'")
            }
            result.append(Condition(field: field, op: op, value: value))
        }
        return result
    }
}

import Foundation
