import CKernels

/// Parses the records of one chunk of a CSV input into column builders.
///
/// The hot loop: for a column still taking numbers, the number is read
/// straight from the bytes (no field copy) and stored; everything else takes
/// `CSVScanner`'s general field path. A chunk starts at a record boundary the
/// reader guessed (just after a line feed, assumed outside quotes); a chunk
/// that runs into its end inside a quoted field reports `endedInQuote`, which
/// tells the reader that the next chunk's guess was wrong.
struct CSVChunkParser: @unchecked Sendable {
    /// How a chunk ended.
    enum Outcome: Sendable {
        /// All records parsed.
        case done
        /// The chunk's end is inside a quoted field (only for a non-final chunk).
        case endedInQuote
        /// The first error in the chunk.
        case failed(PendingError)
    }

    let scanner: CSVScanner
    let names: [String]
    let missing: MissingTokens
    let columnCount: Int
    /// Whether numbers may be read before checking for missing tokens (no token is numeric).
    private let numbersFirst: Bool

    init(scanner: CSVScanner, names: [String], missing: MissingTokens) {
        self.scanner = scanner
        self.names = names
        self.missing = missing
        columnCount = names.count
        numbersFirst = !missing.hasNumericToken
    }

    /// Parses the records in `range` into `builders` (one per column).
    func parse(_ range: Range<Int>, isFinal: Bool, into builders: inout [ColumnBuilder]) -> Outcome {
        builders.withUnsafeMutableBufferPointer { columns in
            var p = range.lowerBound
            let limit = range.upperBound
            var bulk = bulkAllowed ? BulkNumbers(columnCount: columnCount) : nil
            while p < limit {
                if bulk != nil, !bulk!.read(at: &p, limit: limit, scanner: scanner, columns) { bulk = nil }
                guard p < limit else { break }
                if let next = scanner.blankLineEnd(p, limit) {
                    p = next
                    continue
                }
                do throws(RecordFailure) {
                    p = try record(at: p, limit: limit, columns)
                } catch let failure {
                    if case .unterminated = failure.reason, !isFinal { return .endedInQuote }
                    return .failed(failure.error)
                }
            }
            return .done
        }
    }

    /// Whether `BulkNumbers` may read this input: numbers are read before missing
    /// tokens, and the delimiter can be neither part of a number (then "1e5" would
    /// split) nor a line end (the bulk reader ends records at every line feed).
    private var bulkAllowed: Bool {
        guard numbersFirst else { return false }
        let d = scanner.delimiter
        return !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) && !Array("+-.eE\r\n".utf8).contains(d)
    }

    /// Runs of records made only of short plain numbers, read by `mlx_csv_read_numbers`
    /// (which finds the separators of 64 bytes at a time, so consecutive fields are
    /// read independently) straight into the builders' words. The records it stops
    /// at take the general path, one at a time.
    private struct BulkNumbers {
        private var modes: [UInt8]
        private var outputs: [UnsafeMutablePointer<UInt64>?]
        /// Records left to the general path before the next try.
        private var pause = 0
        /// The pause after a try that read fewer than `worthwhile` records (or could not
        /// start); it doubles while tries keep failing, so input the bulk reader mostly
        /// refuses costs it a try now and then, not one per record.
        private var backoff = 1
        private static let worthwhile = 8
        private static let longestPause = 1024

        init(columnCount: Int) {
            modes = Array(repeating: 0, count: columnCount)
            outputs = Array(repeating: nil, count: columnCount)
        }

        /// Reads what it can from `p` and moves `p` past it; false once a column can never
        /// be read in bulk in this chunk (it turned to text or boolean).
        mutating func read(at p: inout Int, limit: Int, scanner: CSVScanner, _ columns: UnsafeMutableBufferPointer<ColumnBuilder>) -> Bool {
            if pause > 0 {
                pause -= 1
                return true
            }
            var room = Int.max
            for c in columns.indices {
                guard let mode = columns[c].bulkNumberMode else {
                    // A column of only missing values so far may still turn numeric.
                    guard columns[c].state == .empty else { return false }
                    holdOff()
                    return true
                }
                guard let free = columns[c].freeWords, free.count > 0 else { return true }  // the general path grows it
                modes[c] = mode
                outputs[c] = free.start
                room = Swift.min(room, free.count)
            }
            var rows = 0
            p = mlx_csv_read_numbers(
                scanner.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), p, limit, scanner.bytes.count,
                scanner.delimiter, columns.count, modes, outputs, room, &rows)
            for c in columns.indices { columns[c].appended(rows) }
            if rows < Self.worthwhile { holdOff() } else { backoff = 1 }
            return true
        }

        private mutating func holdOff() {
            pause = backoff
            backoff = Swift.min(backoff * 2, Self.longestPause)
        }
    }

    /// A failure inside a record, with the scanner's reason when there is one.
    struct RecordFailure: Error {
        var reason: CSVScanner.Failure?
        var error: PendingError
    }

    /// Parses one record starting at `start`; returns the start of the next.
    @inline(__always)
    private func record(at start: Int, limit: Int, _ columns: UnsafeMutableBufferPointer<ColumnBuilder>) throws(RecordFailure) -> Int {
        var p = start
        var c = 0
        while true {
            let next = try field(at: p, limit: limit, column: c, &columns[c])
            if scanner.continuesRecord(next, limit) {
                if c == columnCount - 1 { throw RecordFailure(error: tooMany(recordStart: start, extra: next + 1)) }
                c += 1
                p = next + 1
            } else {
                if c < columnCount - 1 {
                    throw RecordFailure(error: PendingError(.raggedRow, "expected \(columnCount) fields, found \(c + 1)", at: next))
                }
                return scanner.afterLineEnd(next, limit)
            }
        }
    }

    /// Reads field `column` at `p` into `builder`; returns the offset after it.
    @inline(__always)
    private func field(at p: Int, limit: Int, column: Int, _ builder: inout ColumnBuilder) throws(RecordFailure) -> Int {
        if numbersFirst, builder.takesNumbers {
            // The common case first: a short number right up to the end of its field.
            if p &+ NumberLexeme.shortReach <= limit, let lexeme = NumberLexeme.parseShort(scanner.bytes, from: p),
               scanner.endsField(lexeme.end, limit), builder.addNumber(lexeme) {
                return lexeme.end
            }
            let first = scanner.skipBlanks(p, limit)
            if let lexeme = NumberLexeme.parse(scanner.bytes, from: first, to: limit) {
                let next = scanner.skipBlanks(lexeme.end, limit)
                if scanner.endsField(next, limit), builder.addNumber(lexeme) { return next }
            }
        }
        let field: CSVScanner.Field
        do {
            field = try scanner.field(at: p, limit: limit)
        } catch {
            throw RecordFailure(reason: error, error: Self.pending(error))
        }
        do {
            try add(field, to: &builder)
        } catch {
            let found = String(decoding: scanner.content(field).prefix(40), as: UTF8.self)
            let message = "column '\(names[column])': expected \(error.expected), found '\(found)'"
            throw RecordFailure(error: PendingError(.invalidValue, message, at: field.quoted ? field.start - 1 : p))
        }
        return field.next
    }

    private func add(_ field: CSVScanner.Field, to builder: inout ColumnBuilder) throws(ColumnBuilder.Rejection) {
        if field.escaped {
            let content = scanner.content(field)
            let rejection = content.withUnsafeBytes { raw -> ColumnBuilder.Rejection? in
                do throws(ColumnBuilder.Rejection) {
                    try builder.addField(raw, trimmed: trim(raw), missing: missing)
                    return nil
                } catch {
                    return error
                }
            }
            if let rejection { throw rejection }
        } else {
            let raw = UnsafeRawBufferPointer(rebasing: scanner.bytes[field.start..<field.end])
            try builder.addField(raw, trimmed: trim(raw), missing: missing)
        }
    }

    /// `raw` without blanks at either end.
    private func trim(_ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lower = 0
        var upper = raw.count
        while lower < upper, scanner.isBlank(raw[lower]) { lower += 1 }
        while upper > lower, scanner.isBlank(raw[upper - 1]) { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: raw[lower..<upper])
    }

    /// The error for a record with more fields than the header: counts them all, to the
    /// end of the input rather than the chunk, since a quoted field may cross the chunk's end.
    private func tooMany(recordStart: Int, extra: Int) -> PendingError {
        let limit = scanner.bytes.count
        var count = columnCount + 1
        var p = extra
        while let field = try? scanner.field(at: p, limit: limit), scanner.continuesRecord(field.next, limit) {
            count += 1
            p = field.next + 1
        }
        return PendingError(.raggedRow, "expected \(columnCount) fields, found \(count)", at: extra)
    }

    /// The error for a scanner failure.
    static func pending(_ failure: CSVScanner.Failure) -> PendingError {
        switch failure {
        case .unterminated(let open):
            return PendingError(.unterminatedQuote, "unterminated quote: the quoted field that starts here never ends", at: open)
        case .junkAfterQuote(let at):
            return PendingError(.invalidValue, "unexpected character after the closing quote of a field", at: at)
        }
    }
}
