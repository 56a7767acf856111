/// Field and record scanning for CSV-like text: the one place that knows
/// quoting, delimiters and line ends, shared by the fast chunk parser, the
/// header reader and the text re-extraction pass.
///
/// Rules (RFC 4180 plus what real files contain):
/// - records end at LF or CRLF (mixed is fine); a CR not followed by LF is data;
/// - a field whose first non-blank byte is `"` is quoted: it may contain the
///   delimiter, line breaks and doubled quotes (`""` is one `"`); blanks
///   (spaces and tabs that are not the delimiter) around the quotes are
///   dropped, anything else after the closing quote is an error;
/// - an unquoted field is kept byte for byte (a `"` inside it is data);
/// - lines that are empty or only blanks are skipped.
struct CSVScanner: @unchecked Sendable {
    /// One field's place in the input.
    struct Field {
        /// Content bounds (inside the quotes for a quoted field).
        var start: Int
        var end: Int
        /// Whether the field was quoted, and whether its content holds doubled quotes.
        var quoted: Bool
        var escaped: Bool
        /// Offset of the byte after the field (delimiter, line end, or the limit).
        var next: Int
    }

    /// Why a field could not be scanned.
    enum Failure: Error {
        /// A quoted field opened at `open` has no closing quote before the limit.
        case unterminated(open: Int)
        /// A byte other than a blank, delimiter or line end follows a closing quote.
        case junkAfterQuote(at: Int)
    }

    let bytes: UnsafeRawBufferPointer
    let delimiter: UInt8
    private let quote = UInt8(ascii: "\"")
    private let newline = UInt8(ascii: "\n")
    private let carriageReturn = UInt8(ascii: "\r")

    init(bytes: UnsafeRawBufferPointer, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    /// Spaces and tabs, except when one of them is the delimiter.
    @inline(__always)
    func isBlank(_ byte: UInt8) -> Bool {
        (byte == 0x20 || byte == 0x09) && byte != delimiter
    }

    /// The first offset at or after `i` that is not a blank.
    @inline(__always)
    func skipBlanks(_ i: Int, _ limit: Int) -> Int {
        var i = i
        while i < limit, isBlank(bytes[i]) { i += 1 }
        return i
    }

    /// Whether the byte at `i` ends a field: the limit, the delimiter, LF, or CR before LF/limit.
    @inline(__always)
    func endsField(_ i: Int, _ limit: Int) -> Bool {
        guard i < limit else { return true }
        let byte = bytes[i]
        if byte == delimiter || byte == newline { return true }
        return byte == carriageReturn && (i + 1 == limit || bytes[i + 1] == newline)
    }

    /// Whether the field that ended at `next` is followed by another field in the same record.
    @inline(__always)
    func continuesRecord(_ next: Int, _ limit: Int) -> Bool {
        next < limit && bytes[next] == delimiter
    }

    /// The start of the next record after a record ending at `next`.
    @inline(__always)
    func afterLineEnd(_ next: Int, _ limit: Int) -> Int {
        guard next < limit else { return limit }
        return bytes[next] == carriageReturn ? Swift.min(next + 2, limit) : next + 1
    }

    /// If the line at `i` is blank, the start of the next line; nil otherwise.
    @inline(__always)
    func blankLineEnd(_ i: Int, _ limit: Int) -> Int? {
        let j = skipBlanks(i, limit)
        guard j < limit else { return limit }
        if bytes[j] == newline { return j + 1 }
        if bytes[j] == carriageReturn, j + 1 < limit, bytes[j + 1] == newline { return j + 2 }
        return nil
    }

    /// Scans the field starting at `i`.
    func field(at i: Int, limit: Int) throws(Failure) -> Field {
        let first = skipBlanks(i, limit)
        if first < limit, bytes[first] == quote { return try quotedField(open: first, limit: limit) }
        var j = i
        while !endsField(j, limit) { j += 1 }
        return Field(start: i, end: j, quoted: false, escaped: false, next: j)
    }

    private func quotedField(open: Int, limit: Int) throws(Failure) -> Field {
        var j = open + 1
        var escaped = false
        while true {
            while j < limit, bytes[j] != quote { j += 1 }
            guard j < limit else { throw .unterminated(open: open) }
            if j + 1 < limit, bytes[j + 1] == quote {
                escaped = true
                j += 2
                continue
            }
            break
        }
        let next = skipBlanks(j + 1, limit)
        guard endsField(next, limit) else { throw .junkAfterQuote(at: next) }
        return Field(start: open + 1, end: j, quoted: true, escaped: escaped, next: next)
    }

    /// All fields of the record at `i` and the start of the next record.
    func record(at i: Int, limit: Int) throws(Failure) -> (fields: [Field], next: Int) {
        var fields = [Field]()
        var p = i
        while true {
            let field = try field(at: p, limit: limit)
            fields.append(field)
            if continuesRecord(field.next, limit) {
                p = field.next + 1
            } else {
                return (fields, afterLineEnd(field.next, limit))
            }
        }
    }

    /// The field's content as bytes, with doubled quotes undone.
    func content(_ field: Field) -> [UInt8] {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.escaped else { return Array(raw) }
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var k = 0
        while k < raw.count {
            out.append(raw[k])
            k += raw[k] == quote ? 2 : 1
        }
        return out
    }

    /// The field's content as a string (the input is valid UTF-8).
    func string(_ field: Field) -> String {
        if !field.escaped {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        }
        return String(decoding: content(field), as: UTF8.self)
    }
}
