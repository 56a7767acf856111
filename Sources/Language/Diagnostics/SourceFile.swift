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
        let start = lineStarts[line(of: offset) - 1]
        return String(decoding: bytes(start, Swift.min(offset, text.utf8.count)), as: UTF8.self).count + 1
    }

    /// The text of one-based line `number`, without its line break.
    public func lineText(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var line = bytes(start, number < lineStarts.count ? lineStarts[number] - 1 : text.utf8.count)
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
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
