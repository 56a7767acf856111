import Foundation
import Tables

/// Reading runs back: references, listings, whole records.
extension RunStore {
    /// The run number `reference` names: a number, `last`, `last~N` (N runs
    /// before the last), a prefix (4+ hex digits) of a content id (or of the id
    /// a deployed bundle's lineage gives), or `name@version` of a deployed model.
    public func resolve(_ reference: String) throws(StoreError) -> Int {
        let text = reference.trimmingCharacters(in: .whitespaces).lowercased()
        if text.contains("@") { return try ModelRegistry(store: self).deployingRun(reference.trimmingCharacters(in: .whitespaces)) }
        if text == "last" || text.hasPrefix("last~") {
            let back = text == "last" ? 0 : Int(text.dropFirst(5))
            guard let back, back >= 0 else { throw StoreError("cannot read run reference '\(reference)': use last or last~N") }
            let rows = try database.rows("SELECT number FROM runs ORDER BY number DESC LIMIT 1 OFFSET ?", [SQLiteValue(back)])
            guard let number = rows.first?.integer(0) else {
                throw StoreError(back == 0 ? "no runs recorded yet" : "there are fewer than \(back + 1) runs")
            }
            return number
        }
        var digitsAsID: [SQLiteRow]?
        var noSuchNumber: StoreError?
        if let number = Int(text.hasPrefix("#") ? String(text.dropFirst()) : text), text.count < 12 {
            if number < 1 {
                let counting = number < 0 ? " (for \(number), \(Self.countingBack(from: number)))" : ""
                throw StoreError("no run #\(number): runs are numbered from #1; name the run by its number, last or last~N\(counting)")
            }
            if try !database.rows("SELECT 1 FROM runs WHERE number = ?", [SQLiteValue(number)]).isEmpty { return number }
            // Digits only may also be the start of an id (about one id in forty begins with eight).
            let noSuchRun = StoreError("no run #\(number)\(try latestNumber().map { " (runs go up to #\($0))" } ?? " (no runs recorded yet)")")
            guard !text.hasPrefix("#"), text.count >= 4 else { throw noSuchRun }
            digitsAsID = try runs(withIDStarting: text)
            noSuchNumber = noSuchRun  // unless a bundle's lineage names the run (below)
        }
        guard text.count >= 4, text.allSatisfy(\.isHexDigit) else {
            throw StoreError("'\(reference)' is not a run: give its number, last, at least 4 hex digits of its id, or NAME@VERSION of a deployed model")
        }
        let rows: [SQLiteRow]
        if let digitsAsID { rows = digitsAsID } else { rows = try runs(withIDStarting: text) }
        switch rows.count {
        case 0:
            // A bundle's lineage gives the run's id as it stood at the deploy, which the run's later cells extend.
            let deploying = try ModelRegistry(store: self).runs(deployedWithIDStarting: text)
            guard deploying.count <= 1 else { throw Self.ambiguous(text, deploying) }
            guard let number = deploying.first else { throw noSuchNumber ?? StoreError("no run has an id starting with \(text)") }
            return number
        case 1: return rows[0].integer(0)!
        default: throw Self.ambiguous(text, rows.compactMap { $0.integer(0) })
        }
    }

    private static func ambiguous(_ prefix: String, _ runs: [Int]) -> StoreError {
        StoreError("id prefix \(prefix) is ambiguous: runs \(runs.map { "#\($0)" }.joined(separator: ", "))")
    }

    /// The reference to the run `negative` counts back to as Python indexes from
    /// the end: `last` for -1, `last~1` for -2.
    public static func countingBack(from negative: Int) -> String {
        negative >= -1 ? "last" : "last~\(-negative - 1)"
    }

    private func runs(withIDStarting prefix: String) throws(StoreError) -> [SQLiteRow] {
        try database.rows("SELECT number FROM runs WHERE content_id >= ? AND content_id < ? ORDER BY number", [.text(prefix), .text(prefix + "g")])
    }

    /// The highest run number, if any run exists.
    public func latestNumber() throws(StoreError) -> Int? {
        try database.rows("SELECT max(number) FROM runs").first?.integer(0)
    }

    /// How many runs the store holds.
    public func count() throws(StoreError) -> Int {
        try database.rows("SELECT count(*) FROM runs").first?.integer(0) ?? 0
    }

    /// How many runs `query`'s conditions select, whatever its limit.
    public func count(matching query: RunQuery) throws(StoreError) -> Int {
        let (filter, arguments) = try Self.filter(query.conditions)
        // Without conditions the smallest index answers; with them, the one holding every listed field.
        let table = filter.isEmpty ? "runs" : "runs INDEXED BY runs_listed"
        return try database.rows("SELECT count(*) FROM \(table)" + filter, arguments).first?.integer(0) ?? 0
    }

    /// Whether any run reported a metric called `name`.
    public func hasMetric(named name: String) throws(StoreError) -> Bool {
        try !database.rows("SELECT 1 FROM latest_metrics WHERE name = ? LIMIT 1", [.text(name)]).isEmpty
    }

    /// The name of every metric some run reported, in order (for suggestions: it reads a whole index).
    public func metricNames() throws(StoreError) -> [String] {
        try database.rows("SELECT DISTINCT name FROM latest_metrics ORDER BY name").compactMap { $0.text(0) }
    }

    /// The runs `query` selects, in display order (oldest first unless
    /// sorted), each with every metric it reported: what JSON output shows.
    public func summaries(_ query: RunQuery = RunQuery()) throws(StoreError) -> [RunSummary] {
        var (summaries, sortedHere) = try listedRuns(query)
        if let listed = ListedRuns(summaries) { try attachMetrics(to: &summaries, listed) }
        if let sortedHere {
            let order = Self.order(summaries.map { $0.metrics[sortedHere] }, numbers: summaries.map(\.number), descending: query.descending)
            summaries = order.map { summaries[$0] }
        }
        return summaries
    }

    /// The runs `query` selects, in display order, with the metrics
    /// `HeadlineMetrics.choose` picks for them (at most `limit` but those the
    /// query names) as columns: what a table shows. A listing of thousands of
    /// runs reads only those metrics, not eight a run to show three.
    public func table(_ query: RunQuery = RunQuery(), headlineLimit limit: Int = HeadlineMetrics.defaultLimit) throws(StoreError) -> RunTable {
        try table(query, headlineLimit: limit, fewestReadByName: Self.fewestRunsReadByName)
    }

    /// How many runs a listing must have (over most of the store) for a
    /// table to read just the metrics it shows, through the index by name,
    /// which visits every run that reported them, listed or not: worth it
    /// for thousands of runs, not for the newest 20.
    static let fewestRunsReadByName = 500

    func table(_ query: RunQuery, headlineLimit limit: Int, fewestReadByName: Int) throws(StoreError) -> RunTable {
        var (summaries, sortedHere) = try listedRuns(query)
        var table: RunTable
        if let listed = ListedRuns(summaries), summaries.count >= fewestReadByName, try 2 * (listed.high - listed.low + 1) >= latestNumber() ?? 0 {
            table = try headlineColumns(of: summaries, listed, named: HeadlineMetrics.named(by: query), limit: limit)
        } else {
            if let listed = ListedRuns(summaries) { try attachMetrics(to: &summaries, listed) }
            let metrics = HeadlineMetrics.choose(for: summaries, query: query, limit: limit)
            table = RunTable(runs: summaries, metrics: metrics, values: metrics.map { name in summaries.map { $0.metrics[name] } })
            for i in table.runs.indices { table.runs[i].metrics = [:] }
        }
        if let sortedHere {
            // The sorted metric is named by the query, so it is one of the columns.
            let column = table.metrics.firstIndex(of: sortedHere).map { table.values[$0] } ?? Array(repeating: nil, count: table.runs.count)
            table.reorder(Self.order(column, numbers: table.runs.map(\.number), descending: query.descending))
        }
        return table
    }

    /// The runs `query` selects, without their metrics, in display order
    /// unless the order is by a metric, which the caller sorts by (`sortedHere`).
    private func listedRuns(_ query: RunQuery) throws(StoreError) -> (summaries: [RunSummary], sortedHere: String?) {
        var (filter, arguments) = try Self.filter(query.conditions)
        // Named: left to itself, the planner scanned the smaller status index and read every row of the table besides.
        var sql = "SELECT \(Self.listedColumns) FROM runs INDEXED BY runs_listed"
        let direction = query.descending ? "DESC" : "ASC"
        var newestFirst = false
        var sortedHere: String?
        switch query.sort {
        case nil where query.limit == nil:
            // Forwards unless asked: a store read back from disk is read ahead in this direction.
            sql += filter + " ORDER BY number \(direction)"
        case let metric? where query.limit == nil && !RunQuery.fields.contains(metric):
            // Every run's metrics are read anyway: sorted here, rather than by a lookup per run and a sort in SQLite.
            sql += filter + " ORDER BY number"
            sortedHere = metric
        case nil:
            // The newest runs are the interesting ones: take them, show them oldest
            // first, or newest first when descending order was asked for.
            sql += filter + " ORDER BY number DESC"
            newestFirst = !query.descending
        case "number": sql += filter + " ORDER BY number \(direction)"
        // Not the number's order: a run that ended in its journal is numbered when a
        // reader brings it in, after runs that started later but wrote their rows as they went.
        case "started": sql += filter + " ORDER BY started_at \(direction), number"
        case "duration": sql += filter + " ORDER BY (ended_at - started_at) IS NULL, (ended_at - started_at) \(direction), number"
        case "status", "kind", "script": sql += filter + " ORDER BY \(query.sort!) \(direction), number"
        case let metric?:
            // One lookup of the metric per run (a subquery in ORDER BY was two).
            sql += " LEFT JOIN latest_metrics sorted ON sorted.run = runs.number AND sorted.name = ?" + filter
            sql += " ORDER BY sorted.value IS NULL, sorted.value \(direction), number"
            arguments.insert(.text(metric), at: 0)
        }
        if let limit = query.limit {
            sql += " LIMIT ?"
            arguments.append(SQLiteValue(limit))
        }
        var summaries = [RunSummary]()
        try database.forEachRow(sql, arguments) { summaries.append(Self.summary($0)) }
        if newestFirst { summaries.reverse() }
        return (summaries, sortedHere)
    }

    /// The order of the SQL sort by a metric, given each run's value of it:
    /// runs without it (or with NaN, stored as NULL) last, then by value, ties by number.
    private static func order(_ values: [Double?], numbers: [Int], descending: Bool) -> [Int] {
        let values = values.map { $0.flatMap { $0.isNaN ? nil : $0 } }
        return values.indices.sorted { i, j in
            switch (values[i], values[j]) {
            case let (x?, y?) where x != y: return descending ? x > y : x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return numbers[i] < numbers[j]
            }
        }
    }

    /// A `WHERE` clause (or nothing) for `conditions`, with its arguments.
    private static func filter(_ conditions: [RunQuery.Condition]) throws(StoreError) -> (sql: String, arguments: [SQLiteValue]) {
        var clauses = [String](), arguments = [SQLiteValue]()
        for condition in conditions {
            let op = condition.op.sql
            switch condition.field {
            case "status", "kind", "script":
                clauses.append("coalesce(\(condition.field), '') \(op) ?")
                arguments.append(.text(condition.value))
            case "number", "duration":
                guard let x = Double(condition.value) else { throw StoreError("--where: \(condition.field) is compared with a number") }
                clauses.append(condition.field == "number" ? "number \(op) ?" : "(ended_at - started_at) \(op) ?")
                arguments.append(.real(x))
            case "started":
                // The value names a span (a day, a minute, a second): '=' is within it, '>' after it.
                guard let span = RunQuery.startInterval(condition.value) else { throw StoreError("--where: started is compared with a date") }
                let (start, end) = (span.lowerBound, span.upperBound)
                let (clause, bounds): (String, [Double]) =
                    switch condition.op {
                    case .equal, .singleEqual: ("(started_at >= ? AND started_at < ?)", [start, end])
                    case .notEqual: ("(started_at < ? OR started_at >= ?)", [start, end])
                    case .less: ("started_at < ?", [start])
                    case .lessOrEqual: ("started_at < ?", [end])
                    case .greater: ("started_at >= ?", [end])
                    case .greaterOrEqual: ("started_at >= ?", [start])
                    }
                clauses.append(clause)
                arguments += bounds.map { .real($0) }
            default:
                clauses.append("EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run = runs.number AND m.name = ? AND m.value \(op) ?)")
                arguments += [.text(condition.field), .real(Double(condition.value) ?? .nan)]
            }
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The columns of a listed run, in the order `summary` reads them; the
    /// index `runs_listed` (schema version 5) holds them all.
    static let listedColumns = "number, content_id, kind, script, started_at, ended_at, status, replay_of, verdict"

    private static func summary(_ row: SQLiteStatement) -> RunSummary {
        RunSummary(
            number: row.integer(0) ?? 0, contentID: row.text(1) ?? "", kind: RunRecord.Kind(rawValue: row.text(2) ?? "") ?? .script,
            script: row.text(3), startedAt: Date(timeIntervalSince1970: row.real(4) ?? 0), endedAt: row.real(5).map(Date.init(timeIntervalSince1970:)),
            status: RunRecord.Status(rawValue: row.text(6) ?? "") ?? .interrupted, replayOf: row.integer(7), verdict: row.text(8), metrics: [:])
    }

    /// Where each listed run's summary is, by run number.
    private struct ListedRuns {
        let low: Int, high: Int
        private let numbers: [Int]
        /// A few runs spread over the store (the best 20 by a metric): looked
        /// up by number. Otherwise one scan of the primary key's range is
        /// cheaper, and a summary is found by its run's offset in that range.
        let isSparse: Bool
        private var byNumber = [Int: Int]()
        private var byOffset = [Int32]()

        init?(_ summaries: [RunSummary]) {
            numbers = summaries.map(\.number)
            guard let low = numbers.min(), let high = numbers.max() else { return nil }
            (self.low, self.high) = (low, high)
            isSparse = summaries.count <= 500 && summaries.count * 8 < high - low + 1
            if isSparse {
                byNumber.reserveCapacity(numbers.count)
                for (i, number) in numbers.enumerated() { byNumber[number] = i }
            } else {
                byOffset = [Int32](repeating: -1, count: high - low + 1)
                for (i, number) in numbers.enumerated() { byOffset[number - low] = Int32(i) }
            }
        }

        /// The position of run `number`'s summary, if it is listed.
        func position(of number: Int) -> Int? {
            if isSparse { return byNumber[number] }
            guard number >= low, number <= high else { return nil }
            let position = byOffset[number - low]
            return position >= 0 ? Int(position) : nil
        }

        /// A condition on `latest_metrics.run` that holds for every listed run, with its arguments.
        var condition: (sql: String, arguments: [SQLiteValue]) {
            isSparse
                ? ("run IN (" + Array(repeating: "?", count: numbers.count).joined(separator: ", ") + ")", numbers.map { SQLiteValue($0) })
                : ("run BETWEEN ? AND ?", [SQLiteValue(low), SQLiteValue(high)])
        }
    }

    /// Fills in each summary's latest metrics. Rows are read straight off the
    /// statement: for `mlx runs --all` there are ten times as many metric rows
    /// as runs, and building a row value for each took most of the query's time.
    private func attachMetrics(to summaries: inout [RunSummary], _ listed: ListedRuns) throws(StoreError) {
        let (condition, arguments) = listed.condition
        var names = RepeatedText()
        try database.forEachRow("SELECT run, name, value FROM latest_metrics WHERE " + condition, arguments) { row in
            guard let run = row.integer(0), let i = listed.position(of: run), let name = names.text(of: row, column: 1) else { return }
            // Room for what `test` reports at once, rather than growing the table three times.
            if summaries[i].metrics.isEmpty { summaries[i].metrics.reserveCapacity(8) }
            summaries[i].metrics[name] = row.real(2) ?? .nan
        }
    }

    /// The table of `summaries` with only the metrics `HeadlineMetrics.choose`
    /// would pick from all of them, each read as a column: every metric in
    /// `named` (what the query filters or sorts on), then, while fewer than
    /// `limit` are chosen, the store's other metric names in
    /// `HeadlineMetrics.order`, each chosen if a listed run reported it.
    private func headlineColumns(of summaries: [RunSummary], _ listed: ListedRuns, named: [String], limit: Int) throws(StoreError) -> RunTable {
        let (condition, arguments) = listed.condition
        // Through the index by name: one metric's rows, not every metric of every run in the range.
        let statement = try database.prepare(
            "SELECT run, value FROM latest_metrics INDEXED BY latest_metrics_by_name WHERE name = ? AND " + condition, [.null] + arguments)
        let stored = try metricSpellings()
        let spellings = Dictionary(stored.map { ($0.name, $0.spellings) }, uniquingKeysWith: { $1 })
        var table = RunTable(runs: summaries, metrics: [], values: [])
        for name in HeadlineMetrics.order(named: named, stored: stored.map(\.name)) {
            let isNamed = named.contains(name)
            if !isNamed && table.metrics.count >= limit { break }
            var column = [Double?](repeating: nil, count: summaries.count)
            var reported = false
            // In the store's order, as a pass over every metric reads them: the last spelling a run has wins.
            for spelling in spellings[name] ?? [] {
                statement.reset()
                try statement.bind([.textBytes(spelling)] + arguments)
                while try statement.step() {
                    guard let run = statement.integer(0), let i = listed.position(of: run) else { continue }
                    column[i] = statement.real(1) ?? .nan
                    reported = true
                }
            }
            if isNamed || reported {
                table.metrics.append(name)
                table.values.append(column)
            }
        }
        return table
    }

    /// Every metric name some run reported, with its spellings in the store,
    /// in the store's order: one seek in the index by name per spelling rather
    /// than a pass over every row. The store compares bytes where Swift
    /// compares canonical strings, so "é" composed and decomposed are one name
    /// with two spellings, and a name that is not valid UTF-8 reads back
    /// repaired: seeks go by the stored bytes, and only ever forwards.
    func metricSpellings() throws(StoreError) -> [(name: String, spellings: [[UInt8]])] {
        var names = [(name: String, spellings: [[UInt8]])]()
        var position = [String: Int]()
        let first = try database.prepare("SELECT min(name) FROM latest_metrics", [])
        var spelling = try first.step() ? first.bytes(0).map(Array.init) : nil
        let next = try database.prepare("SELECT name FROM latest_metrics INDEXED BY latest_metrics_by_name WHERE name > ? ORDER BY name LIMIT 1", [.null])
        while let bytes = spelling {
            let name = String(decoding: bytes, as: UTF8.self)
            if let i = position[name] {
                names[i].spellings.append(bytes)
            } else {
                position[name] = names.count
                names.append((name, [bytes]))
            }
            next.reset()
            try next.bind([.textBytes(bytes)])
            let following = try next.step() ? next.bytes(0).map(Array.init) : nil
            // Only further in byte order: a value stored as a blob sorts after all text, its own bytes too.
            spelling = following.flatMap { bytes.lexicographicallyPrecedes($0) ? $0 : nil }
        }
        return names
    }

    /// The run whose deployments stand for run `number`'s deploy cells: itself,
    /// or for a replay the run at the start of its chain of replays. A replay
    /// deploys nothing; it checks that it would deploy what that run did, so a
    /// replay of a replay must check against the same deployments.
    private func deployingRun(of number: Int, replayOf: Int?) throws(StoreError) -> Int {
        var (run, next) = (number, replayOf)
        // Each replay names an earlier run, so the chain ends; `<` guards against a damaged row.
        while let earlier = next, earlier < run {
            run = earlier
            next = try database.rows("SELECT replay_of FROM runs WHERE number = ?", [SQLiteValue(earlier)]).first?.integer(0)
        }
        return run
    }

    /// The whole record of run `number`. With `withOutputs` false, a cell
    /// output kept as an object is left empty rather than read (for a caller
    /// that looks at no output: a diff, a script's export).
    public func run(_ number: Int, withOutputs: Bool = true) throws(StoreError) -> RunRecord {
        let n = [SQLiteValue(number)]
        guard
            let row = try database.rows(
                """
                SELECT content_id, kind, script, source, working_directory, started_at, ended_at, status, exit_code, seed,
                    random_algorithm, overrides, environment, git_commit, git_dirty, replay_of, verdict, digits
                FROM runs WHERE number = ?
                """, n
            ).first
        else { throw StoreError("no run #\(number)") }
        guard let environment = Self.decode(RunEnvironment.self, row.text(12)) else {
            throw StoreError("run #\(number) has an unreadable environment record")
        }
        let cellColumns = "number, source, output, value_digest, duration, succeeded, interrupted, cut_short, output_object, assert_failed"
        var cells = [RunRecord.Cell]()
        for row in try database.rows("SELECT \(cellColumns) FROM cells WHERE run = ? ORDER BY position", n) {
            let object = withOutputs ? row.text(8) : nil
            let output = try object.map { name throws(StoreError) in String(decoding: try objects.get(name), as: UTF8.self) } ?? row.text(2) ?? ""
            cells.append(
                RunRecord.Cell(
                    number: row.integer(0) ?? 0, source: row.text(1) ?? "", output: output, valueDigest: row.text(3),
                    duration: row.real(4) ?? 0, succeeded: row.integer(5) == 1, interrupted: row.integer(6) == 1, recordCutShort: row.integer(7) == 1,
                    assertFailed: row.integer(9) == 1))
        }
        let parameters = try database.rows("SELECT name, value, overridden FROM parameters WHERE run = ? ORDER BY position", n).map {
            RunRecord.Parameter(name: $0.text(0) ?? "", value: $0.text(1) ?? "", overridden: $0.integer(2) == 1)
        }
        let metrics = try database.rows("SELECT cell, name, value FROM metrics WHERE run = ? ORDER BY position", n).map {
            RunRecord.Metric(cell: $0.integer(0) ?? 0, name: $0.text(1) ?? "", value: $0.real(2) ?? .nan)
        }
        let inputs = try database.rows(
            "SELECT cell, path, resolved_path, sha256, byte_count, row_count, schema, snapshot FROM inputs WHERE run = ? ORDER BY position", n
        ).map {
            RunRecord.Input(
                cell: $0.integer(0) ?? 0, path: $0.text(1) ?? "", resolvedPath: $0.text(2) ?? "",
                fingerprint: Fingerprint(
                    sha256: $0.text(3) ?? "", byteCount: $0.integer(4) ?? 0, rowCount: $0.integer(5) ?? 0,
                    schema: Self.decode([SchemaField].self, $0.text(6)) ?? []),
                snapshot: $0.text(7))
        }
        let models = try database.rows("SELECT cell, estimator, object FROM models WHERE run = ? ORDER BY position", n).map {
            RunRecord.Model(cell: $0.integer(0) ?? 0, estimator: $0.text(1) ?? "", object: $0.text(2) ?? "")
        }
        let deployer = [SQLiteValue(try deployingRun(of: number, replayOf: row.integer(15)))]
        let deployments = try database.rows("SELECT name, version, model_object FROM deployments WHERE run = ? ORDER BY created_at, name, version", deployer).map {
            RunRecord.Deployed(name: $0.text(0) ?? "", version: $0.integer(1) ?? 0, model: $0.text(2) ?? "")
        }
        var record = RunRecord(
            number: number, contentID: row.text(0) ?? "", kind: RunRecord.Kind(rawValue: row.text(1) ?? "") ?? .script, script: row.text(2),
            source: row.text(3), workingDirectory: row.text(4) ?? "", startedAt: Date(timeIntervalSince1970: row.real(5) ?? 0),
            endedAt: row.real(6).map(Date.init(timeIntervalSince1970:)), status: RunRecord.Status(rawValue: row.text(7) ?? "") ?? .interrupted,
            exitCode: row.integer(8), seed: row.text(9).flatMap { UInt64($0) }, randomAlgorithm: row.text(10) ?? "",
            overrides: Self.decode([String].self, row.text(11)) ?? [], digits: row.integer(17) ?? 6, parameters: parameters, cells: cells, metrics: metrics, inputs: inputs,
            models: models, environment: environment,
            git: row.text(13).map { GitState(commit: $0, dirty: row.integer(14) == 1) }, replayOf: row.integer(15), verdict: row.text(16))
        record.deployments = deployments
        return record
    }

    /// Every object some run or deployed model refers to (snapshots, models, cell outputs, deployed models).
    func referencedObjects() throws(StoreError) -> Set<String> {
        var names = Set<String>()
        let sql = """
            SELECT snapshot FROM inputs WHERE snapshot IS NOT NULL UNION SELECT object FROM models
            UNION SELECT output_object FROM cells WHERE output_object IS NOT NULL UNION SELECT model_object FROM deployments
            """
        for row in try database.rows(sql) {
            if let name = row.text(0) { names.insert(name) }
        }
        return names
    }
}
