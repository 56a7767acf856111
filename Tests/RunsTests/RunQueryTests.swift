import Foundation
import Testing

@testable import Runs

/// `mlx runs`' selection on a real store: conditions, sorting, limits and
/// counts, and which metrics become columns.
@Suite struct RunQueryTests {
    /// Five runs: accuracies 0.5, 0.9, 0.7, 0.95 and none; run 3 failed.
    static func store() throws -> RunStore {
        let store = try RunStoreTests.temporaryStore()
        let accuracies: [Double?] = [0.5, 0.9, 0.7, 0.95, nil]
        for (index, accuracy) in accuracies.enumerated() {
            // The first accuracy is superseded: the last value counts.
            let metrics = accuracy.map { [("accuracy", $0 / 2), ("accuracy", $0), ("log_loss", 1 - $0)] } ?? []
            record(in: store, metrics, status: index == 2 ? .failed : .ok)
        }
        return store
    }

    /// Records a run of one cell that reports `metrics` in order, ending with `status`.
    static func record(in store: RunStore, _ metrics: [(name: String, value: Double)], status: RunRecord.Status = .ok) {
        let recorder = RunRecorder(store: store, start: RunStoreTests.start())
        recorder.beginCell()
        for metric in metrics { recorder.emit(.metric(name: metric.name, value: metric.value)) }
        recorder.endCell(number: 1, source: "x = 1", succeeded: true, valueDigest: nil)
        recorder.finish(status: status, exitCode: status == .ok ? 0 : 1)
    }


    static func numbers(_ store: RunStore, _ query: RunQuery) throws -> [Int] { try store.summaries(query).map(\.number) }

    @Test func conditionsOnMetricsAndFields() throws {
        let store = try Self.store()
        #expect(try Self.numbers(store, RunQuery(conditions: RunQuery.conditions("accuracy > 0.8"))) == [2, 4])
        #expect(try Self.numbers(store, RunQuery(conditions: RunQuery.conditions("accuracy >= 0.7 and log_loss < 0.2"))) == [2, 4])
        #expect(try Self.numbers(store, RunQuery(conditions: RunQuery.conditions("status = failed"))) == [3])
        #expect(try Self.numbers(store, RunQuery(conditions: RunQuery.conditions("status != ok and accuracy > 0.6"))) == [3])
        #expect(try Self.numbers(store, RunQuery(conditions: RunQuery.conditions("accuracy > 2"))).isEmpty)
        #expect(try store.count(matching: RunQuery(conditions: RunQuery.conditions("accuracy < 0.8"), limit: 1)) == 2)
    }

    @Test func sortingByAMetricPutsRunsWithoutItLast() throws {
        let store = try Self.store()
        #expect(try Self.numbers(store, RunQuery(sort: "accuracy")) == [1, 3, 2, 4, 5])
        #expect(try Self.numbers(store, RunQuery(sort: "accuracy", descending: true)) == [4, 2, 3, 1, 5])
        #expect(try Self.numbers(store, RunQuery(sort: "accuracy", descending: true, limit: 2)) == [4, 2])
        #expect(try store.summaries(RunQuery(sort: "accuracy", limit: 1)).first?.metrics == ["accuracy": 0.5, "log_loss": 0.5])
    }

    /// Every run sorted by a metric is sorted in Swift (its metrics are read
    /// anyway); a limited listing by SQLite. Both orders agree, ties, NaN,
    /// infinities, -0 and missing values included.
    @Test func sortingEveryRunAgreesWithTheDatabasesSort() throws {
        let store = try RunStoreTests.temporaryStore()
        let values: [Double?] = [0.5, .nan, nil, 0.5, -.infinity, 0, -0.0, .infinity, 0.25, nil, 0.5, .nan, -1, 0.25]
        for value in values { Self.record(in: store, value.map { [("score", $0)] } ?? []) }
        for descending in [false, true] {
            let everyRun = try Self.numbers(store, RunQuery(sort: "score", descending: descending))
            #expect(everyRun == (try Self.numbers(store, RunQuery(sort: "score", descending: descending, limit: 100))))
            #expect(everyRun.count == values.count)
        }
        #expect(try Self.numbers(store, RunQuery(sort: "score")) == [5, 13, 6, 7, 9, 14, 1, 4, 11, 8, 2, 3, 10, 12])
    }

    @Test func theDefaultIsTheNewestRunsOldestFirst() throws {
        let store = try Self.store()
        #expect(try Self.numbers(store, RunQuery(limit: 2)) == [4, 5])
        #expect(try Self.numbers(store, RunQuery()) == [1, 2, 3, 4, 5])
        #expect(try store.count(matching: RunQuery(limit: 2)) == 5)
    }

    /// A run is numbered when its row is written, which for a run that ended
    /// in its journal comes after runs that started later: `started` sorts by the start.
    @Test func sortingByStartFollowsTheStartNotTheNumber() throws {
        let store = try RunStoreTests.temporaryStore()
        var run = RunJournalTests.start(in: store)
        let origin = run.startedAt
        var journals = [RunJournal]()
        for offset in [5.0, 0, 10] {  // numbered 1, 2, 3
            run.startedAt = origin.addingTimeInterval(offset)
            journals.append(try RunJournal(directory: store.directory))
            _ = try store.begin(run, token: journals.last!.token)
        }
        #expect(try Self.numbers(store, RunQuery(sort: "started")) == [2, 1, 3])
        #expect(try Self.numbers(store, RunQuery(sort: "started", descending: true, limit: 2)) == [3, 1])
    }

    /// The default order is by number, so `--desc` alone reverses it.
    @Test func descendingWithoutASortKeyListsByNumberNewestFirst() throws {
        let store = try Self.store()
        #expect(try Self.numbers(store, RunQuery(descending: true, limit: 2)) == [5, 4])
        #expect(try Self.numbers(store, RunQuery(descending: true)) == [5, 4, 3, 2, 1])
    }

    @Test func startedIsComparedWithTheDayMinuteOrSecondItNames() throws {
        let store = try Self.store()
        let starts = ["2026-11-24T23:59:59Z", "2026-11-25T00:00:00Z", "2026-11-25T14:30:30Z", "2026-11-25T14:31:00Z", "2026-11-26T08:00:00Z"]
        for (index, start) in starts.enumerated() {
            let seconds = try #require(ISO8601DateFormatter().date(from: start)).timeIntervalSince1970
            try store.database.run("UPDATE runs SET started_at = ? WHERE number = ?", [.real(seconds), .integer(Int64(index + 1))])
        }
        let expected: [(String, [Int])] = [
            ("started = 2026-11-25Z", [2, 3, 4]), ("started > 2026-11-25Z", [5]), ("started >= 2026-11-25Z", [2, 3, 4, 5]),
            ("started < 2026-11-25Z", [1]), ("started <= 2026-11-25Z", [1, 2, 3, 4]), ("started != 2026-11-25Z", [1, 5]),
            ("started = '2026-11-25 14:30Z'", [3]), ("started > 2026-11-25T14:30:30Z", [4, 5]), ("started >= '2026-11-25 16:30+02:00'", [3, 4, 5]),
            ("started > 2026-11-25Z and status = ok", [5]), ("number > 3", [4, 5]), ("number <= 2 and duration >= 0", [1, 2]),
        ]
        for (text, numbers) in expected {
            #expect(try Self.numbers(store, RunQuery(conditions: RunQuery.conditions(text))) == numbers, "\(text)")
        }
        // Without a zone, the time zone `mlx runs` shows times in.
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        #expect(RunQuery.startInterval("2026-11-25", timeZone: tokyo) == 1_795_532_400..<1_795_618_800)
        // A local day is as long as the clock says: 25 hours when summer time ends.
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let fallBack = try #require(RunQuery.startInterval("2026-11-01", timeZone: newYork))
        #expect(fallBack.upperBound - fallBack.lowerBound == 25 * 3600)
        for bad in ["2026-02-30", "2026-11-25 24:00", "2026-11-25 14:60", "2026-11-25 14", "25.11.2026", "yesterday", "2026-11-25Z junk", "2026-11-25+15:00"] {
            #expect(RunQuery.startInterval(bad) == nil, "\(bad)")
            #expect(throws: StoreError.self) { try RunQuery.conditions("started > '\(bad)'") }
        }
    }

    /// Why `text` is refused as conditions; nil if it is not.
    static func refusal(_ text: String) -> String? {
        do {
            _ = try RunQuery.conditions(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func badConditionsAreRefusedWithTheReason() throws {
        #expect {
            try RunQuery.conditions("status = bogus")
        } throws: { error in
            (error as? StoreError)?.message == "status is one of running, ok, failed, error, interrupted, got 'bogus'"
        }
        #expect(throws: StoreError.self) { try RunQuery.conditions("kind = script and kind = scripts") }
        #expect(throws: StoreError.self) { try RunQuery.conditions("accuracy") }
        #expect(throws: StoreError.self) { try RunQuery.conditions("accuracy > high") }
        // A misspelt run field compared with a word is named, as a misspelt metric is.
        for (text, field) in [("stauts = ok", "status"), ("Kind = repl", "kind"), ("strated = 2026-11-25", "started")] {
            let name = text.prefix { $0 != " " }, value = text.split(separator: " ").last!
            #expect {
                try RunQuery.conditions(text)
            } throws: { error in
                (error as? StoreError)?.message == "metric '\(name)' is compared with a number, got '\(value)'; did you mean the run field '\(field)'?"
            }
        }
        #expect {
            try RunQuery.conditions("accuracy > high")
        } throws: { error in
            (error as? StoreError)?.message == "metric 'accuracy' is compared with a number, got 'high'"
        }
        #expect(throws: StoreError.self) { try RunQuery.conditions("> 0.9") }
        // NaN equals and orders with nothing: such a condition is refused, not answered with no runs.
        for nan in ["nan", "NaN", "-nan", "snan"] {
            #expect {
                try RunQuery.conditions("accuracy > \(nan)")
            } throws: { error in
                (error as? StoreError)?.message == "accuracy cannot be compared with '\(nan)', which equals and orders with nothing"
            }
            #expect(throws: StoreError.self) { try RunQuery.conditions("duration < \(nan)") }
        }
        #expect(try RunQuery.conditions("log_loss < inf and script = nan").map(\.value) == ["inf", "nan"])
        // Numbers are decimal, as metrics print; Swift would also read hexadecimal.
        for hex in ["0x10", "0x1p-1", "1e", ".", "1.2.3", "+-1"] {
            #expect(Self.refusal("accuracy < \(hex)") == "metric 'accuracy' is compared with a number, got '\(hex)'")
        }
        #expect(try RunQuery.conditions("a > -1.5e-3 and b < +2 and c > .5 and d < 7. and e > -inf").count == 5)
        // Each condition is a clause of the SQL, whose depth SQLite bounds: too many are refused plainly.
        let many = Array(repeating: "accuracy > 0.9", count: RunQuery.mostConditions + 1).joined(separator: " and ")
        #expect(Self.refusal(many) == "101 conditions joined with 'and': at most 100 are taken")
        #expect(try RunQuery.conditions(Array(repeating: "accuracy > 0.9", count: RunQuery.mostConditions).joined(separator: " and ")).count == 100)
        // Misspelt operators are named, not read as part of a field or value.
        for (text, spelled) in [("accuracy >> 0.5", ">>"), ("accuracy => 0.5", "=>"), ("accuracy < = 0.5", "< ="), ("accuracy =< 1", "=<")] {
            #expect {
                try RunQuery.conditions(text)
            } throws: { error in
                (error as? StoreError)?.message == "unknown operator '\(spelled)' in '\(text)': use one of < <= > >= = !="
            }
        }
        #expect(try RunQuery.conditions("accuracy>=0.5 and status == ok").map(\.op) == [.greaterOrEqual, .equal])
        // An 'and' with nothing on one side is named, not blamed on the number or name beside it.
        let joins = "'and' joins two conditions, such as 'accuracy > 0.9 and status = ok'"
        for (text, place) in [
            ("accuracy > 1 and", "after the last 'and'"), ("and accuracy > 1", "before the first 'and'"),
            ("a > 1 and and b < 2", "between two 'and's"), ("a > 1 and  \tand b < 2", "between two 'and's"),
            ("and", "before the first 'and'"),
        ] {
            #expect(Self.refusal(text) == "a condition is missing \(place) in '\(text)': \(joins)", "\(text)")
        }
        // Only a word of its own joins: 'and' inside a name or a quoted value does not.
        let joined = try RunQuery.conditions("brand_score > 1 and\tscript = 'and'")
        #expect(joined.map(\.field) == ["brand_score", "script"] && joined.last?.value == "and")
        #expect(try RunQuery.conditions("script = 'a<b'").first?.value == "a<b")
        // Nor one inside quotes; an apostrophe within a word opens none.
        let quoted = try RunQuery.conditions("script = 'a and b.mlx' and script !=\"c and d\" and accuracy > 0.5")
        #expect(quoted.map(\.value) == ["a and b.mlx", "c and d", "0.5"])
        #expect(try RunQuery.conditions("script = it's.mlx and accuracy > 0.5").map(\.value) == ["it's.mlx", "0.5"])
    }

    /// A table reads only the metrics it shows: the same columns, with the
    /// same values, as choosing among all of them, whatever the query selects.
    @Test func aTableReadsOnlyTheMetricsItShows() throws {
        let store = try RunStoreTests.temporaryStore()
        // roc_auc only in the failed runs; f1 not in the newest; NaN accuracies; names that sort by bytes and by Unicode apart.
        let reported: [(name: String, in: (Int) -> Double?)] = [
            ("accuracy", { $0 % 3 == 0 ? nil : $0 % 5 == 0 ? .nan : Double($0) / 40 }), ("f1", { $0 < 30 ? Double($0 % 7) : nil }),
            ("roc_auc", { $0 % 4 == 3 ? 0.5 : nil }), ("log_loss", { $0 % 2 == 1 ? Double($0) : nil }), ("zeta", { Double(-$0) }),
            ("alpha", { $0 >= 35 ? 1 : nil }), ("Beta", { $0 % 5 == 1 ? 2 : nil }), ("élan", { $0 % 7 == 2 ? Double($0 % 3) : nil }),
        ]
        for run in 0..<40 {
            Self.record(in: store, reported.compactMap { metric in metric.in(run).map { (metric.name, $0) } }, status: run % 4 == 3 ? .failed : .ok)
        }
        #expect(try store.metricSpellings().map(\.name) == ["Beta", "accuracy", "alpha", "f1", "log_loss", "roc_auc", "zeta", "élan"])
        let queries = [
            RunQuery(), RunQuery(limit: 2), RunQuery(limit: 5), RunQuery(limit: 20), RunQuery(conditions: try RunQuery.conditions("status = ok")),
            RunQuery(conditions: try RunQuery.conditions("accuracy > 0.5")), RunQuery(sort: "log_loss"), RunQuery(sort: "log_loss", descending: true, limit: 3),
            RunQuery(conditions: try RunQuery.conditions("zeta < -10 and status = ok"), sort: "élan"), RunQuery(sort: "number", descending: true),
        ]
        for query in queries {
            let everyMetric = try store.summaries(query)
            // Read by name when the listing spans at least half of the 40 runs.
            let span = everyMetric.map(\.number).max()! - everyMetric.map(\.number).min()! + 1
            // By name whatever the listing's size, and as a listing of 40 runs is read.
            for (limit, fewestReadByName) in [0, 1, 2, 3, 5, 12].flatMap({ limit in [(limit, 0), (limit, RunStore.fewestRunsReadByName)] }) {
                let shown = try store.table(query, headlineLimit: limit, fewestReadByName: fewestReadByName)
                let columns = HeadlineMetrics.choose(for: everyMetric, query: query, limit: limit)
                let readByName = fewestReadByName == 0 && 2 * span >= 40
                #expect(shown.runs.map(\.number) == everyMetric.map(\.number), "\(query) \(limit) \(readByName)")
                #expect(shown.metrics == columns, "\(query) \(limit) \(readByName)")
                #expect(shown.values.count == columns.count && shown.values.allSatisfy { $0.count == everyMetric.count })
                for (i, full) in everyMetric.enumerated() {
                    for (m, name) in columns.enumerated() where m < shown.values.count {
                        let (read, expected) = (shown.values[m][i], full.metrics[name])
                        #expect(read == expected || (read?.isNaN == true && expected?.isNaN == true), "\(name) of #\(full.number), \(readByName)")
                    }
                }
            }
        }
    }

    /// Names the store tells apart by their bytes but Swift holds equal ("é"
    /// composed and decomposed) and a name that is not valid UTF-8: a table
    /// reading by name lists what choosing among all metrics lists. Finding
    /// the names ends at a name stored as a blob (only an edit of the database
    /// stores one), which a table then does not show.
    @Test func namesTheStoreAndSwiftSpellDifferentlyListAlike() throws {
        let store = try RunStoreTests.temporaryStore()
        Self.record(in: store, [("a\u{e9}", 1), ("ae\u{301}", 2), ("b", 3), ("c", 4), ("y", 5), ("z", 6)])
        Self.record(in: store, [("b", 7), ("c", 8)])
        try store.database.run("UPDATE latest_metrics SET name = CAST(X'7AFF' AS TEXT) WHERE name = 'z'")
        #expect(try store.metricSpellings().map(\.spellings.count) == [2, 1, 1, 1, 1], "aé twice; b, c, y and z\\xFF once")
        let everyMetric = try store.summaries()
        for limit in [1, 2, 3, 4, 5] {
            let shown = try store.table(RunQuery(), headlineLimit: limit, fewestReadByName: 0)
            let columns = HeadlineMetrics.choose(for: everyMetric, limit: limit)
            #expect(shown.metrics == columns, "\(limit)")
            for (i, full) in everyMetric.enumerated() {
                #expect(shown.values.map { $0[i] } == columns.map { full.metrics[$0] }, "#\(full.number) with \(limit)")
            }
        }
        try store.database.run("UPDATE latest_metrics SET name = X'79' WHERE name = 'y'")
        #expect(try store.metricSpellings().map(\.name) == ["ae\u{301}", "b", "c", "z\u{FFFD}"], "a blob sorts after all text: the seeks end there")
        #expect(try store.table(RunQuery(), headlineLimit: 5, fewestReadByName: 0).runs.count == 2)
    }

    /// Metric names are made into strings once per distinct name, up to a
    /// number of them; past it, and for names of any length, they read back the same.
    @Test func manyDistinctMetricNamesReadBackExactly() throws {
        let store = try RunStoreTests.temporaryStore()
        let names = ["", "a", "ab", "é", String(repeating: "long", count: 20)] + (0..<RepeatedText.capacity + 10).map { "m\($0)" }
        for _ in 0..<2 { Self.record(in: store, names.enumerated().map { ($1, Double($0)) }) }
        let expected = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Double($0)) })
        #expect(try store.summaries().map(\.metrics) == [expected, expected])
    }

    @Test func headlineMetricsPreferWhatTheQueryNamesThenTheListThenNames() throws {
        func summary(_ metrics: [String: Double]) -> RunSummary {
            RunSummary(number: 1, contentID: "", kind: .script, startedAt: Date(), status: .ok, metrics: metrics)
        }
        let classifier = summary(["n": 30, "log_loss": 0.1, "roc_auc": 1, "accuracy": 0.9, "f1": 0.8, "precision": 0.9])
        #expect(HeadlineMetrics.choose(for: [classifier]) == ["accuracy", "f1", "roc_auc"])
        let regressor = summary(["mse": 4, "rmse": 2, "mae": 1.5, "r_squared": 0.7, "n": 100])
        #expect(HeadlineMetrics.choose(for: [regressor]) == ["r_squared", "rmse", "mae"])
        #expect(HeadlineMetrics.choose(for: [summary(["zeta": 1, "alpha": 2])]) == ["alpha", "zeta"])
        let query = RunQuery(conditions: try RunQuery.conditions("log_loss < 1 and status = ok"), sort: "precision")
        #expect(HeadlineMetrics.choose(for: [classifier], query: query) == ["log_loss", "precision", "accuracy"])
    }
}
