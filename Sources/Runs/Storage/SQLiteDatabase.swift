import CSQLite
import Foundation

/// A connection to one SQLite database file, used from one thread at a time.
///
/// Queries are prepared per call. Statements run for their effect (`run`)
/// are prepared once per connection and reused: a run's cells are written
/// with a few dozen inserts in one transaction, and preparing each insert
/// took longer than executing it.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    /// The database file, named in the errors a person must act on.
    private let path: String
    private var prepared = [String: SQLiteStatement]()

    /// How long a connection waits for another's lock before giving up.
    static let busyTimeout: Duration = .seconds(30)

    /// Opens (creating if needed) the database at `path`, in WAL mode so that
    /// readers never block the one writer, with a generous busy timeout so
    /// that parallel writers queue instead of failing.
    init(path: String) throws(StoreError) {
        self.path = path
        var status = SQLITE_OK
        do throws(StoreError) {
            try open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, status: &status)
        } catch {
            let refused = status & 0xFF == SQLITE_READONLY || status & 0xFF == SQLITE_CANTOPEN
            guard refused, Self.mayReadAsUnchanging(path) else { throw error }
            close()
            try open(Self.unchangingURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, status: &status)
        }
    }

    /// Opens and configures the database `name`; `status` is SQLite's code for what failed.
    private func open(_ name: String, flags: Int32, status: inout Int32) throws(StoreError) {
        status = sqlite3_open_v2(name, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK else {
            let error = failure(status, otherwise: openingFailure)
            close()
            throw error
        }
        sqlite3_busy_timeout(handle, Int32(Self.busyTimeout.components.seconds * 1000))
        do {
            try configure(unchanging: flags & SQLITE_OPEN_URI != 0)
        } catch {
            // The first statement is where SQLite finds a file that is not a database.
            status = sqlite3_errcode(handle)
            throw failure(status, otherwise: openingFailure)
        }
    }

    private func close() {
        prepared.removeAll()
        sqlite3_close(handle)
        handle = nil  // deinit closes it otherwise, a second time
    }

    /// Whether the database at `path` can be read only as a file no one
    /// changes: this user may read it but not create the shared-memory file a
    /// WAL database is read through (another user's store, closed cleanly,
    /// without its `-shm`), and no write-ahead log holds commits the file
    /// lacks. Whoever owns the store would have to write it while it is read
    /// for the reader to see a torn page, which SQLite then reports.
    static func mayReadAsUnchanging(_ path: String) -> Bool {
        guard access(path, R_OK) == 0, access((path as NSString).deletingLastPathComponent, W_OK) != 0 else { return false }
        var log = stat()
        if stat(path + "-wal", &log) == 0 { return log.st_size == 0 }
        return errno == ENOENT
    }

    /// The URI that opens `path` as a file no one changes (no locks, no
    /// `-shm`), with the characters a URI gives meaning escaped.
    static func unchangingURI(_ path: String) -> String {
        var escaped = [UInt8]()
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"): escaped += Array(String(format: "%%%02X", byte).utf8)
            default: escaped.append(byte)
            }
        }
        return "file:" + String(decoding: escaped, as: UTF8.self) + "?immutable=1"
    }

    private var openingFailure: String { "cannot open the run store database \(path): \(errorMessage)" }

    private func configure(unchanging: Bool) throws(StoreError) {
        if unchanging {
            // Read as it is, in the journal mode its file says; this reads the file's header.
            try execute("PRAGMA schema_version")
        } else {
            try switchToWAL()
        }
        // A commit survives the process being killed at any moment; only an
        // operating-system crash could lose the last commits, never corrupt.
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        // Every process that opens the store first reads the whole log back,
        // checksumming each frame: fold it into the database at a quarter of
        // SQLite's default length (1 MiB), which a few runs fill.
        try execute("PRAGMA wal_autocheckpoint = 256")
        mlx_sqlite3_keep_wal_on_close(handle)
    }

    /// Puts the database in WAL mode. On a database another process is still
    /// creating (a run and its own `deploy`, parallel CI jobs on a new store),
    /// SQLite refuses the switch as busy without waiting, since waiting could
    /// deadlock; it is tried again for as long as the busy timeout would wait.
    private func switchToWAL() throws(StoreError) {
        let deadline = ContinuousClock.now + Self.busyTimeout
        while true {
            do throws(StoreError) {
                try execute("PRAGMA journal_mode = WAL")
                return
            } catch {
                let code = sqlite3_errcode(handle) & 0xFF
                guard code == SQLITE_BUSY || code == SQLITE_LOCKED, ContinuousClock.now < deadline else { throw error }
                usleep(1000)
            }
        }
    }

    deinit {
        prepared.removeAll()  // finalized before the connection closes
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that returns no rows (several statements allowed).
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(message)
            throw failure(status, otherwise: "run store: \(text)")
        }
    }

    /// Runs one statement with `arguments` bound to its `?` placeholders.
    func run(_ sql: String, _ arguments: [SQLiteValue] = []) throws(StoreError) {
        let statement = try prepareForReuse(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        while try statement.step() {}
    }

    /// The statement for `sql`, prepared on first use and kept for `run`.
    @discardableResult
    func prepareForReuse(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = prepared[sql] { return cached }
        let statement = try prepare(sql, [])
        prepared[sql] = statement
        return statement
    }

    /// The rows one query returns.
    func rows(_ sql: String, _ arguments: [SQLiteValue] = []) throws(StoreError) -> [SQLiteRow] {
        let statement = try prepare(sql, arguments)
        var result = [SQLiteRow]()
        while try statement.step() { result.append(statement.row()) }
        return result
    }

    /// Steps through the rows of one query, handing the statement to `body`
    /// at each: for large results, where building a row value per row costs
    /// more than the query.
    func forEachRow(_ sql: String, _ arguments: [SQLiteValue] = [], _ body: (SQLiteStatement) -> Void) throws(StoreError) {
        let statement = try prepare(sql, arguments)
        while try statement.step() { body(statement) }
    }

    /// A prepared statement with its arguments bound.
    func prepare(_ sql: String, _ arguments: [SQLiteValue]) throws(StoreError) -> SQLiteStatement {
        var raw: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
        guard status == SQLITE_OK, let raw else {
            throw failure(status, otherwise: "run store: \(errorMessage) in \(sql)")
        }
        let statement = SQLiteStatement(raw, database: self)
        try statement.bind(arguments)
        return statement
    }

    /// Runs `body` in one transaction that takes the write lock at once, so
    /// that two writers never deadlock upgrading read locks.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Whether SQLite opened the database for reading only: the file is not
    /// writable by this process (a store another user owns).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// The rowid of the last insert on this connection.
    var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(handle) }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// The error for a call that failed with `status`. A problem with the file
    /// itself is named, in words a person can act on, wherever SQLite finds
    /// out: opening it, or reading a page long after; any other failure is
    /// `otherwise`.
    func failure(_ status: Int32, otherwise message: @autoclosure () -> String) -> StoreError {
        guard let (file, problem) = fileProblem(status) else { return StoreError(message()) }
        return StoreError("cannot read the run store at \(file): \(problem)")
    }

    /// What `status` says is wrong with the database's files, if it is a file,
    /// and which: damaged pages, a header that is not SQLite's (garbage written
    /// over it), or a file this process may not open.
    private func fileProblem(_ status: Int32) -> (file: String, problem: String)? {
        switch status & 0xFF {
        case SQLITE_CORRUPT, SQLITE_NOTADB: return (path, "the database is damaged (\(errorMessage))")
        case SQLITE_CANTOPEN: return openingProblem
        default: return nil
        }
    }

    /// Which file could not be opened and why, in the system's words: SQLite's
    /// own message ("unable to open database file") says neither. The first of
    /// the database and its write-ahead log and shared-memory files that this
    /// process may not read is named; else the database, with the errno SQLite
    /// kept from its failed call.
    private var openingProblem: (file: String, problem: String)? {
        for file in [path, path + "-wal", path + "-shm"] where access(file, F_OK) == 0 || file == path {
            if access(file, R_OK) != 0 { return (file, String(cString: strerror(errno))) }
        }
        let code = sqlite3_system_errno(handle)
        return code == 0 ? nil : (path, String(cString: strerror(code)))
    }
}

/// A value bound to or read from SQL.
enum SQLiteValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Text as the store holds it, byte for byte, valid UTF-8 or not: to seek
    /// past a value read back, which a String would have repaired.
    case textBytes([UInt8])

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    init(_ number: Double?) { self = number.map { .real($0) } ?? .null }
}

/// One result row, by column index.
struct SQLiteRow {
    let values: [SQLiteValue]

    subscript(_ index: Int) -> SQLiteValue { values[index] }

    func text(_ index: Int) -> String? { if case .text(let s) = values[index] { s } else { nil } }
    func integer(_ index: Int) -> Int? { if case .integer(let i) = values[index] { Int(i) } else { nil } }
    func real(_ index: Int) -> Double? {
        switch values[index] {
        case .real(let x): return x
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    private let raw: OpaquePointer
    /// Unowned: the connection keeps the statements it reuses, and a strong
    /// reference back kept every connection that had one open for good.
    /// Statements live inside the connection's own calls or its cache.
    private unowned let database: SQLiteDatabase

    init(_ raw: OpaquePointer, database: SQLiteDatabase) {
        self.raw = raw
        self.database = database
    }

    deinit { sqlite3_finalize(raw) }

    /// Ready to run again: unbound and not in the middle of its rows.
    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    func bind(_ arguments: [SQLiteValue]) throws(StoreError) {
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch argument {
            case .null: status = sqlite3_bind_null(raw, index)
            case .integer(let i): status = sqlite3_bind_int64(raw, index, i)
            case .real(let x): status = sqlite3_bind_double(raw, index, x)
            case .text(var s): status = s.withUTF8 { bindText($0, at: index) }
            case .textBytes(let bytes): status = bytes.withUnsafeBufferPointer { bindText($0, at: index) }
            }
            guard status == SQLITE_OK else { throw database.failure(status, otherwise: "run store: \(database.errorMessage)") }
        }
    }

    /// Binds `utf8` as text by its byte count, so a NUL inside is text like
    /// any other; empty text stays text (a missing base address would bind NULL).
    private func bindText(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int32) -> Int32 {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        guard utf8.count > 0 else { return sqlite3_bind_text(raw, index, "", 0, transient) }
        return utf8.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(raw, index, $0.baseAddress, Int32($0.count), transient) }
    }

    /// Advances to the next row; false when done.
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(raw) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw database.failure(status, otherwise: "run store: \(database.errorMessage)")
        }
    }

    /// Column `column` of the current row as an integer, nil if NULL.
    func integer(_ column: Int32) -> Int? {
        sqlite3_column_type(raw, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(raw, column))
    }

    /// Column `column` of the current row as a double, nil if NULL.
    func real(_ column: Int32) -> Double? {
        sqlite3_column_type(raw, column) == SQLITE_NULL ? nil : sqlite3_column_double(raw, column)
    }

    /// Column `column` of the current row as text, nil if NULL (all of it:
    /// by its length, so a NUL inside does not end it).
    func text(_ column: Int32) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Column `column` of the current row as its UTF-8 bytes, nil if NULL;
    /// valid only until the statement moves on.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = sqlite3_column_text(raw, column) else { return nil }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(raw, column)))
    }

    func row() -> SQLiteRow {
        let count = sqlite3_column_count(raw)
        return SQLiteRow(values: (0..<count).map { column in
            switch sqlite3_column_type(raw, column) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(raw, column))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(raw, column))
            case SQLITE_NULL: return .null
            default: return .text(text(column) ?? "")
            }
        })
    }
}

/// The text of a column whose few values repeat row after row (the names of
/// metrics, in every run): each distinct value becomes a String once, and
/// later rows are matched against it by their bytes.
struct RepeatedText {
    private var seen = [(bytes: [UInt8], text: String)]()

    /// How many distinct values are remembered; past that, each row makes its own String.
    static let capacity = 64

    mutating func text(of row: SQLiteStatement, column: Int32) -> String? {
        guard let bytes = row.bytes(column) else { return nil }
        if let entry = seen.first(where: { $0.bytes.count == bytes.count && $0.bytes.elementsEqual(bytes) }) { return entry.text }
        let text = String(decoding: bytes, as: UTF8.self)
        if seen.count < Self.capacity { seen.append((Array(bytes), text)) }
        return text
    }
}
