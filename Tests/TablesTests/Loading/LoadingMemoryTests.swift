import Testing
@testable import Tables

/// Wide and sparse inputs cost memory in proportion to what they hold. These tests check
/// the sizes the loader reserves and the inputs it refuses, never how much memory a load took.
@Suite struct LoadingMemoryTests {
    /// One line of `columns` one-digit fields.
    private func wideLine(_ columns: Int) -> [UInt8] {
        Array(((0..<columns).map { String($0 % 10) }.joined(separator: ",") + "\n").utf8)
    }

    /// The row estimate that sizes the builders measures a line longer than its 64 KiB sample
    /// to its end; counted as one 64 KiB line, it guessed 30 rows where a 2 MB line has one.
    @Test func rowEstimateMeasuresALineLongerThanItsSample() {
        let line = wideLine(100_000)
        let bytes = line + line + line
        bytes.withUnsafeBytes { raw in
            #expect(CSVReader.averageRecordLength(raw, from: 0, to: raw.count) == line.count)
            #expect(CSVReader.averageRecordLength(raw, from: 0, to: 1000) == 1000)  // no line end: all of it
        }
    }

    /// A chunk holds at least 64 records, so that a wide file's builders (one per column
    /// and chunk) cost a fraction of its words; ordinary records keep 1 MiB chunks.
    @Test func chunksOfLongRecordsHoldAtLeast64() {
        #expect(ChunkPlan.chunkSize(bytesPerRecord: 185) == ChunkPlan.chunkSize)
        let line = wideLine(25_000)
        let bytes = Array([[UInt8]](repeating: line, count: 100).joined())
        bytes.withUnsafeBytes { raw in
            let plan = ChunkPlan(raw, from: 0, to: raw.count, chunkSize: ChunkPlan.chunkSize(bytesPerRecord: line.count))
            #expect(plan.count == 2)
            for k in 0..<plan.count - 1 {
                #expect(raw[plan.range(k)].count(where: { $0 == UInt8(ascii: "\n") }) >= ChunkPlan.minimumRecords)
            }
        }
        let sequential = readCSV(bytes, workers: 1, chunkSize: nil)
        #expect(sequential.rowCount == 100 && sequential.columns.count == 25_000)
        #expect(readCSV(bytes, workers: 2, chunkSize: nil) == sequential)
    }

    /// A key holds only the values it was given: records that each bring their own keys
    /// cost what they contain, not a cell for every row and key (the table is made dense once).
    @Test func jsonLinesKeysHoldOnlyTheirOwnRows() throws {
        var a = JSONKeyValues()
        a.append(JSONScalar(value: .boolean(true), offset: 0), row: 2)
        a.append(JSONScalar(value: .missing, offset: 9), row: 5)
        #expect(a.rows == [2, 5] && a.values.count == 2)
        #expect(a.missingMask(rowCount: 7).rows == [0, 1, 3, 4, 5, 6])
        #expect(a.dense(rowCount: 7, absent: "-") { $0.text ?? "null" } == ["-", "-", "true", "-", "-", "null", "-"])

        let text = (0..<300).map { "{\"k\($0)\": \($0)}" }.joined(separator: "\n")
        let table = try loadText(text, name: "t.jsonl")
        #expect(table.rowCount == 300 && table.columnCount == 300)
        #expect(try cells(table, "k7") == (0..<300).map { $0 == 7 ? .integer(7) : .missing })
    }

    /// Records that each bring new keys grow the table as a square of the file: past the
    /// limit every made-up table has (100,000,000 values), the record that crosses it is
    /// refused before any column is made. Shown here with a limit of 100.
    @Test func jsonLinesTableBeyondTheLimitIsRefusedAtItsRecord() {
        let text = (0..<20).map { "{\"k\($0)\": \($0)}" }.joined(separator: "\n")
        let bytes = Array(text.utf8)
        func read(limit: Int?) -> String? {
            bytes.withUnsafeBytes { raw -> String? in
                var reader = JSONLinesReader(source: SourceText(bytes: raw, name: "keys.jsonl"), options: LoadOptions())
                #expect(reader.maximumValues == 100_000_000)
                if let limit { reader.maximumValues = limit }
                do throws(DataError) {
                    _ = try reader.read()
                    return nil
                } catch {
                    return error.description
                }
            }
        }
        let refusal = "keys.jsonl:11:1: the records up to here would make 11 rows × 11 columns, too large (at most 100 values)"
        #expect(read(limit: 100) == refusal)
        #expect(read(limit: 400) == nil)
        #expect(read(limit: nil) == nil)
    }

    /// Columns reserve their rows and an eighth more, plus a few words: a fixed 64 was
    /// more than the data in each column of a wide file of a few rows. The number columns
    /// of a parallel load keep the storage they were reserved as.
    @Test func columnsReserveInProportionToTheirRows() throws {
        let rows = 40
        let header = (0..<50).map { "c\($0)" }.joined(separator: ",") + "\n"
        let record = Array(repeating: "1.5", count: 50).joined(separator: ",") + "\n"
        let bytes = Array((header + String(repeating: record, count: rows)).utf8)
        let columns = try bytes.withUnsafeBytes { raw throws(DataError) in
            let reader = CSVReader(source: SourceText(bytes: raw, name: "t.csv"), options: LoadOptions(), delimiter: UInt8(ascii: ","),
                                   release: nil, parallelThreshold: 0, chunkSize: 1000, workers: 2)
            return try reader.read(hashingInto: SHA256Hasher()).columns
        }
        #expect(CSVReader.reservation(forRows: rows) == rows + rows / 8 + 4)
        for column in columns {
            guard case .number(let values) = column.values else { Issue.record("\(column.name) is not numbers"); continue }
            #expect(values.count == rows)
            #expect(values.capacity <= CSVReader.reservation(forRows: rows) + 8)  // malloc may round up a little
        }
    }

    /// The workers' results are moved out of their slots, not copied beside them.
    @Test func slotsHandTheirValuesOver() {
        let slots = Slots<[Int]>(count: 3)
        slots[0] = [1]
        slots[2] = [3, 3]
        #expect(slots.takeAll { $0 ?? [] } == [[1], [], [3, 3]])
        #expect(slots[0] == nil && slots[2] == nil)
    }

    /// The pool's idle buffers (one per column for each chunk that was in flight at once)
    /// are freed when the parse ends, not kept through the assembly of the columns.
    @Test func poolLetsItsIdleBuffersGo() {
        let pool = PayloadPool()
        pool.give(pool.take(capacity: 100))
        pool.give(PayloadBuffer(capacity: 10_000))
        #expect(pool.idleCount == 2)
        pool.drain()
        #expect(pool.idleCount == 0)
        #expect(pool.take(capacity: 100).capacity >= 100)
    }
}
