import Foundation
import Runs

/// `mlx runs`: runs as an aligned table with their headline metrics, or as JSON.
public struct RunListRenderer: Sendable {
    /// How metric values are rounded.
    public var numbers = NumberFormat()
    /// The zone start times are shown in.
    public var timeZone = TimeZone.current
    /// The widest a script (or replay and verdict) cell may be, in terminal cells.
    public var maxTitleWidth = 40
    /// How many rows a table must have for its cells to be made on two threads.
    var fewestRowsShared = 1000

    /// A renderer with these settings.
    public init(numbers: NumberFormat = NumberFormat(), timeZone: TimeZone = .current, maxTitleWidth: Int = 40) {
        self.numbers = numbers
        self.timeZone = timeZone
        self.maxTitleWidth = maxTitleWidth
    }

    /// `table` aligned, a column per metric; a note says how many runs were
    /// left out when `total` (the runs the query matched) is larger.
    /// `filtered`: whether conditions chose the runs.
    public func table(_ table: RunTable, total: Int, filtered: Bool) -> String {
        guard !table.runs.isEmpty else { return filtered ? "no runs match" : "no runs recorded yet" }
        let header = ["#", "id", "started", "script", "status", "duration"] + table.metrics
        var headerRow = TextGrid(reservingCells: header.count)
        for name in header { headerRow.append(name) }
        headerRow.endRow()
        let numeric = Set([0, 5] + table.metrics.indices.map { $0 + 6 })
        let text = TextGrid.text([headerRow] + rows(of: table), rightAligned: numeric)
        guard let note = Self.note(shown: table.runs.count, total: total, filtered: filtered) else { return text }
        return text + "\n" + note
    }

    /// The line saying how many runs a limit left out, if it left any out.
    public static func note(shown: Int, total: Int, filtered: Bool) -> String? {
        guard total > shown else { return nil }
        return "\(shown) of \(total)\(filtered ? " matching" : "") runs; --all or --limit N for more"
    }

    /// The rows of `table`, in parts: the first half made on a second thread
    /// when there are thousands (`mlx runs --all`), since making the cells is
    /// most of what a long listing costs.
    private func rows(of table: RunTable) -> [TextGrid] {
        let cellsPerRow = 6 + table.metrics.count
        @Sendable func rows(_ part: Range<Int>) -> TextGrid {
            var grid = TextGrid(reservingCells: part.count * cellsPerRow)
            for i in part { appendRow(i, of: table, to: &grid) }
            return grid
        }
        let all = table.runs.indices
        guard all.count >= fewestRowsShared else { return [rows(all)] }
        let middle = all.count / 2
        nonisolated(unsafe) var firstHalf = TextGrid()
        var secondHalf = TextGrid()
        onTwoThreads({ firstHalf = rows(0..<middle) }, { secondHalf = rows(middle..<all.count) })
        return [firstHalf, secondHalf]
    }

    private func appendRow(_ i: Int, of table: RunTable, to grid: inout TextGrid) {
        let run = table.runs[i]
        grid.append(String(run.number))
        grid.append(String(run.contentID.prefix(12)))
        grid.append(Self.started(run.startedAt, timeZone: timeZone))
        grid.append(DisplayWidth.truncate(Self.origin(of: run).replacingControlCharacters(), to: maxTitleWidth))
        grid.append(run.status.rawValue)
        grid.append(run.duration.map(RunReport.formatDuration) ?? "-")
        for column in table.values { grid.append(column[i].map(numbers.format) ?? "") }
        grid.endRow()
    }

    /// The script, `repl`, or `replay of #N: verdict`.
    static func origin(of run: RunSummary) -> String {
        switch run.kind {
        case .script: run.script ?? "script"
        case .repl: "repl"
        case .replay: "replay of #\(run.replayOf.map(String.init) ?? "?")" + (run.verdict.map { ": \($0)" } ?? "")
        }
    }

    /// `yyyy-MM-dd HH:mm` in `timeZone`: minutes are what a person tells runs apart by.
    /// (By hand rather than with DateFormatter or String(format:): `mlx runs
    /// --all` formats thousands of dates, and those dominated its time.)
    public static func started(_ date: Date, timeZone: TimeZone = .current) -> String {
        var local = time_t(date.timeIntervalSince1970.rounded(.down)) + time_t(timeZone.secondsFromGMT(for: date))
        var parts = tm()
        gmtime_r(&local, &parts)
        let year = parts.tm_year + 1900
        guard (0...9999).contains(year) else { return "\(year)-?" }
        // Written as bytes: interpolating the five numbers made five strings a row.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { text in
            func put(_ number: Int32, endingAt end: Int, digits: Int) {
                var n = Int(number)
                for position in stride(from: end - 1, through: end - digits, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                }
            }
            put(year, endingAt: 4, digits: 4)
            put(parts.tm_mon + 1, endingAt: 7, digits: 2)
            put(parts.tm_mday, endingAt: 10, digits: 2)
            put(parts.tm_hour, endingAt: 13, digits: 2)
            put(parts.tm_min, endingAt: 16, digits: 2)
            (text[4], text[7], text[10], text[13]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: ":"))
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// `summaries` as a JSON array, one object per run; times in ISO 8601 (UTC),
    /// durations in seconds, a metric that could not be computed as null.
    public func json(_ summaries: [RunSummary]) -> String {
        let dates = JSONOutput.dateFormatter()
        func optional<T>(_ value: T?, _ wrap: (T) -> JSONOutput.Value) -> JSONOutput.Value { value.map(wrap) ?? .null }
        return JSONOutput.text(.array(summaries.map { run in
            .object([
                ("number", .integer(run.number)), ("id", .string(run.contentID)), ("kind", .string(run.kind.rawValue)),
                ("script", optional(run.script, JSONOutput.Value.string)), ("started", .string(dates.string(from: run.startedAt))),
                ("ended", optional(run.endedAt) { .string(dates.string(from: $0)) }), ("status", .string(run.status.rawValue)),
                ("duration", optional(run.duration, JSONOutput.Value.number)), ("replay_of", optional(run.replayOf, JSONOutput.Value.integer)),
                ("verdict", optional(run.verdict, JSONOutput.Value.string)),
                ("metrics", .object(run.metrics.map { ($0.key, .number($0.value)) })),
            ])
        }))
    }
}
