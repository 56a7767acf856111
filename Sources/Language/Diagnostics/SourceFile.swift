/// A piece of mlx source text with a name (a file path, `<stdin>`, `cell 3`).
///
/// Positions are UTF-8 byte offsets; lines and columns are computed on
/// demand, one-based, with columns counted in characters so that carets line
/// up under the text a person sees.
public struct SourceFile: Sendable, Equatable {
    /// The name diagnostics show for this source.
    public let name: String
    /// The text.
    public let text: String
    /// Byte offsets at which each line starts.
    let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// The one-based line containing byte `offset`.
    public func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The one-based column (in characters) of byte `offset`.
    public func column(of offset: Int) -> Int {
        characterCount(lineStarts[line(of: offset) - 1], offset) + 1
    }

    /// The characters from byte `start` up to byte `end`.
    func characterCount(_ start: Int, _ end: Int) -> Int {
        String(decoding: bytes(start, Swift.min(end, text.utf8.count)), as: UTF8.self).count
    }

    /// The text of one-based line `number`, without its line break.
    public func lineText(_ number: Int) -> String {
        let bounds = lineBounds(number)
        return String(decoding: bytes(bounds.lowerBound, bounds.upperBound), as: UTF8.self)
    }

    /// The bytes of one-based line `number`, without its line break (LF or CRLF).
    func lineBounds(_ number: Int) -> Range<Int> {
        guard number >= 1, number <= lineStarts.count else { return text.utf8.count..<text.utf8.count }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : text.utf8.count
        if end > start, text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: end - 1)] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }

    /// The text of bytes `start..<end` (each the start of a character's encoding).
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes(start, end), as: UTF8.self)
    }

    /// `offset`, or the start of the next character's encoding when it falls inside one.
    func scalarBoundary(atOrAfter offset: Int) -> Int {
        let utf8 = text.utf8
        var offset = Swift.min(Swift.max(0, offset), utf8.count)
        while offset < utf8.count, utf8[utf8.index(utf8.startIndex, offsetBy: offset)] & 0xC0 == 0x80 { offset += 1 }
        return offset
    }

    /// The bytes from offset `start` up to `end`; offsetting a native string's
    /// UTF-8 view takes constant time, so no line costs a pass over the text.
    private func bytes(_ start: Int, _ end: Int) -> Substring.UTF8View {
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: start)
        return Substring(text)[from..<utf8.index(from, offsetBy: Swift.max(0, end - start))].utf8
    }
}

/// A half-open byte range in a source.
public struct SourceRange: Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = Swift.max(start, end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(Swift.min(start, other.start), Swift.max(end, other.end))
    }
}
