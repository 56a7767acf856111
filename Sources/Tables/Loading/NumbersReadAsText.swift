/// A column that inference read as text or categories although nearly all of its values are
/// numbers: most often a typo (`37x`) or an unlisted missing marker (`?`) in a numeric column,
/// which would otherwise surface later as a misleading "column is categorical" error.
public struct NumbersReadAsText: Equatable, Sendable {
    /// The column's name.
    public let column: String
    /// How many present values read as numbers.
    public let numbers: Int
    /// How many present values do not.
    public let others: Int
    /// The first value that is not a number, and its row (0-based).
    public let firstOther: String
    public let firstOtherRow: Int

    /// At most this share of a column's present values may be other than numbers for it to
    /// count as a numeric column spoilt by a few of them.
    public static let maximumOtherShare = 0.05

    /// `column`, when it is such a column; nil otherwise (a numeric column, text that is mostly
    /// words, or codes made text only by leading zeros, which are numbers here).
    public static func find(in column: Column) -> NumbersReadAsText? {
        switch column.values {
        case .categorical(let codes, let levels):
            let levelIsNumber = levels.map(isNumber)
            guard levelIsNumber.contains(false) else { return nil }
            return tally(column.name, rows: codes.count) { row in
                let code = Int(codes[row])
                return code < 0 ? nil : (levelIsNumber[code], levels[code])
            }
        case .text(let texts):
            return tally(column.name, rows: texts.count) { row in
                column.missing.contains(row) ? nil : (isNumber(texts[row]), texts[row])
            }
        case .number, .integer, .boolean:
            return nil
        }
    }

    /// Counts numbers and others row by row, giving up as soon as others are too many.
    private static func tally(_ name: String, rows: Int, _ value: (Int) -> (isNumber: Bool, text: String)?) -> NumbersReadAsText? {
        var numbers = 0, others = 0, first: (row: Int, text: String)?
        for row in 0..<rows {
            guard let (isNumber, text) = value(row) else { continue }
            if isNumber {
                numbers += 1
            } else {
                others += 1
                if first == nil { first = (row, text) }
                // Checked as it goes, so a column of words costs a few values, not all of them.
                if Double(others) > maximumOtherShare * Double(rows) + 1 { return nil }
            }
        }
        guard let first, numbers >= 10, Double(others) <= maximumOtherShare * Double(numbers + others) else { return nil }
        return NumbersReadAsText(column: name, numbers: numbers, others: others, firstOther: first.text, firstOtherRow: first.row)
    }

    /// Whether `text` (trimmed of spaces) reads as a number as `load` reads one.
    static func isNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var start = 0, end = bytes.count
            while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            guard start < end else { return false }
            return NumberLexeme.parse(bytes, from: start, to: end)?.end == end
        }
    }
}
