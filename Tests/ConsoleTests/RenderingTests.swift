import Foundation
import Testing
@testable import Runs
import Tables
import Language
@testable import Console

@Suite struct RenderingTests {
    /// Objects kept for a live run say which run: by number, or by script while it has none.
    @Test func garbageKeptForALiveRunNamesTheRun() {
        var report = RunStore.GarbageReport()
        (report.keptForLiveRuns, report.referenced) = (1, 3)
        let kept = { (report: RunStore.GarbageReport) in GarbageReportRenderer.text(report, dryRun: false).split(separator: "\n").first.map(String.init) }
        report.oldestLiveRun = .init(number: 12, script: "a.mlx")
        #expect(kept(report) == "kept 1 unreferenced object written since run #12 started (still running)")
        report.oldestLiveRun = .init(number: nil, script: "train.mlx")
        #expect(kept(report) == "kept 1 unreferenced object written since a run of train.mlx started (still running, not numbered yet)")
        report.oldestLiveRun = nil
        #expect(kept(report) == "kept 1 unreferenced object written during the collection")
    }

    @Test func numbersRoundForDisplay() {
        let f = NumberFormat()
        #expect(f.format(5.1) == "5.1")
        #expect(f.format(1.0 / 3.0) == "0.333333")
        #expect(f.format(123456.789) == "123457")
        #expect(f.format(-0.00012345678) == "-0.000123457")
        #expect(f.format(1.5e-7) == "1.5e-07")
        #expect(f.format(2e20) == "2e+20")
        #expect(f.format(.nan) == "NaN" && f.format(-.infinity) == "-inf" && f.format(0) == "0")
        #expect(NumberFormat(significantDigits: 3).format(3.14159) == "3.14")
        #expect(NumberFormat(significantDigits: 1).format(-0.04) == "-0.04" && NumberFormat(significantDigits: 2).format(1200.4) == "1200")
    }

    @Test(arguments: 1...17)
    func fixedPointMatchesPrintf(_ digits: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(digits)
        let format = NumberFormat(significantDigits: digits)
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mantissa = Double(state >> 11) * 0x1p-53, exponent = Int(state % 19) - 4
            // Short decimals (ties such as 0.125 included) and arbitrary doubles.
            let x = (state & 1 == 0 ? (mantissa * 1000).rounded() / 1000 : mantissa) * pow(10, Double(exponent)) * (state & 2 == 0 ? 1 : -1)
            guard abs(x) >= 1e-4, abs(x) < 1e15 else { continue }
            let decimals = max(0, digits - 1 - Int(floor(log10(abs(x)))))
            var expected = String(format: "%.\(decimals)f", x)
            if expected.contains(".") {
                while expected.hasSuffix("0") { expected.removeLast() }
                if expected.hasSuffix(".") { expected.removeLast() }
            }
            #expect(format.format(x) == expected, "\(x) to \(digits) digits")
        }
    }

    @Test func startTimesMatchDateFormatter() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for zone in ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"].compactMap(TimeZone.init(identifier:)) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            for _ in 0..<2_000 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // 1970 to 2100, to the second.
                let date = Date(timeIntervalSince1970: Double((state >> 20) % 4_102_444_800))
                #expect(RunListRenderer.started(date, timeZone: zone) == formatter.string(from: date), "\(date) in \(zone.identifier)")
            }
        }
    }

    @Test func tablesAlignWithMissingAndWideCharacters() throws {
        let table = try Table(columns: [
            Column.texts("名前", ["東京", "Zürich", nil]),
            Column.numbers("value", [1.5, -20, nil]),
            Column.texts("note", ["line\nbreak", "ok", "x"]),
        ])
        let expected = """
            名前    value  note
            ──────  ─────  ───────────
            東京      1.5  line\\nbreak
            Zürich    -20  ok
            NA         NA  x
            3 rows × 3 columns
            """
        #expect(TableRenderer().render(table) == expected)
    }

    /// A grid laid out as the simplest code would: every cell padded to its
    /// column's width, joined two spaces apart, trailing spaces trimmed.
    private static func referenceLayout(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? DisplayWidth.of($0[c]) : 0 }.max() ?? 0 }
        var lines = [String]()
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in DisplayWidth.pad(cell, to: widths[c], right: index > 0 && rightAligned.contains(c)) }
            lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
            if index == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// Cells with more bytes than columns (marks, zero-width and wide
    /// characters), ragged rows and empty cells, laid out in one grid or in
    /// parts, match the reference layout.
    @Test func gridsLayOutAsTheReferenceDoes() {
        let zeroWidths = "a" + String(repeating: "\u{200B}", count: 40)
        var rows: [[String]] = [["name", "n", "note"]]
        for i in 0..<300 {
            switch i % 4 {
            case 0: rows.append([zeroWidths, String(i), "e\u{301}"])
            case 1: rows.append(["東京", String(i * 1000)])
            case 2: rows.append(["", "", "", "extra"])
            default: rows.append(["x ", String(-i), "trailing   "])
            }
        }
        let expected = Self.referenceLayout(rows, rightAligned: [1])
        #expect(TextGrid.text([TextGrid(rows)], rightAligned: [1]) == expected)
        var parts = [TextGrid]()
        for chunk in stride(from: 0, to: rows.count, by: 97) { parts.append(TextGrid(Array(rows[chunk..<min(chunk + 97, rows.count)]))) }
        #expect(TextGrid.text(parts, rightAligned: [1]) == expected)
        #expect(TextGrid.text([], rightAligned: [1]).isEmpty && TextGrid.text([TextGrid([])]).isEmpty)
    }

    /// A long listing's rows are made on two threads; the table is the one a
    /// single thread makes.
    @Test func longRunListsAreTheSameMadeOnTwoThreads() {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        func run(_ n: Int) -> RunSummary {
            let isReplay = n % 7 == 0, isInterrupted = n % 11 == 0
            let script = n % 5 == 0 ? "scripts/東京 \(n).mlx" : "s\(n).mlx"
            let started = start.addingTimeInterval(Double(n) * 61)
            let ended: Date? = isInterrupted ? nil : started.addingTimeInterval(Double(n % 90))
            let metrics: [String: Double] = n % 3 == 0 ? [:] : ["accuracy": 1 / Double(n), "f1": Double(n) * 1.5]
            return RunSummary(
                number: n, contentID: String(repeating: String(n % 10), count: 64), kind: isReplay ? .replay : .script, script: script,
                startedAt: started, endedAt: ended, status: isInterrupted ? .interrupted : .ok, replayOf: isReplay ? n - 1 : nil,
                verdict: isReplay ? "identical" : nil, metrics: metrics)
        }
        let runs = (1...2_501).map(run)
        var single = RunListRenderer(timeZone: TimeZone(identifier: "UTC")!)
        single.fewestRowsShared = Int.max
        var shared = single
        shared.fewestRowsShared = 2
        let columns = ["accuracy", "f1"].map { name in runs.map { $0.metrics[name] } }
        let runTable = RunTable(runs: runs, metrics: ["accuracy", "f1"], values: columns)
        let table = shared.table(runTable, total: 3_000, filtered: false)
        #expect(table == single.table(runTable, total: 3_000, filtered: false))
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 + runs.count + 1 && lines.last.map(String.init) == "2501 of 3000 runs; --all or --limit N for more")
        #expect(lines[2].hasSuffix(" 1     1.5") && lines[4].hasSuffix("  ") == false && lines[4].hasSuffix(" 3.00 s"), "\(lines[2]) | \(lines[4])")
        #expect(lines[2].hasPrefix("   1  111111111111  2026-09-21 ") && lines[2 + 2_500].hasPrefix("2501  111111111111  "), "\(lines[2])")
    }

    @Test func longTablesShowHeadAndTail() throws {
        let table = try Table(columns: [Column.integers("i", (0..<100).map { Int64($0) })])
        let lines = TableRenderer(maxRows: 4).render(table).split(separator: "\n")
        #expect(lines.map(String.init) == ["i", "──", " 0", " 1", " …", "98", "99", "100 rows × 1 column"])
    }

    @Test func describeShowsNumericAndCategoricalStatistics() throws {
        let table = try Table(columns: [Column.numbers("x", [1, 2, 3, nil]), try Column.categories("c", ["a", "b", "a", "a"])])
        let expected = """
            column  type         count  missing  mean  sd  min  25%  50%  75%  max  unique  top  freq
            ──────  ───────────  ─────  ───────  ────  ──  ───  ───  ───  ───  ───  ──────  ───  ────
            x       number           3        1     2   1    1  1.5    2  2.5    3
            c       categorical      4        0                                          2  a       3
            """
        #expect(DescriptionRenderer().render(table.describe()) == expected)
    }

    @Test func dataCannotSendControlCharactersToTheTerminal() throws {
        let escape = "\u{1B}[31mred"
        let table = try Table(columns: [Column.texts("a\u{1B}[2J", [escape, escape, "x\r\ny"]), Column.texts("b\nc", ["1", "2", "3"])])
        let shown = [
            TableRenderer().render(table), DescriptionRenderer().render(table.describe()),
            ValueRenderer().render(.list([.string(escape)])), ValueRenderer().render(.column(try table.column("a\u{1B}[2J"))),
        ]
        for text in shown {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D }, "\(text.debugDescription)")
        }
        #expect(TableRenderer().render(table).hasPrefix("a�[2J"))
        #expect(ValueRenderer().render(.record(Record([("a\u{1B}", .string("x"))]))) == "{a�: \"x\"}", "a field name is data too")
        #expect(DescriptionRenderer().render(table.describe()).contains("b\\nc"), "a newline in a name cannot break the grid")
    }

    /// A long text inside a column, list or record is cut, as `show` cuts cells; `print` of
    /// the text itself is whole.
    @Test func longTextsInsideValuesAreCut() throws {
        let long = String(repeating: "y", count: 1_000_000)
        let column = ValueRenderer().render(.column(try Table(columns: [Column.texts("t", [long, "b"])]).column("t")))
        #expect(column == "t (text, 2 rows): [\"" + String(repeating: "y", count: 199) + "…\", \"b\"]")
        #expect(ValueRenderer().render(.list([.string(long)])).count == 2 + 200 + 2)
        #expect(ValueRenderer().render(.list([.string(String(repeating: "y", count: 200))])).count == 204, "200 cells fit whole")
        #expect(ValueRenderer().render(.string(long)).count == long.count)
    }

    /// A list shows at most a thousand elements and says how many it has.
    @Test func longListsAreCut() {
        let thousand = [Value](repeating: .boolean(true), count: 1000)
        #expect(ValueRenderer().render(.list(thousand)) == "[" + Array(repeating: "true", count: 1000).joined(separator: ", ") + "]")
        let million = ValueRenderer().render(.list(thousand + Array(repeating: .boolean(false), count: 999_000)))
        #expect(million == "[" + Array(repeating: "true", count: 1000).joined(separator: ", ") + ", … (1000000 values)]")
    }

    /// Bidirectional controls would reorder the text around them on the terminal, so that
    /// a cell reads differently from what it holds: they are shown as escapes, everywhere.
    @Test func bidirectionalControlsAreShownEscaped() throws {
        let tricky = "admin\u{202E}\u{2066}txt.exe\u{2069}\u{202C}"
        let escaped = "admin\\u{202E}\\u{2066}txt.exe\\u{2069}\\u{202C}"
        let table = try Table(columns: [Column.texts("n\u{202E}ame", [tricky])])
        let lines = TableRenderer().render(table).split(separator: "\n").map(String.init)
        #expect(lines[0] == "n\\u{202E}ame" && lines[2] == escaped.prefix(23) + "…", "\(lines)")
        #expect(!DescriptionRenderer().render(table.describe()).unicodeScalars.contains { $0.isBidirectionalControl })
        #expect(ValueRenderer().render(.list([.string(tricky)])) == "[\"\(escaped)\"]")
        #expect(ValueRenderer().render(.column(try table.column("n\u{202E}ame"))) == "n\\u{202E}ame (text, 1 rows): [\"\(escaped)\"]")
        #expect(ValueRenderer().render(.record(Record([("k\u{2067}", .number(1))]))) == "{k\\u{2067}: 1}")
    }

    /// Format characters take no column: a zero-width space or joiner must not push what follows.
    @Test func formatCharactersTakeNoWidth() {
        #expect(DisplayWidth.of("a\u{200B}b\u{200D}c\u{2060}d\u{FEFF}") == 4)
        #expect(DisplayWidth.of("a\u{00AD}b") == 3, "a soft hyphen shows as a hyphen")
        #expect(DisplayWidth.pad("x\u{200B}", to: 3) == "x\u{200B}  ")
    }
}
