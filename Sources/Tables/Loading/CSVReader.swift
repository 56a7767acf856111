#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV/TSV input into columns, hashing the bytes in the same pass.
///
/// Inputs of a few megabytes or more are cut into chunks (`ChunkPlan`) that
/// the workers parse in parallel while worker 0 also feeds the hash; small
/// inputs are hashed and parsed on the calling thread. Afterwards the chunks'
/// builders are checked in order (the first error in the file wins), columns
/// that turned out to be text have their early rows re-read, and each column
/// is assembled into its final storage.
struct CSVReader {
    let source: SourceText
    let options: LoadOptions
    let delimiter: UInt8
    /// Called with input ranges that are hashed and parsed, so a mapping can drop them.
    let release: (@Sendable (Range<Int>) -> Void)?

    /// Inputs smaller than this are parsed on one thread.
    var parallelThreshold = 4 << 20
    /// Bytes per chunk in parallel parsing; nil picks it from the length of a record
    /// (`ChunkPlan.chunkSize(bytesPerRecord:)`). Tests make it tiny to put boundaries everywhere.
    var chunkSize: Int?
    /// Threads to use.
    var workers = ParallelWork.workerCount

    /// The columns and row count; feeds every byte of the input to `hasher` exactly once, in order.
    /// - Throws: `DataError` with file, line and column.
    func read(hashingInto hasher: SHA256Hasher) throws(DataError) -> (columns: [Column], rowCount: Int) {
        let scanner = CSVScanner(bytes: source.bytes, delimiter: delimiter)
        let missing = MissingTokens(options.missingTokens)
        let header = try CSVHeader.read(source, scanner: scanner, options: options, missing: missing)
        for name in options.columnTypes.keys.sorted() where !header.names.contains(name) {
            throw DataError.unknownColumn(name, among: header.names).located(file: source.name)
        }
        let parser = CSVChunkParser(scanner: scanner, names: header.names, missing: missing)
        let types = header.names.map { options.columnTypes[$0] }
        let end = source.count
        let bytesPerRow = Swift.max(Self.averageRecordLength(source.bytes, from: header.dataStart, to: end), 1)
        let chunks: [ChunkResult]
        var sink: ColumnSink?
        let parallel = end - header.dataStart >= parallelThreshold && workers > 1
        let plan = parallel ? ChunkPlan(source.bytes, from: header.dataStart, to: end,
                                        chunkSize: chunkSize ?? ChunkPlan.chunkSize(bytesPerRecord: bytesPerRow)) : nil
        // One chunk gains nothing from the parallel path's sink and pool, only their memory.
        if let plan, plan.count > 1 {
            let pool = PayloadPool()
            let expectedRows = Self.reservation(forRows: (end - header.dataStart) / bytesPerRow)
            sink = ColumnSink(columnCount: header.names.count, chunkCount: plan.count, expectedRows: expectedRows, pool: pool)
            chunks = parallelParse(plan, workers: workers, parser: parser, types: types, bytesPerRow: bytesPerRow, hasher: hasher, pool: pool, sink: sink!)
            pool.drain()
        } else {
            hasher.update(source.bytes)
            let whole = ChunkResult.parse(header.dataStart..<end, isFinal: true, parser: parser, types: types,
                                          expectedRows: Self.reservation(forRows: (end - header.dataStart) / bytesPerRow))
            chunks = [whole]
        }
        let checked = try resolve(chunks, parser: parser, types: types, bytesPerRow: bytesPerRow)
        let assembler = ColumnAssembler(scanner: scanner, options: options)
        return (assembler.assemble(names: header.names, chunks: checked, sink: sink), checked.reduce(0) { $0 + $1.rowCount })
    }

    /// Parses the chunks on `workers` threads; worker 0 also hashes the whole input in order.
    /// Chunks take their buffers from `pool` and move their words to `sink` in order.
    private func parallelParse(
        _ plan: ChunkPlan, workers: Int, parser: CSVChunkParser, types: [ColumnType?], bytesPerRow: Int, hasher: SHA256Hasher,
        pool: PayloadPool, sink: ColumnSink
    ) -> [ChunkResult] {
        let scheduler = LoadScheduler(plan: plan, total: source.count, hashBlock: chunkSize ?? ChunkPlan.chunkSize)
        let results = Slots<ChunkResult>(count: plan.count)
        let bytes = source
        let release = self.release
        ParallelWork.run(workers) { worker in
            while true {
                let done: Range<Int>?
                switch scheduler.next(worker: worker) {
                case .hash(let range):
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes.bytes[range]))
                    done = scheduler.finishedHashing(upTo: range.upperBound)
                case .parse(let k):
                    let range = plan.range(k)
                    results[k] = ChunkResult.parse(range, isFinal: k == plan.count - 1, parser: parser, types: types,
                                                   expectedRows: Self.reservation(forRows: range.count / bytesPerRow), pool: pool)
                    sink.parsed(k, results: results)
                    done = scheduler.finishedParsing(k)
                case .wait:
                    sched_yield()
                    continue
                case .stop:
                    return
                }
                if let done, let release { release(done) }
            }
        }
        return results.takeAll { $0! }
    }

    /// The chunks in order up to the first error (thrown) or the first chunk
    /// that ended inside a quoted field (the rest is then re-parsed sequentially).
    private func resolve(_ chunks: [ChunkResult], parser: CSVChunkParser, types: [ColumnType?], bytesPerRow: Int) throws(DataError) -> [ChunkResult] {
        var checked = [ChunkResult]()
        for chunk in chunks {
            switch chunk.outcome {
            case .done:
                checked.append(chunk)
            case .failed(let error):
                throw error.located(in: source)
            case .endedInQuote:
                let rest = chunk.range.lowerBound..<source.count
                let tail = ChunkResult.parse(rest, isFinal: true, parser: parser, types: types,
                                             expectedRows: Self.reservation(forRows: rest.count / bytesPerRow))
                if case .failed(let error) = tail.outcome { throw error.located(in: source) }
                checked.append(tail)
                return checked
            }
        }
        return checked
    }

    /// The words to reserve in a column for about `rows` rows: an eighth more, for lines
    /// shorter than the sample's, and a few. A fixed margin of 16 or 64 words was nothing
    /// beside a long file's columns, but more than the data in each of a wide file's.
    static func reservation(forRows rows: Int) -> Int { rows + rows / 8 + 4 }

    /// Bytes per line over the first 64 KiB of data, to size the builders. A first line
    /// longer than that is measured to its end: taken as 64 KiB, a line of a million
    /// columns made the estimate thirty times too many rows, reserved in every column.
    static func averageRecordLength(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        let sampleEnd = Swift.min(end, start + 65536)
        var lines = 0
        for i in start..<sampleEnd where bytes[i] == UInt8(ascii: "\n") { lines += 1 }
        if lines > 0 { return (sampleEnd - start) / lines }
        var lineEnd = sampleEnd
        while lineEnd < end, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        return Swift.min(lineEnd + 1, end) - start
    }
}
