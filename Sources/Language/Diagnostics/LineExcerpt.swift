/// What a diagnostic shows of its line: the line as the terminal should see it, or, when it is
/// longer than `width` characters, a window of that many around the caret with `…` where the
/// line goes on. Only the bytes near the caret are read, so a long line costs no more than a
/// short one.
struct LineExcerpt {
    /// The text shown.
    let text: String
    /// Terminal columns before the caret.
    let caretOffset: Int
    /// Terminal columns the caret underlines (at least one is drawn).
    let caretWidth: Int

    init(_ source: SourceFile, line: Int, range: SourceRange, width: Int) {
        let bounds = source.lineBounds(line)
        let caret = Swift.min(Swift.max(range.start, bounds.lowerBound), bounds.upperBound)
        // Enough bytes either side for `width` characters of up to four bytes each.
        let from = source.scalarBoundary(atOrAfter: Swift.max(bounds.lowerBound, caret - 4 * width))
        let to = source.scalarBoundary(atOrAfter: Swift.min(bounds.upperBound, caret + 4 * width))
        let before = source.text(from, caret).map { String($0).visible }
        let after = Array(source.text(caret, to))
        let underlined = Self.characters(in: after, bytes: Swift.min(range.end, bounds.upperBound) - caret)
        let all = before + after.map { String($0).visible }
        var first = 0, last = all.count
        let cutBefore = from > bounds.lowerBound, cutAfter = to < bounds.upperBound
        if cutBefore || cutAfter || all.count > width {
            first = Swift.max(0, Swift.min(before.count - width / 3, all.count - width))
            last = Swift.min(all.count, first + width)
        }
        let leading = first > 0 || cutBefore ? "…" : "", trailing = last < all.count || cutAfter ? "…" : ""
        let shown = all[first..<last], caretIndex = before.count
        text = leading + shown.joined() + trailing
        caretOffset = Self.columns(leading) + shown[..<caretIndex].reduce(0) { $0 + Self.columns($1) }
        let underlinedEnd = Swift.min(last, caretIndex + Swift.max(1, underlined))
        caretWidth = shown[caretIndex..<Swift.max(caretIndex, underlinedEnd)].reduce(0) { $0 + Self.columns($1) }
    }

    /// How many of `characters` start within their first `bytes` bytes.
    private static func characters(in characters: [Character], bytes: Int) -> Int {
        var count = 0, used = 0
        for character in characters where used < bytes {
            used += character.utf8.count
            count += 1
        }
        return count
    }

    /// Terminal columns of visible text: wide characters take two.
    private static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + $1.displayWidth }
    }
}
