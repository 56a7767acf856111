/// Collects one column's values for one chunk of rows, inferring the type as it goes.
///
/// Inference is a small lattice: `empty` (only missing so far) → `integer` →
/// `number`, or `empty` → `boolean`; anything else, and any code with a
/// leading zero, makes the column `text`. Numeric and boolean values go into a
/// word buffer by bit pattern; once a column turns to text, later fields are
/// kept as strings and the rows before (`textFromRow`) are re-read from the
/// input afterwards, so nothing is lost when a column changes its mind midway.
/// With a type override there is no inference: a field that does not fit the
/// type is an error.
struct ColumnBuilder {
    /// What the column holds so far.
    enum State: UInt8 {
        case empty, integer, number, boolean, text
    }

    /// Why a field was rejected under an override.
    struct Rejection: Error {
        /// What the override expected, e.g. "a number".
        let expected: String
    }

    private(set) var state: State
    /// The override, if any.
    let forced: ColumnType?
    /// Numbers (as Double bits), integers (as Int64 bits) or booleans (0/1), one per row.
    private(set) var payload: PayloadBuffer?
    /// The payload's memory and capacity, cached so that the parse loop never touches the
    /// class (which would cost a retain and release per field).
    private var words: UnsafeMutablePointer<UInt64>?
    private var capacity = 0
    /// Text values of rows `textFromRow...` once the column is text.
    private(set) var strings: [String] = []
    /// The first row whose text is in `strings`; earlier rows are re-read if the column ends up text.
    private(set) var textFromRow = 0
    /// Missing rows, numbered within the chunk.
    private(set) var missingRows: [Int] = []
    /// Rows read as the integer "-0" (0 as an integer): -0.0 should the column turn out to hold numbers,
    /// as it would be had the column been numeric when the row was read.
    private(set) var negativeZeroRows: [Int] = []
    /// Rows added.
    private(set) var rows = 0

    /// A builder whose payload, if any, comes from `pool` (recycled) or is mapped fresh.
    init(forced: ColumnType?, expectedRows: Int, pool: PayloadPool? = nil) {
        self.forced = forced
        switch forced {
        case .number: state = .number
        case .integer: state = .integer
        case .boolean: state = .boolean
        case .text, .categorical: state = .text
        case nil: state = .empty
        }
        if state != .text {
            let buffer = pool?.take(capacity: expectedRows) ?? PayloadBuffer(capacity: expectedRows)
            payload = buffer
            words = buffer.base
            capacity = buffer.capacity
        }
    }

    /// Stores the word of row `rows` (the caller then counts the row).
    @inline(__always)
    private mutating func push(_ word: UInt64) {
        if rows == capacity { grow() }
        words.unsafelyUnwrapped[rows] = word
    }

    private mutating func grow() {
        let buffer = payload.unsafelyUnwrapped
        buffer.grow(keeping: rows)
        words = buffer.base
        capacity = buffer.capacity
    }

    /// Whether the parser may hand this column numbers straight from the bytes.
    @inline(__always)
    var takesNumbers: Bool {
        switch state {
        case .empty, .integer: return forced == nil || forced == .integer
        case .number: return true
        case .boolean, .text: return false
        }
    }

    /// Adds a number read by the parser's fast path (`takesNumbers` was true).
    /// Returns false when the value does not fit and the field must take the general path.
    @inline(__always)
    mutating func addNumber(_ lexeme: NumberLexeme) -> Bool {
        if lexeme.hasLeadingZero, forced == nil { return false }
        switch state {
        case .number:
            push(lexeme.value.bitPattern)
        case .integer:
            if let integer = lexeme.integer {
                noteNegativeZero(lexeme)
                push(UInt64(bitPattern: integer))
            } else {
                guard forced == nil else { return false }
                becomeNumber()
                push(lexeme.value.bitPattern)
            }
        case .empty:
            if let integer = lexeme.integer {
                state = .integer
                noteNegativeZero(lexeme)
                push(UInt64(bitPattern: integer))
            } else {
                becomeNumber()
                push(lexeme.value.bitPattern)
            }
        case .boolean, .text:
            return false
        }
        rows += 1
        return true
    }

    /// How the bulk numeric reader may fill this column (`mlx_csv_read_numbers`'s mode),
    /// nil while it cannot: the column is empty, boolean or text, or its override refuses numbers.
    var bulkNumberMode: UInt8? {
        let leadingZeros: UInt8 = forced == nil ? 0 : 2
        switch state {
        case .number where forced == nil || forced == .number: return leadingZeros
        case .integer where forced == nil || forced == .integer: return 1 | leadingZeros
        default: return nil
        }
    }

    /// Where the next row's word goes and how many rows fit before the payload must grow.
    var freeWords: (start: UnsafeMutablePointer<UInt64>, count: Int)? {
        guard let words else { return nil }
        return (words + rows, capacity - rows)
    }

    /// Counts `count` rows whose words were written through `freeWords`.
    mutating func appended(_ count: Int) { rows += count }

    @inline(__always)
    private mutating func noteNegativeZero(_ lexeme: NumberLexeme) {
        if lexeme.integer == 0, lexeme.value.sign == .minus { negativeZeroRows.append(rows) }
    }

    /// Adds a missing value.
    mutating func addMissing() {
        missingRows.append(rows)
        switch state {
        case .number: push(Double.nan.bitPattern)
        case .text: strings.append("")
        case .empty, .integer, .boolean: push(0)
        }
        rows += 1
    }

    /// Adds a field by its content: missing token, number, boolean or text.
    /// - Throws: `Rejection` when an override's type does not fit the field.
    mutating func addField(_ content: UnsafeRawBufferPointer, trimmed: UnsafeRawBufferPointer, missing: MissingTokens) throws(Rejection) {
        if missing.matches(trimmed) {
            addMissing()
            return
        }
        if state == .text {
            strings.append(String(decoding: content, as: UTF8.self))
            rows += 1
            return
        }
        let number = NumberLexeme.parse(trimmed, from: 0, to: trimmed.count).flatMap { $0.end == trimmed.count ? $0 : nil }
        if let number, takesNumbers, addNumber(number) { return }
        let boolean = Self.boolean(trimmed)
        if let boolean, state == .empty || state == .boolean, forced == nil || forced == .boolean {
            state = .boolean
            push(boolean ? 1 : 0)
            rows += 1
            return
        }
        if let forced { throw Rejection(expected: Self.expectation(forced)) }
        becomeText()
        strings.append(String(decoding: content, as: UTF8.self))
        rows += 1
    }

    /// Hands the payload over (its words have been moved to the final column);
    /// the builder keeps its state, row count and missing rows, and takes no more values.
    mutating func detachPayload() -> PayloadBuffer? {
        defer {
            payload = nil
            words = nil
            capacity = 0
        }
        return payload
    }

    /// Converts integers seen so far to doubles (exactly as `strtod` would round them).
    private mutating func becomeNumber() {
        let words = words.unsafelyUnwrapped
        for row in 0..<rows {
            // Before the first number every row is missing: all become NaN below.
            words[row] = state == .integer ? Double(Int64(bitPattern: words[row])).bitPattern : Double.nan.bitPattern
        }
        for row in missingRows { words[row] = Double.nan.bitPattern }
        for row in negativeZeroRows { words[row] = (-0.0).bitPattern }
        state = .number
    }

    private mutating func becomeText() {
        state = .text
        textFromRow = rows
        payload?.release()
        payload = nil
        words = nil
        capacity = 0
    }

    /// "true" or "false" in any case.
    static func boolean(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        func equals(_ word: String) -> Bool {
            bytes.count == word.utf8.count && zip(bytes, word.utf8).allSatisfy { $0 | 0x20 == $1 }
        }
        if equals("true") { return true }
        if equals("false") { return false }
        return nil
    }

    private static func expectation(_ type: ColumnType) -> String {
        switch type {
        case .number: return "a number"
        case .integer: return "an integer"
        case .boolean: return "true or false"
        case .categorical, .text: return "text"
        }
    }
}
