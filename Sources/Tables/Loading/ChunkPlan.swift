/// How a CSV input is cut into chunks for parallel parsing.
///
/// Chunk boundaries fall just after a line feed near each multiple of the
/// chunk size. Whether that line feed really ends a record (it may sit inside
/// a quoted field) is not known until the chunk before has been parsed: the
/// parser of each chunk assumes it starts outside quotes, and a chunk that
/// ends inside a quoted field invalidates the next one's assumption, which the
/// reader then repairs by parsing the rest sequentially.
struct ChunkPlan {
    /// Chunk boundaries: chunk k covers `bounds[k]..<bounds[k+1]`.
    let bounds: [Int]

    /// Bytes per chunk: small enough that a chunk is still in cache for the
    /// parse after it was hashed or validated, large enough that per-chunk
    /// builders cost little.
    static let chunkSize = 1 << 20

    /// Records a chunk holds at least. Every chunk has a builder per column, which
    /// costs as much as a few dozen of the column's words: a very wide file cut into
    /// chunks of a record or two (a million columns make 2 MB lines) spent many times
    /// its data on builders.
    static let minimumRecords = 64

    /// The chunk size for records of about `bytesPerRecord` bytes.
    static func chunkSize(bytesPerRecord: Int) -> Int {
        Swift.max(chunkSize, bytesPerRecord * minimumRecords)
    }

    /// Chunks over `start..<end` of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, chunkSize: Int = ChunkPlan.chunkSize) {
        var bounds = [start]
        var nominal = start + chunkSize
        while nominal < end {
            var i = nominal - 1
            while i < end, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            guard i + 1 < end else { break }
            bounds.append(i + 1)
            nominal = i + 1 + chunkSize
        }
        bounds.append(end)
        self.bounds = bounds
    }

    /// Number of chunks.
    var count: Int { bounds.count - 1 }

    /// The byte range of chunk `k`.
    func range(_ k: Int) -> Range<Int> { bounds[k]..<bounds[k + 1] }
}
