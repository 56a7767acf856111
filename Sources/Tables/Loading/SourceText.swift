/// The bytes being loaded, with the file name, for turning byte offsets into
/// the `file:line:column` of errors.
///
/// Parsers report offsets; lines and columns are computed only when an error
/// is raised, by scanning from the start, so the fast path never counts lines.
struct SourceText: @unchecked Sendable {
    /// The whole input, byte order mark included (the fingerprint covers all of it).
    let bytes: UnsafeRawBufferPointer
    /// The name shown in errors.
    let name: String

    /// Number of bytes.
    var count: Int { bytes.count }

    /// Where the content starts: after a UTF-8 byte order mark, if any.
    var contentStart: Int {
        count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The 1-based line and column (in characters, counting Unicode scalars;
    /// the byte order mark is not a character) of the byte at `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let target = Swift.min(Swift.max(offset, 0), count)
        var line = 1
        var lineStart = contentStart
        var i = contentStart
        while i < target {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var column = 1
        for j in lineStart..<target where bytes[j] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    /// A `DataError` located at `offset`.
    func error(_ kind: DataError.Kind, _ message: String, at offset: Int, withColumn: Bool = true) -> DataError {
        let (line, column) = location(of: offset)
        return DataError(kind, message, file: name, line: line, column: withColumn ? column : nil)
    }

    /// The bytes in `range` as a string (the input has been validated as UTF-8).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
