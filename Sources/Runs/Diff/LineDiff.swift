/// A minimal line diff (Myers' O(ND) algorithm in linear space) and its
/// unified form: `---`/`+++` headers and `@@` hunks with context lines.
public enum LineDiff {
    /// One line of the edit script.
    public enum Edit: Equatable, Sendable {
        /// In both texts.
        case same(String)
        /// Only in the old text.
        case removed(String)
        /// Only in the new text.
        case added(String)
    }

    /// A run of changes with the unchanged lines around them, as `@@ -l,s +l,s @@` shows it.
    public struct Hunk: Equatable, Sendable {
        /// The first old line shown, counted from 1 (the line before the hunk when it shows none).
        public var oldStart: Int
        /// How many old lines the hunk shows (context and removed).
        public var oldCount: Int
        /// The first new line shown, counted from 1 (the line before the hunk when it shows none).
        public var newStart: Int
        /// How many new lines the hunk shows (context and added).
        public var newCount: Int
        /// The context, removed and added lines in order.
        public var edits: [Edit]

        /// The `@@ … @@` line; a count of 1 is left out, as diff and git do.
        public var header: String {
            func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
            return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@"
        }

        /// The hunk's lines after its header, each with its ` `, `-` or `+` mark.
        public var lines: [String] {
            edits.map { edit in
                switch edit {
                case .same(let line): " " + line
                case .removed(let line): "-" + line
                case .added(let line): "+" + line
                }
            }
        }
    }

    /// Marks a last line without a newline, so that `x` and `x⏎` differ.
    static let missingNewline = "\\ No newline at end of file"

    /// The lines of `text`; a final newline does not start another line, and
    /// a last line without one carries the marker line after it.
    public static func lines(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" {
            lines.removeLast()
        } else {
            lines[lines.count - 1] += "\n" + missingNewline
        }
        return lines
    }

    /// The shortest edit script turning `old` into `new`; removals come before additions in each change.
    public static func edits(from old: [String], to new: [String]) -> [Edit] {
        // Lines compared as small integers: equal lines, equal codes.
        var codes = [String: Int]()
        let a = old.map { line in
            if let code = codes[line] { return code }
            codes[line] = codes.count
            return codes.count - 1
        }
        let b = new.map { codes[$0] ?? -1 }  // a line only in new matches nothing
        var script = MyersScript(a: a, b: b)
        script.compare(0..<a.count, 0..<b.count)
        let edits: [Edit] = script.operations.map { operation in
            switch operation {
            case .same(let i, _): .same(old[i])
            case .removed(let i): .removed(old[i])
            case .added(let j): .added(new[j])
            }
        }
        return removalsFirst(edits)
    }

    /// The split into halves can leave `+a -b` inside one change; readers
    /// expect each change's old lines before its new ones, as diff prints them.
    private static func removalsFirst(_ edits: [Edit]) -> [Edit] {
        var result = [Edit](), removed = [Edit](), added = [Edit]()
        result.reserveCapacity(edits.count)
        for edit in edits {
            switch edit {
            case .removed: removed.append(edit)
            case .added: added.append(edit)
            case .same:
                result += removed + added + [edit]
                removed.removeAll()
                added.removeAll()
            }
        }
        return result + removed + added
    }

    /// The changes of `edits` grouped into hunks with `context` unchanged lines around each.
    public static func hunks(_ edits: [Edit], context: Int = 3) -> [Hunk] {
        let changed = edits.indices.filter { if case .same = edits[$0] { false } else { true } }
        guard let first = changed.first else { return [] }
        var groups = [(first: Int, last: Int)]()
        var group = (first: first, last: first)
        for index in changed.dropFirst() {
            if index - group.last - 1 > 2 * context {
                groups.append(group)
                group = (index, index)
            } else {
                group.last = index
            }
        }
        groups.append(group)
        return groups.map { hunk(edits, from: max(0, $0.first - context), through: min(edits.count - 1, $0.last + context)) }
    }

    /// The hunk showing `edits[from...through]`, with line numbers counted from the start.
    private static func hunk(_ edits: [Edit], from: Int, through: Int) -> Hunk {
        var oldBefore = 0, newBefore = 0
        for edit in edits[..<from] {
            if case .added = edit {} else { oldBefore += 1 }
            if case .removed = edit {} else { newBefore += 1 }
        }
        let shown = Array(edits[from...through])
        let oldCount = shown.filter { if case .added = $0 { false } else { true } }.count
        let newCount = shown.filter { if case .removed = $0 { false } else { true } }.count
        return Hunk(
            oldStart: oldCount == 0 ? oldBefore : oldBefore + 1, oldCount: oldCount,
            newStart: newCount == 0 ? newBefore : newBefore + 1, newCount: newCount, edits: shown)
    }

    /// The hunks that turn text `old` into `new`; none when they are equal.
    public static func hunks(from old: String, to new: String, context: Int = 3) -> [Hunk] {
        hunks(edits(from: lines(of: old), to: lines(of: new)), context: context)
    }

    /// The unified diff of two texts under the given names; empty when they are equal.
    public static func unified(from old: String, to new: String, oldName: String, newName: String, context: Int = 3) -> String {
        unified(hunks(from: old, to: new, context: context), oldName: oldName, newName: newName)
    }

    /// `hunks` in the unified format under the given names; empty when there are none.
    public static func unified(_ hunks: [Hunk], oldName: String, newName: String) -> String {
        guard !hunks.isEmpty else { return "" }
        var text = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks {
            text += hunk.header + "\n"
            for line in hunk.lines { text += line + "\n" }
        }
        return text
    }
}

/// Myers' divide-and-conquer form: find where a shortest path through the
/// edit graph crosses its middle diagonal band, split there, recurse. Memory
/// stays linear in the input, so a long REPL session cannot blow up.
private struct MyersScript {
    enum Operation {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    let a: [Int]
    let b: [Int]
    var operations = [Operation]()

    init(a: [Int], b: [Int]) {
        self.a = a
        self.b = b
    }

    mutating func compare(_ old: Range<Int>, _ new: Range<Int>) {
        var old = old, new = new
        var prefix = 0
        while prefix < old.count, prefix < new.count, a[old.lowerBound + prefix] == b[new.lowerBound + prefix] { prefix += 1 }
        for k in 0..<prefix { operations.append(.same(old.lowerBound + k, new.lowerBound + k)) }
        old = (old.lowerBound + prefix)..<old.upperBound
        new = (new.lowerBound + prefix)..<new.upperBound
        var suffix = 0
        while suffix < old.count, suffix < new.count, a[old.upperBound - 1 - suffix] == b[new.upperBound - 1 - suffix] { suffix += 1 }
        let tail = (old.upperBound - suffix, new.upperBound - suffix)
        old = old.lowerBound..<(old.upperBound - suffix)
        new = new.lowerBound..<(new.upperBound - suffix)

        // A split at a corner would recurse on the same problem; the search never returns one, but a loop must be impossible.
        if shareALine(old, new), let (x, y) = middle(old, new), (x, y) != (old.lowerBound, new.lowerBound),
            (x, y) != (old.upperBound, new.upperBound)
        {
            compare(old.lowerBound..<x, new.lowerBound..<y)
            compare(x..<old.upperBound, y..<new.upperBound)
        } else {
            for i in old { operations.append(.removed(i)) }
            for j in new { operations.append(.added(j)) }
        }
        for k in 0..<suffix { operations.append(.same(tail.0 + k, tail.1 + k)) }
    }

    /// Whether any line of `new` is also in `old`. When none is, the search
    /// would walk every diagonal (quadratic time) to find nothing.
    private func shareALine(_ old: Range<Int>, _ new: Range<Int>) -> Bool {
        guard !old.isEmpty, !new.isEmpty else { return false }
        let lines = Set(a[old])
        return new.contains { lines.contains(b[$0]) }
    }

    /// A point on a shortest edit path that splits it in two smaller
    /// problems: forward and reverse searches run in turn until their
    /// furthest-reaching paths overlap. Nil when nothing matches.
    private func middle(_ old: Range<Int>, _ new: Range<Int>) -> (Int, Int)? {
        let n = old.count, m = new.count
        let maxD = (n + m + 1) / 2
        let offset = maxD, size = 2 * maxD + 2
        var forward = [Int](repeating: -1, count: size), backward = [Int](repeating: -1, count: size)
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = n - m
        let checkOnForward = delta % 2 != 0
        var (forwardStart, forwardEnd, backwardStart, backwardEnd) = (0, 0, 0, 0)
        for d in 0..<maxD {
            for k in stride(from: -d + forwardStart, through: d - forwardEnd, by: 2) {
                var x = k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1]) ? forward[offset + k + 1] : forward[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[old.lowerBound + x] == b[new.lowerBound + y] { (x, y) = (x + 1, y + 1) }
                forward[offset + k] = x
                if x > n {
                    forwardEnd += 2
                } else if y > m {
                    forwardStart += 2
                } else if checkOnForward {
                    let mirrored = offset + delta - k
                    if mirrored >= 0, mirrored < size, backward[mirrored] != -1, x >= n - backward[mirrored] {
                        return (old.lowerBound + x, new.lowerBound + y)
                    }
                }
            }
            for k in stride(from: -d + backwardStart, through: d - backwardEnd, by: 2) {
                var x = k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1]) ? backward[offset + k + 1] : backward[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[old.upperBound - 1 - x] == b[new.upperBound - 1 - y] { (x, y) = (x + 1, y + 1) }
                backward[offset + k] = x
                if x > n {
                    backwardEnd += 2
                } else if y > m {
                    backwardStart += 2
                } else if !checkOnForward {
                    let mirrored = offset + delta - k
                    if mirrored >= 0, mirrored < size, forward[mirrored] != -1 {
                        let forwardX = forward[mirrored], forwardY = forwardX - (mirrored - offset)
                        if forwardX >= n - x { return (old.lowerBound + forwardX, new.lowerBound + forwardY) }
                    }
                }
            }
        }
        return nil
    }
}
