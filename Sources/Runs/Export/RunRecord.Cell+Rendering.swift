/// How a recorded cell is presented in `mlx show` and the exports.
extension RunRecord.Cell {
    /// Whether the cell is a REPL meta command such as `:reset` rather than code.
    var isMetaCommand: Bool { number == 0 }

    /// `[n]`, or the meta command itself, which has no number.
    var label: String { isMetaCommand ? source : "[\(number)]" }

    /// How the cell failed, for its mark (`✗ failed`); nil when it did not.
    var failure: String? {
        if !succeeded { return "failed" }
        return assertFailed ? "assert failed" : nil
    }

    /// The source without the empty line that ends a REPL block.
    var trimmedSource: String { Self.droppingTrailingNewlines(source) }

    /// The output without its final newline, so each format places its own.
    var trimmedOutput: String { Self.droppingTrailingNewlines(output) }

    private static func droppingTrailingNewlines(_ text: String) -> String {
        var text = text
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}

extension RunRecord {
    /// What to say after the cells of a run that did not end: nil for one that did.
    var unfinishedNote: String? {
        switch status {
        case .running: return "still running: later cells are not recorded yet"
        case .interrupted: return "interrupted: the process ended after \(cells.count) recorded cell\(cells.count == 1 ? "" : "s")"
        case .ok, .failed, .error: return nil
        }
    }
}
