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

    /// The most conditions one query takes: each is a clause of the query's SQL,
    /// whose expression depth SQLite bounds.
    public static let mostConditions = 100

    /// Parses `accuracy > 0.9 and status = ok`. Errors do not name the option
    /// (`mlx runs` takes conditions under two names, and says which).
    public static func conditions(_ text: String) throws(StoreError) -> [Condition] {
        var result = [Condition]()
        let parts = clauses(text)
        guard parts.count <= mostConditions else {
            throw StoreError("\(parts.count) conditions joined with 'and': at most \(mostConditions) are taken")
        }
        for (index, part) in parts.enumerated() {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            // Read as a condition, the blank beside a stray 'and' would be blamed on its neighbour.
            if trimmed.isEmpty, parts.count > 1 { throw missingCondition(at: index, of: parts.count, in: text) }
            // The operator is the first run of operator characters, read whole, so that
            // 'accuracy => 0.9' is refused rather than read as a field named 'accuracy ='.
            guard let operatorStart = trimmed.firstIndex(where: Self.operatorCharacters.contains) else {
                throw StoreError("cannot read '\(trimmed)': expected name, an operator (< <= > >= = !=) and a value, such as 'accuracy > 0.9'")
            }
            // Blanks between operator characters count too, so that '< =' is named, not read as '<' and '= 0.5'.
            let spelling = trimmed[operatorStart...].prefix { $0 == " " || Self.operatorCharacters.contains($0) }
            let spelled = spelling.trimmingCharacters(in: .whitespaces)
            guard let op = Condition.Operator(rawValue: spelled) else {
                throw StoreError("unknown operator '\(spelled)' in '\(trimmed)': use one of < <= > >= = !=")
            }
            let field = trimmed[..<operatorStart].trimmingCharacters(in: .whitespaces)
            var value = trimmed[spelling.endIndex...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == value.last, q == "'" || q == "\"" { value = String(value.dropFirst().dropLast()) }
            guard !field.isEmpty, !value.isEmpty else { throw StoreError("'\(trimmed)' needs a name on the left and a value on the right") }
            try check(value, for: field)
            result.append(Condition(field: field, op: op, value: value))
        }
        return result
    }

    /// `text` cut at each `and` that is a word of its own: between blanks, or at
    /// either end, where it leaves an empty clause to be refused (`accuracy > 0.9 and`)
    /// instead of reading as part of a name or value; not inside a quoted value
    /// (`script = 'a and b.mlx'`), whose quote opens after a blank or an operator.
    static func clauses(_ text: String) -> [Substring] {
        var clauses = [Substring](), clauseStart = text.startIndex, index = text.startIndex
        var quote: Character?
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"", opensValue(at: index, in: text) {
                quote = character
            } else if let word = text.index(index, offsetBy: 3, limitedBy: text.endIndex).map({ index..<$0 }),
                text[word] == "and", standsAlone(word, in: text)
            {
                clauses.append(text[clauseStart..<word.lowerBound])
                (clauseStart, index) = (word.upperBound, word.upperBound)
                continue
            }
            index = text.index(after: index)
        }
        return clauses + [text[clauseStart...]]
    }

    /// Whether a quote at `index` begins a value: at the start, or after a blank
    /// or an operator (an apostrophe inside a word does not).
    private static func opensValue(at index: String.Index, in text: String) -> Bool {
        guard index > text.startIndex else { return true }
        let before = text[text.index(before: index)]
        return before == " " || before == "\t" || operatorCharacters.contains(before)
    }

    /// Whether `word` in `text` has a blank or the end of `text` on both sides.
    private static func standsAlone(_ word: Range<String.Index>, in text: String) -> Bool {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        let startsAlone = word.lowerBound == text.startIndex || isBlank(text[text.index(before: word.lowerBound)])
        return startsAlone && (word.upperBound == text.endIndex || isBlank(text[word.upperBound]))
    }

    /// Refuses `text` whose clause `index` of `count` is empty: an 'and' with no condition on one side.
    private static func missingCondition(at index: Int, of count: Int, in text: String) -> StoreError {
        let place = index == 0 ? "before the first 'and'" : index == count - 1 ? "after the last 'and'" : "between two 'and's"
        let example = "'accuracy > 0.9 and status = ok'"
        return StoreError("a condition is missing \(place) in '\(text)': 'and' joins two conditions, such as \(example)")
    }

    /// Refuses a value `field` can never equal, rather than matching no run.
    private static func check(_ value: String, for field: String) throws(StoreError) {
        switch field {
        case "status" where RunRecord.Status(rawValue: value) == nil:
            throw StoreError("status is one of \(RunRecord.Status.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
        case "kind" where RunRecord.Kind(rawValue: value) == nil:
            throw StoreError("kind is one of \(RunRecord.Kind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
        case "started" where startInterval(value) == nil:
            throw StoreError("started is compared with a local date or time such as 2026-11-25 or '2026-11-25 14:30', got '\(value)'")
        // A metric, number or duration: compared as numbers.
        case _ where field == "number" || field == "duration" || !fields.contains(field):
            guard let number = decimalNumber(value) else {
                throw StoreError("\(fields.contains(field) ? field : "metric '\(field)'") is compared with a number, got '\(value)'" + fieldHint(field))
            }
            // Swift reads 'nan' as a number, and every comparison with it is false: the condition could only match nothing.
            if number.isNaN { throw StoreError("\(field) cannot be compared with '\(value)', which equals and orders with nothing") }
        default: break
        }
    }

    /// `text` as a decimal number with an optional sign and exponent, or `inf`:
    /// Swift's own reading also takes hexadecimal (`0x10`), which is no way to write a metric.
    static func decimalNumber(_ text: String) -> Double? {
        var rest = Substring(text.lowercased())
        if let sign = rest.first, sign == "+" || sign == "-" { rest = rest.dropFirst() }
        // NaN is read, to be refused with its own reason.
        if ["inf", "infinity", "nan", "snan"].contains(rest) { return Double(text) }
        let mantissa = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard mantissa.contains(where: \.isNumber), mantissa.filter({ $0 == "." }).count <= 1 else { return nil }
        var exponent = rest.dropFirst(mantissa.count)
        if !exponent.isEmpty {
            guard exponent.first == "e" else { return nil }
            exponent = exponent.dropFirst()
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        return Double(text)
    }

    /// For a name that is not a run field but compared with a word, as run
    /// fields are: the field it likely misspells, if one is close.
    private static func fieldHint(_ name: String) -> String {
        guard !fields.contains(name), let field = Spelling.closest(to: name, among: fields) else { return "" }
        return "; did you mean the run field '\(field)'?"
    }

    /// The span of time `text` names, in seconds since 1970: a whole day
    /// (`2026-11-25`), minute (`2026-11-25 14:30`) or second (`…:05`), in
    /// `timeZone` (the one `mlx runs` shows times in) unless it ends in `Z`
    /// or an offset such as `+02:00`; a `T` may separate date and time.
    public static func startInterval(_ text: String, timeZone: TimeZone = .current) -> Range<Double>? {
        var rest = Substring(text)
        func number(_ digits: Int) -> Int? {
            let part = rest.prefix(digits)
            guard part.count == digits, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber) else { return nil }
            rest = rest.dropFirst(digits)
            return Int(part)
        }
        func skip(_ separators: String) -> Bool {
            guard let first = rest.first, separators.contains(first) else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2) else { return nil }
        var parts = DateComponents(year: year, month: month, day: day)
        var unit = Calendar.Component.day
        if skip(" T") {
            guard let hour = number(2), hour < 24, skip(":"), let minute = number(2), minute < 60 else { return nil }
            (parts.hour, parts.minute, unit) = (hour, minute, .minute)
            if skip(":") {
                guard let second = number(2), second < 60 else { return nil }
                (parts.second, unit) = (second, .second)
            }
        }
        var zone = timeZone
        if skip("Z") {
            zone = TimeZone(secondsFromGMT: 0)!
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            rest = rest.dropFirst()
            guard let hours = number(2), hours <= 14 else { return nil }
            _ = skip(":")  // +0200 or +02:00
            guard let minutes = number(2), minutes < 60 else { return nil }
            zone = TimeZone(secondsFromGMT: (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)) ?? zone
        }
        guard rest.isEmpty else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // A date the calendar would roll over (February 30) is not one.
        guard let start = calendar.date(from: parts), calendar.dateComponents([.year, .month, .day], from: start) == DateComponents(year: year, month: month, day: day),
            let end = calendar.date(byAdding: unit, value: 1, to: start)  // a local day may be 23 or 25 hours
        else { return nil }
        return start.timeIntervalSince1970..<end.timeIntervalSince1970
    }
}

import Foundation
import Tables
