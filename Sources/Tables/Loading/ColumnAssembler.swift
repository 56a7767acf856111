/// Turns the per-chunk builders of each column into one typed `Column`.
///
/// The column's type is the join of its chunks' states (integer and number
/// make number; any other mix makes text). Numbers are copied or converted
/// straight into the final storage and each chunk's buffer is freed as soon
/// as it is copied, so the peak is the table plus one column. Text columns
/// become categorical when they repeat: at most `maxCategoricalLevels`
/// distinct values, making up at most `maxCategoricalRatio` of the non-missing
/// values. A column with no values at all is a number column of missing values.
struct ColumnAssembler: @unchecked Sendable {
    let scanner: CSVScanner
    let options: LoadOptions

    /// One column per name, assembled in parallel. The words of the first
    /// `sink.flushedChunks` chunks are in `sink`; the other chunks still hold theirs.
    func assemble(names: [String], chunks: [ChunkResult], sink: ColumnSink?) -> [Column] {
        let states = names.indices.map { c in chunks.reduce(ColumnBuilder.State.empty) { Self.join($0, $1.builders[c].state) } }
        let texts = reextractText(states: states, chunks: chunks)
        let words = ChunkWords(chunks: chunks, sink: sink)
        let slots = Slots<Column>(count: names.count)
        ParallelWork.run(Swift.min(ParallelWork.workerCount, names.count)) { worker in
            for c in stride(from: worker, to: names.count, by: ParallelWork.workerCount) {
                slots[c] = column(names[c], c, state: states[c], words: words, texts: texts)
            }
        }
        return slots.takeAll { $0! }
    }

    /// The type two chunks' states make together.
    static func join(_ a: ColumnBuilder.State, _ b: ColumnBuilder.State) -> ColumnBuilder.State {
        if a == .empty || a == b { return b }
        if b == .empty { return a }
        if (a == .integer && b == .number) || (a == .number && b == .integer) { return .number }
        return .text
    }

    private func column(_ name: String, _ c: Int, state: ColumnBuilder.State, words: ChunkWords, texts: [[Int: [String]]]) -> Column {
        let chunks = words.chunks
        let total = chunks.reduce(0) { $0 + $1.rowCount }
        // Numeric columns take the sink's array; any other column just lets it go.
        let flushed = state == .number || state == .integer || state == .boolean ? words.take(c) : words.drop(c)
        var mask = MissingMask()
        var offset = 0
        for chunk in chunks {
            for row in chunk.builders[c].missingRows { mask.insert(offset + row) }
            offset += chunk.rowCount
        }
        let forced = chunks.first?.builders[c].forced
        switch state {
        case .empty:
            if forced == .integer { return Column(unchecked: name, values: .integer(Array(repeating: 0, count: total)), missing: mask) }
            if forced == .boolean { return Column(unchecked: name, values: .boolean(Array(repeating: false, count: total)), missing: mask) }
            return Column(unchecked: name, values: .number(Array(repeating: .nan, count: total)), missing: mask)
        case .number:
            // Handed over, not shared: a second reference would make the conversion below copy the column.
            return Column(unchecked: name, values: .number(numbers(c, consume flushed, words: words, total: total)), missing: mask)
        case .integer:
            let values: [Int64] = copyWords(c, flushed, words: words, total: total) { Int64(bitPattern: $0) }
            return Column(unchecked: name, values: .integer(values), missing: mask)
        case .boolean:
            let values: [Bool] = copyWords(c, flushed, words: words, total: total) { $0 != 0 }
            return Column(unchecked: name, values: .boolean(values), missing: mask)
        case .text:
            var strings = [String]()
            strings.reserveCapacity(total)
            for (k, chunk) in chunks.enumerated() {
                let builder = chunk.builders[c]
                if builder.state == .text {
                    strings.append(contentsOf: (texts[k][c] ?? []).prefix(builder.textFromRow))
                    strings.append(contentsOf: builder.strings)
                } else {
                    strings.append(contentsOf: texts[k][c] ?? [])
                }
            }
            for row in mask.rows { strings[row] = "" }
            return Self.textColumn(name, strings, missing: mask, forced: forced, options: options)
        }
    }

    /// Doubles from number chunks (as they are), integer chunks (converted) and empty chunks (NaN):
    /// the flushed chunks' words extended by the others', then converted in place where needed.
    private func numbers(_ c: Int, _ flushed: consuming [Double], words: ChunkWords, total: Int) -> [Double] {
        var out = flushed.isEmpty ? ColumnStorage.reserved(capacity: total) : flushed
        for k in words.flushedChunks..<words.chunks.count {
            let n = words.chunks[k].rowCount
            if let payload = words.chunks[k].builders[c].payload {
                payload.base.withMemoryRebound(to: Double.self, capacity: n) { out.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
                payload.release()
            } else {
                out.append(contentsOf: repeatElement(.nan, count: n))
            }
        }
        guard words.chunks.contains(where: { $0.builders[c].state != .number }) else { return out }
        out.withUnsafeMutableBufferPointer { out in
            var offset = 0
            for chunk in words.chunks {
                let builder = chunk.builders[c]
                let n = chunk.rowCount
                if builder.state != .number {
                    for i in offset..<offset + n { out[i] = Double(Int64(bitPattern: out[i].bitPattern)) }
                    for row in builder.missingRows { out[offset + row] = .nan }
                    for row in builder.negativeZeroRows { out[offset + row] = -0.0 }
                }
                offset += n
            }
        }
        return out
    }

    /// Words of every chunk, converted, in order; chunks with no payload contribute zero words.
    private func copyWords<T>(_ c: Int, _ flushed: [Double], words: ChunkWords, total: Int, _ convert: (UInt64) -> T) -> [T] {
        ColumnStorage.make(count: total) { (out: UnsafeMutableBufferPointer<T>) in
            var offset = 0
            for k in words.chunks.indices {
                let n = words.chunks[k].rowCount
                let target = out.baseAddress! + offset
                if k < words.flushedChunks {
                    for i in 0..<n { (target + i).initialize(to: convert(flushed[offset + i].bitPattern)) }
                } else if let payload = words.chunks[k].builders[c].payload {
                    for i in 0..<n { (target + i).initialize(to: convert(payload.base[i])) }
                    payload.release()
                } else {
                    for i in 0..<n { (target + i).initialize(to: convert(0)) }
                }
                offset += n
            }
        }
    }

    /// Text, or categorical when the values repeat enough (or the override says so).
    static func textColumn(_ name: String, _ strings: [String], missing: MissingMask, forced: ColumnType?, options: LoadOptions) -> Column {
        if forced == .text { return Column(unchecked: name, values: .text(strings), missing: missing) }
        var index = [String: Int32]()
        let present = strings.count - missing.count
        let levelLimit = forced == .categorical ? Int.max : Swift.min(options.maxCategoricalLevels, Int(Double(present) * options.maxCategoricalRatio))
        for (row, value) in strings.enumerated() where index[value] == nil && !missing.contains(row) {
            index[value] = 0
            if index.count > levelLimit { return Column(unchecked: name, values: .text(strings), missing: missing) }
        }
        guard forced == .categorical || (forced == nil && present > 0) else {
            return Column(unchecked: name, values: .text(strings), missing: missing)
        }
        let levels = index.keys.sorted()
        for (i, level) in levels.enumerated() { index[level] = Int32(i) }
        let codes = strings.indices.map { missing.contains($0) ? -1 : index[strings[$0]]! }
        return Column(unchecked: name, values: .categorical(codes: codes, levels: levels), missing: missing)
    }

    /// For every chunk, the strings of each text column whose rows the chunk did not keep as text.
    private func reextractText(states: [ColumnBuilder.State], chunks: [ChunkResult]) -> [[Int: [String]]] {
        let slots = Slots<[Int: [String]]>(count: chunks.count)
        ParallelWork.run(Swift.min(ParallelWork.workerCount, chunks.count)) { worker in
            for k in stride(from: worker, to: chunks.count, by: ParallelWork.workerCount) {
                let wanted = Set(states.indices.filter { c in
                    let builder = chunks[k].builders[c]
                    return states[c] == .text && (builder.state != .text || builder.textFromRow > 0)
                })
                slots[k] = wanted.isEmpty ? [:] : strings(of: wanted, in: chunks[k].range)
            }
        }
        return slots.takeAll { $0 ?? [:] }
    }

    /// The field strings of `columns` in every record of `range` (which parsed without error).
    private func strings(of columns: Set<Int>, in range: Range<Int>) -> [Int: [String]] {
        var out = [Int: [String]]()
        var p = range.lowerBound
        while p < range.upperBound {
            if let next = scanner.blankLineEnd(p, range.upperBound) {
                p = next
                continue
            }
            guard let (fields, next) = try? scanner.record(at: p, limit: range.upperBound) else { break }
            for c in columns { out[c, default: []].append(scanner.string(fields[c])) }
            p = next
        }
        return out
    }
}
