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
        let utf8 = Array(text.utf8)
        let prefix = utf8[start..<Swift.min(offset, utf8.count)]
        return (String(decoding: prefix, as: UTF8.self).count) + 1
    }

    /// The text of one-based line `number`, without its line break.
    public func lineText(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let utf8 = Array(text.utf8)
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : utf8.count
        if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: utf8[start..<Swift.max(start, end)], as: UTF8.self)
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
