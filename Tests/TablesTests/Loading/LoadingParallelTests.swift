import Testing
@testable import Tables

/// What one CSV read produced: the table and digest, or the rendered error.
struct ReadOutcome: Equatable {
    /// Each column as name, type, missing rows and values in their shortest
    /// round-trip spelling: exact, and unlike `Column`'s `==` it treats NaN placeholders as equal.
    var columns: [String] = []
    var rowCount = 0
    var digest: [UInt8] = []
    var error: String?
}

/// Reads `bytes` as CSV with an explicit thread count and chunk size (nil: the one the loader picks).
func readCSV(_ bytes: [UInt8], workers: Int, chunkSize: Int?, options: LoadOptions = LoadOptions()) -> ReadOutcome {
    bytes.withUnsafeBytes { raw in
        let source = SourceText(bytes: raw, name: "t.csv")
        let reader = CSVReader(source: source, options: options, delimiter: UInt8(ascii: ","), release: nil,
                               parallelThreshold: 0, chunkSize: chunkSize, workers: workers)
        let hasher = SHA256Hasher()
        do throws(DataError) {
            let (columns, rows) = try reader.read(hashingInto: hasher)
            let rendered = columns.map { "\($0.name):\($0.type):\($0.missing.rows):\($0.strings())" }
            return ReadOutcome(columns: rendered, rowCount: rows, digest: hasher.finish())
        } catch {
            return ReadOutcome(error: error.description)
        }
    }
}

/// A deterministic CSV exercising every path: numbers, integers, a column that
/// turns to text late, quoted fields with delimiters and line breaks, missing
/// values, blank lines and CRLF.
func generatedCSV(rows: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    var text = "x,n,late,quoted,flag\n"
    for row in 0..<rows {
        let r = next()
        let x = Double(Int64(r % 2_000_001) - 1_000_000) / 1e6
        let n = r % 97 == 0 ? "NA" : String(r % 1000)
        let late = row == rows - 3 ? "oops" : String(Int(r >> 20) % 50)
        let quoted = r % 5 == 0 ? "\"a,\nb \"\"\(row)\"\"\"" : "q\(r % 7)"
        let flag = r % 2 == 0 ? "true" : "FALSE"
        let end = r % 11 == 0 ? "\r\n" : "\n"
        text += "\(x),\(n),\(late),\(quoted),\(flag)\(end)"
        if r % 13 == 0 { text += "\n" }
    }
    return Array(text.utf8)
}

@Suite struct LoadingParallelTests {
    @Test func parsingWaitsRatherThanRunFarAheadOfAStalledChunk() {
        let bytes = [UInt8](String(repeating: "1,2\n", count: 64).utf8)
        bytes.withUnsafeBytes { raw in
            let plan = ChunkPlan(raw, from: 0, to: raw.count, chunkSize: 16)
            let scheduler = LoadScheduler(plan: plan, total: raw.count, hashBlock: raw.count, maxAhead: 3)
            #expect(scheduler.next(worker: 0) == .hash(0..<raw.count))
            // Worker 0 is stuck in chunk 0; worker 1 may take only two more.
            #expect(scheduler.next(worker: 0) == .parse(0))
            #expect(scheduler.next(worker: 1) == .parse(1))
            #expect(scheduler.next(worker: 1) == .parse(2))
            #expect(scheduler.next(worker: 1) == .wait)
            _ = scheduler.finishedParsing(2)
            #expect(scheduler.next(worker: 1) == .wait, "chunk 0 still holds the prefix")
            _ = scheduler.finishedParsing(0)
            #expect(scheduler.next(worker: 1) == .parse(3))
        }
    }

    @Test func parallelParseEqualsSequentialParse() {
        let bytes = generatedCSV(rows: 3000, seed: 7)
        let sequential = readCSV(bytes, workers: 1, chunkSize: 1 << 20)
        #expect(sequential.error == nil)
        #expect(sequential.rowCount == 3000)
        #expect(sequential.columns.map { $0.split(separator: ":")[1] } == ["number", "integer", "categorical", "categorical", "boolean"])
        for chunkSize in [64, 1000, 4096, 50_000] {
            let parallel = readCSV(bytes, workers: 2, chunkSize: chunkSize)
            #expect(parallel == sequential, "chunk size \(chunkSize)")
        }
    }

    @Test func errorsAreTheFirstInTheFileWhicheverChunkFindsThem() {
        var bytes = generatedCSV(rows: 2000, seed: 3)
        bytes += Array("1,2\n".utf8)
        bytes += generatedCSV(rows: 200, seed: 4).dropFirst(21)
        bytes += Array("1,2,3\n".utf8)
        let sequential = readCSV(bytes, workers: 1, chunkSize: 1 << 20)
        #expect(sequential.error?.hasSuffix("expected 5 fields, found 2") == true)
        for chunkSize in [64, 5000] {
            #expect(readCSV(bytes, workers: 2, chunkSize: chunkSize).error == sequential.error)
        }
    }

    @Test func largeFileThroughThePublicPathMatches() throws {
        let bytes = generatedCSV(rows: 170_000, seed: 11)
        #expect(bytes.count > 4 << 20)
        let loaded = try TableLoader.load(data: bytes, name: "big.csv")
        let sequential = readCSV(bytes, workers: 1, chunkSize: 1 << 30)
        #expect(loaded.table.columns.map { "\($0.name):\($0.type):\($0.missing.rows):\($0.strings())" } == sequential.columns)
        #expect(loaded.fingerprint.sha256 == Fingerprint.hex(sequential.digest))
        #expect(loaded.fingerprint.rowCount == 170_000)
    }
}
