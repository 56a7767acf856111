/// Where each chunk's column words are after parsing: the first
/// `flushedChunks` chunks in the sink's columns, the rest in their own payloads.
struct ChunkWords: @unchecked Sendable {
    let chunks: [ChunkResult]
    let sink: ColumnSink?
    /// Chunks whose words are in the sink.
    let flushedChunks: Int

    init(chunks: [ChunkResult], sink: ColumnSink?) {
        self.chunks = chunks
        self.sink = sink
        flushedChunks = sink?.flushedChunks ?? 0
    }

    /// Column `c`'s words of the flushed chunks, moved out of the sink (empty without one).
    func take(_ c: Int) -> [Double] { sink?.take(c) ?? [] }

    /// Frees column `c`'s words in the sink; returns an empty array.
    func drop(_ c: Int) -> [Double] {
        _ = sink?.take(c)
        return []
    }
}
