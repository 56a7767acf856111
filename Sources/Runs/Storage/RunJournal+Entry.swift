import Foundation
import Numerics
import Tables

extension RunJournal {
    /// One piece of a run, appended as it is decided. Entries are framed
    /// (`kind`, byte count, fields) so that a reader can tell the last one
    /// apart when the process died in the middle of appending it.
    enum Entry {
        /// The run's row as it starts: everything but its environment, cells and end.
        case begin(RunRecord)
        /// The run's environment, after its start and before its first cell
        /// (`RunRecorder.StartEntries`; journals of older builds may have it later).
        case environment(RunEnvironment)
        /// The commit and dirty flag of the working tree, with the environment
        /// and before the first cell: a run killed before its end keeps them.
        case git(GitState)
        /// A finished cell with what it reported and when it ended, but for what
        /// is hashed later: its value digest, the content id, its models' object names.
        case cell(RunStore.CellWrite)
        /// What was hashed for the cell at `position`: its value digest, the
        /// run's content id chained over it, and the object names of the
        /// models it trained (stored before this was appended).
        case completed(position: Int, valueDigest: String?, contentID: String, modelObjects: [String])
        /// How the run ended, appended after everything else: a journal that
        /// has it holds the whole run.
        case finished(RunStore.RunEnd)

        private enum Kind: UInt8 {
            /// `environmentJSON`: the environment as JSON, as the first journals wrote it.
            /// `untimedCell`: a cell without its end time, as journals wrote it before `cell`.
            case begin = 1, environmentJSON, untimedCell, completed, finished, environment, cell, git
        }

        func encode(into bytes: inout [UInt8]) {
            var fields = JournalWriter()
            let kind: Kind
            switch self {
            case .begin(let run):
                kind = .begin
                Self.encodeStart(of: run, into: &fields)
            case .environment(let environment):
                // Field by field rather than as JSON: a run's first milliseconds
                // should not pay for Codable's first use in the process.
                kind = .environment
                Self.encode(environment, into: &fields)
            case .cell(let write):
                Self.encode(write, into: &fields)
                // Its end time last, so that the cell's fields read alike in both kinds;
                // then whether an assert failed, which journals before version 8 lack.
                kind = write.endedAt == nil ? .untimedCell : .cell
                if let ended = write.endedAt {
                    fields.real(ended.timeIntervalSince1970)
                    fields.flag(write.cell.assertFailed)
                }
            case .git(let state):
                kind = .git
                fields.text(state.commit)
                fields.flag(state.dirty)
            case .completed(let position, let valueDigest, let contentID, let modelObjects):
                kind = .completed
                fields.integer(position)
                fields.optionalText(valueDigest)
                fields.text(contentID)
                fields.array(modelObjects) { $0.text($1) }
            case .finished(let end):
                kind = .finished
                Self.encode(end, into: &fields)
            }
            bytes.append(kind.rawValue)
            var count = UInt32(fields.bytes.count).littleEndian
            withUnsafeBytes(of: &count) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: fields.bytes)
        }

        /// The next entry, or nil if the rest of the journal is incomplete or unreadable.
        static func decode(from reader: inout JournalReader) -> Entry? {
            guard let tag = reader.byte(), let kind = Kind(rawValue: tag), let count = reader.count32(),
                var fields = reader.slice(count)
            else { return nil }
            let entry: Entry?
            switch kind {
            case .begin: entry = decodeStart(from: &fields).map(Entry.begin)
            case .environmentJSON: entry = fields.text().flatMap { RunStore.decode(RunEnvironment.self, $0) }.map(Entry.environment)
            case .environment: entry = decodeEnvironment(from: &fields).map(Entry.environment)
            case .untimedCell: entry = decodeCell(from: &fields).map(Entry.cell)
            case .cell:
                if var write = decodeCell(from: &fields), let ended = fields.real() {
                    write.endedAt = Date(timeIntervalSince1970: ended)
                    let assertFailed = fields.atEnd ? false : fields.flag()
                    write.cell.assertFailed = assertFailed ?? false
                    entry = assertFailed == nil ? nil : .cell(write)
                } else {
                    entry = nil
                }
            case .completed:
                if let position = fields.integer(), let valueDigest = fields.optionalText(), let contentID = fields.text(),
                    let modelObjects = fields.array({ $0.text() })
                {
                    entry = .completed(position: position, valueDigest: valueDigest, contentID: contentID, modelObjects: modelObjects)
                } else {
                    entry = nil
                }
            case .finished: entry = decodeEnd(from: &fields).map(Entry.finished)
            case .git:
                if let commit = fields.text(), let dirty = fields.flag() { entry = .git(GitState(commit: commit, dirty: dirty)) } else { entry = nil }
            }
            return fields.atEnd ? entry : nil
        }

        // MARK: The environment

        private static func encode(_ environment: RunEnvironment, into fields: inout JournalWriter) {
            fields.text(environment.mlxVersion)
            fields.text(environment.operatingSystem)
            fields.text(environment.kernelRelease)
            fields.text(environment.cpuModel)
            fields.array(environment.cpuFeatures) { $0.text($1) }
            fields.integer(environment.cpuCores)
            let numeric = environment.numeric
            fields.text(numeric.blasLibrary)
            fields.text(numeric.blasConfiguration)
            fields.text(numeric.blasKernel)
            fields.integer(numeric.blasThreads)
            fields.optionalText(numeric.forcedCoreType)
        }

        private static func decodeEnvironment(from fields: inout JournalReader) -> RunEnvironment? {
            guard let version = fields.text(), let system = fields.text(), let kernel = fields.text(), let model = fields.text(),
                let features = fields.array({ $0.text() }), let cores = fields.integer(), let library = fields.text(),
                let configuration = fields.text(), let blasKernel = fields.text(), let threads = fields.integer(),
                let forced = fields.optionalText()
            else { return nil }
            return RunEnvironment(
                mlxVersion: version, operatingSystem: system, kernelRelease: kernel, cpuModel: model, cpuFeatures: features, cpuCores: cores,
                numeric: NumericEnvironment(
                    blasLibrary: library, blasConfiguration: configuration, blasKernel: blasKernel, blasThreads: threads, forcedCoreType: forced))
        }

        // MARK: The run's end

        private static func encode(_ end: RunStore.RunEnd, into fields: inout JournalWriter) {
            fields.text(end.status.rawValue)
            fields.integer(Int(end.exitCode))
            fields.text(end.contentID)
            fields.optionalText(end.verdict)
            fields.optionalText(end.git?.commit)
            fields.flag(end.git?.dirty ?? false)
            fields.real(end.endedAt.timeIntervalSince1970)
        }

        private static func decodeEnd(from fields: inout JournalReader) -> RunStore.RunEnd? {
            guard let status = fields.text().flatMap(RunRecord.Status.init(rawValue:)), let exitCode = fields.integer(),
                let code = Int32(exactly: exitCode), let contentID = fields.text(), let verdict = fields.optionalText(),
                let commit = fields.optionalText(), let dirty = fields.flag(), let ended = fields.real()
            else { return nil }
            return RunStore.RunEnd(
                status: status, exitCode: code, contentID: contentID, verdict: verdict, git: commit.map { GitState(commit: $0, dirty: dirty) },
                endedAt: Date(timeIntervalSince1970: ended))
        }

        // MARK: The run's start

        private static func encodeStart(of run: RunRecord, into fields: inout JournalWriter) {
            fields.text(run.contentID)
            fields.text(run.kind.rawValue)
            fields.optionalText(run.script)
            fields.optionalText(run.source)
            fields.text(run.workingDirectory)
            fields.real(run.startedAt.timeIntervalSince1970)
            fields.text(run.randomAlgorithm)
            fields.array(run.overrides) { $0.text($1) }
            fields.integer(run.digits)
            fields.optionalInteger(run.replayOf)
        }

        private static func decodeStart(from fields: inout JournalReader) -> RunRecord? {
            guard let contentID = fields.text(), let kind = fields.text().flatMap(RunRecord.Kind.init(rawValue:)),
                let script = fields.optionalText(), let source = fields.optionalText(), let directory = fields.text(),
                let started = fields.real(), let algorithm = fields.text(), let overrides = fields.array({ $0.text() }),
                let digits = fields.integer(), let replayOf = fields.optionalInteger()
            else { return nil }
            return RunRecord(
                number: 0, contentID: contentID, kind: kind, script: script, source: source, workingDirectory: directory,
                startedAt: Date(timeIntervalSince1970: started), endedAt: nil, status: .running, exitCode: nil, seed: nil,
                randomAlgorithm: algorithm, overrides: overrides, digits: digits, parameters: [], cells: [], metrics: [], inputs: [],
                models: [], environment: .unrecorded, git: nil, replayOf: replayOf, verdict: nil)
        }

        // MARK: Cells

        private static func encode(_ write: RunStore.CellWrite, into fields: inout JournalWriter) {
            let cell = write.cell
            fields.integer(write.position)
            fields.integer(cell.number)
            fields.text(cell.source)
            fields.text(cell.output)
            fields.optionalText(cell.valueDigest)
            fields.real(cell.duration)
            fields.flag(cell.succeeded)
            fields.flag(cell.interrupted)
            fields.optionalInteger(write.seed.map { Int(bitPattern: UInt($0)) })
            fields.text(write.contentID)
            fields.array(write.parameters) { fields, item in
                fields.integer(item.position)
                fields.text(item.parameter.name)
                fields.text(item.parameter.value)
                fields.flag(item.parameter.overridden)
            }
            fields.array(write.metrics) { fields, item in
                fields.integer(item.position)
                fields.integer(item.metric.cell)
                fields.text(item.metric.name)
                fields.real(item.metric.value)
            }
            fields.array(write.inputs) { fields, item in
                let input = item.input
                fields.integer(item.position)
                fields.integer(input.cell)
                fields.text(input.path)
                fields.text(input.resolvedPath)
                fields.text(input.fingerprint.sha256)
                fields.integer(input.fingerprint.byteCount)
                fields.integer(input.fingerprint.rowCount)
                // Field by field rather than as JSON: a cell that loads data is on the script's path.
                fields.array(input.fingerprint.schema) { fields, field in
                    fields.text(field.name)
                    fields.text(field.type.rawValue)
                    fields.flag(field.levels != nil)
                    if let levels = field.levels { fields.array(levels) { $0.text($1) } }
                }
                fields.optionalText(input.snapshot)
            }
            fields.array(write.models) { fields, item in
                fields.integer(item.position)
                fields.integer(item.model.cell)
                fields.text(item.model.estimator)
                fields.text(item.model.object)
            }
        }

        private static func schemaField(from fields: inout JournalReader) -> SchemaField? {
            guard let name = fields.text(), let type = fields.text().flatMap(ColumnType.init(rawValue:)), let hasLevels = fields.flag() else {
                return nil
            }
            guard hasLevels else { return SchemaField(name: name, type: type) }
            return fields.array({ $0.text() }).map { SchemaField(name: name, type: type, levels: $0) }
        }

        private static func decodeCell(from fields: inout JournalReader) -> RunStore.CellWrite? {
            guard let position = fields.integer(), let number = fields.integer(), let source = fields.text(), let output = fields.text(),
                let digest = fields.optionalText(), let duration = fields.real(), let succeeded = fields.flag(),
                let interrupted = fields.flag(), let seed = fields.optionalInteger(), let contentID = fields.text()
            else { return nil }
            let cell = RunRecord.Cell(
                number: number, source: source, output: output, valueDigest: digest, duration: duration, succeeded: succeeded,
                interrupted: interrupted)
            var write = RunStore.CellWrite(position: position, cell: cell, seed: seed.map { UInt64(UInt(bitPattern: $0)) }, contentID: contentID)
            guard
                let parameters = fields.array({ f -> (Int, RunRecord.Parameter)? in
                    guard let p = f.integer(), let name = f.text(), let value = f.text(), let overridden = f.flag() else { return nil }
                    return (p, RunRecord.Parameter(name: name, value: value, overridden: overridden))
                }),
                let metrics = fields.array({ f -> (Int, RunRecord.Metric)? in
                    guard let p = f.integer(), let cell = f.integer(), let name = f.text(), let value = f.real() else { return nil }
                    return (p, RunRecord.Metric(cell: cell, name: name, value: value))
                }),
                let inputs = fields.array({ f -> (Int, RunRecord.Input)? in
                    guard let p = f.integer(), let cell = f.integer(), let path = f.text(), let resolved = f.text(), let sha = f.text(),
                        let bytes = f.integer(), let rows = f.integer(), let schema = f.array(schemaField), let snapshot = f.optionalText()
                    else { return nil }
                    let fingerprint = Fingerprint(sha256: sha, byteCount: bytes, rowCount: rows, schema: schema)
                    return (p, RunRecord.Input(cell: cell, path: path, resolvedPath: resolved, fingerprint: fingerprint, snapshot: snapshot))
                }),
                let models = fields.array({ f -> (Int, RunRecord.Model)? in
                    guard let p = f.integer(), let cell = f.integer(), let estimator = f.text(), let object = f.text() else { return nil }
                    return (p, RunRecord.Model(cell: cell, estimator: estimator, object: object))
                })
            else { return nil }
            write.parameters = parameters.map { (position: $0.0, parameter: $0.1) }
            write.metrics = metrics.map { (position: $0.0, metric: $0.1) }
            write.inputs = inputs.map { (position: $0.0, input: $0.1) }
            write.models = models.map { (position: $0.0, model: $0.1) }
            return write
        }
    }
}

/// Little-endian fields appended to a byte buffer.
struct JournalWriter {
    private(set) var bytes = [UInt8]()

    mutating func integer(_ value: Int) {
        var field = Int64(value).littleEndian
        withUnsafeBytes(of: &field) { bytes.append(contentsOf: $0) }
    }

    mutating func real(_ value: Double) { integer(Int(Int64(bitPattern: value.bitPattern))) }

    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            integer(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalText(_ value: String?) {
        flag(value != nil)
        if let value { text(value) }
    }

    mutating func optionalInteger(_ value: Int?) {
        flag(value != nil)
        if let value { integer(value) }
    }

    /// A count, then each element written by `element`: what `JournalReader.array` reads.
    mutating func array<T>(_ elements: [T], _ element: (inout JournalWriter, T) -> Void) {
        integer(elements.count)
        for item in elements { element(&self, item) }
    }
}

/// Reads what `JournalWriter` wrote; every read is nil past the end, so a
/// truncated entry is never mistaken for a whole one.
struct JournalReader {
    private let bytes: [UInt8]
    private var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    var atEnd: Bool { offset == end }

    mutating func byte() -> UInt8? {
        guard offset < end else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func count32() -> Int? {
        guard end - offset >= 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[offset + i]) << (8 * i) }
        offset += 4
        return Int(value)
    }

    /// A reader of the next `count` bytes, which this one skips.
    mutating func slice(_ count: Int) -> JournalReader? {
        guard count >= 0, end - offset >= count else { return nil }
        defer { offset += count }
        return JournalReader(bytes, from: offset, to: offset + count)
    }

    mutating func integer() -> Int? {
        guard end - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * i) }
        offset += 8
        return Int(Int64(bitPattern: value))
    }

    mutating func real() -> Double? { integer().map { Double(bitPattern: UInt64(bitPattern: Int64($0))) } }

    mutating func flag() -> Bool? {
        guard let value = byte(), value <= 1 else { return nil }
        return value == 1
    }

    mutating func text() -> String? {
        guard let count = integer(), count >= 0, end - offset >= count else { return nil }
        defer { offset += count }
        return String(validating: bytes[offset..<offset + count], as: UTF8.self)
    }

    mutating func optionalText() -> String?? {
        guard let present = flag() else { return nil }
        return present ? text().map { .some($0) } : .some(nil)
    }

    mutating func optionalInteger() -> Int?? {
        guard let present = flag() else { return nil }
        return present ? integer().map { .some($0) } : .some(nil)
    }

    /// A count, then that many elements read by `element`.
    mutating func array<T>(_ element: (inout JournalReader) -> T?) -> [T]? {
        guard let count = integer(), count >= 0, count <= end - offset else { return nil }
        var result = [T]()
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = element(&self) else { return nil }
            result.append(value)
        }
        return result
    }
}
