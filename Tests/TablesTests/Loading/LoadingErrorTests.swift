import Foundation
import Testing
@testable import Tables

@Suite struct LoadingErrorTests {
    @Test func fileNotFoundAndDirectory() {
        #expect(throws: DataError(.fileNotFound, "no such file", file: "/nonexistent/x.csv")) {
            try TableLoader.load(path: "/nonexistent/x.csv")
        }
        #expect(throws: DataError(.unreadable, "is a directory, not a data file", file: "/tmp")) {
            try TableLoader.load(path: "/tmp")
        }
    }

    /// A file cut short by another process while it is mapped: reading past its new end
    /// gives zeros instead of killing the process with SIGBUS, and the file is known changed.
    @Test func aFileCutShortUnderItsMappingIsNoticedNotFatal() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-shrunk-\(UUID().uuidString).csv").path
        defer { unlink(path) }
        try Data(repeating: UInt8(ascii: "7"), count: 1 << 20).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile(path: path)
        #expect(!file.changedWhileRead)
        #expect(truncate(path, 4096) == 0)
        let pastTheEnd = file.bytes[(1 << 20) - 1]
        #expect(pastTheEnd == 0 && file.bytes[0] == UInt8(ascii: "7"))
        #expect(file.changedWhileRead)
    }

    /// A file whose size or times change during the load is refused: what was read may mix
    /// two versions of it.
    @Test func aFileWrittenDuringTheLoadIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-written-\(UUID().uuidString).csv").path
        defer { unlink(path) }
        try Data("a\n1\n".utf8).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile(path: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2\n".utf8))
        try handle.close()
        #expect(file.changedWhileRead)
        #expect(MappedFile.changedError(path).description.hasPrefix("\(path): the file changed while it was read"))
    }

    /// A FIFO with no writer would make `open` wait forever; a device reads as empty or endless.
    @Test func pipesAndDevicesAreRefusedAtOnce() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-fifo-\(getpid()).csv").path
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        for path in [fifo, "/dev/zero", "/dev/null"] {
            #expect(throws: DataError(.unreadable, "is not a regular file (a pipe, socket or device); load reads files", file: path)) {
                try TableLoader.load(path: path)
            }
        }
    }

    @Test func emptyInputs() {
        #expect(loadError("") == "t.csv: the file is empty")
        #expect(loadError("\u{FEFF}") == "t.csv: the file is empty")
        #expect(loadError("\n\r\n  \n") == "t.csv: the file has only blank lines")
        #expect(loadError("", name: "t.jsonl") == "t.jsonl: the file is empty")
        #expect(loadError("\n\n", name: "t.jsonl") == "t.jsonl: the file has only blank lines")
    }

    @Test func raggedRows() {
        #expect(loadError("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5,6\n")
            == "t.csv:7:11: expected 5 fields, found 6")
        #expect(loadError("a,b,c\n1,2\n") == "t.csv:2:4: expected 3 fields, found 2")
        #expect(loadError("a,b\n1,2,3,\"4\n5\",6\n") == "t.csv:2:5: expected 2 fields, found 5")
    }

    @Test func unterminatedQuote() {
        #expect(loadError("a,b\n1,2\n3,\"abc\n4,5\n") == "t.csv:3:3: unterminated quote: the quoted field that starts here never ends")
        #expect(loadError("\"") == "t.csv:1:1: unterminated quote: the quoted field that starts here never ends")
        #expect(loadError("a\n\"x\"y\n") == "t.csv:2:4: unexpected character after the closing quote of a field")
    }

    @Test func duplicateColumnNames() {
        #expect(loadError("a,b,a\n1,2,3\n") == "t.csv:1:5: duplicate column name 'a' in the header")
    }

    @Test func invalidUTF8() {
        var bytes = Array("a,b\n1,x\n2,é".utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array("y\n".utf8))
        #expect(loadErrorBytes(bytes) == "t.csv:3:4: invalid UTF-8: byte 0xFF is not part of a valid character")
        #expect(loadErrorBytes([0x61, 0xC3, 0x0A]) == "t.csv:1:2: invalid UTF-8: byte 0xC3 is not part of a valid character")
        #expect(loadErrorBytes(Array("{\"a\": \"".utf8) + [0xED, 0xA0, 0x80] + Array("\"}\n".utf8), name: "t.jsonl")
            == "t.jsonl:1:8: invalid UTF-8: byte 0xED is not part of a valid character")
    }

    @Test func overrideRejectsAValue() {
        let options = LoadOptions(columnTypes: ["x": .number])
        #expect(loadError("x,y\n1,2\n3,4\nabc,5\n", options: options) == "t.csv:4:1: column 'x': expected a number, found 'abc'")
        #expect(loadError("x\n1\n2.5\n", options: LoadOptions(columnTypes: ["x": .integer])) == "t.csv:3:1: column 'x': expected an integer, found '2.5'")
        #expect(loadError("x\ntrue\nyes\n", options: LoadOptions(columnTypes: ["x": .boolean])) == "t.csv:3:1: column 'x': expected true or false, found 'yes'")
        #expect(loadError("x\n1\n", options: LoadOptions(columnTypes: ["zzz": .text])) == "t.csv: no column named 'zzz' (columns: 'x')")
    }

    @Test func invalidJSON() {
        let jsonl = "t.jsonl"
        #expect(loadError("{\"a\": 1}\n{\"a\": {\"b\": 2}}\n", name: jsonl) == "t.jsonl:2:7: nested objects and arrays are not supported (key 'a')")
        #expect(loadError("{\"a\": [1]}\n", name: jsonl) == "t.jsonl:1:7: nested objects and arrays are not supported (key 'a')")
        #expect(loadError("{\"a\": 1,}\n", name: jsonl) == "t.jsonl:1:9: invalid JSON: expected a string key")
        #expect(loadError("{\"a\" 1}\n", name: jsonl) == "t.jsonl:1:6: invalid JSON: expected ':' after the key")
        #expect(loadError("{\"a\": 1\n", name: jsonl) == "t.jsonl:1:8: invalid JSON: expected ',' or '}' (found the end of the line)")
        #expect(loadError("[1, 2]\n", name: jsonl) == "t.jsonl:1:1: invalid JSON: expected '{' at the start of a JSON Lines record")
        #expect(loadError("{\"a\": 01}\n", name: jsonl) == "t.jsonl:1:7: invalid JSON: numbers cannot have leading zeros")
        #expect(loadError("{\"a\": tru}\n", name: jsonl) == "t.jsonl:1:7: invalid JSON: expected a value")
        #expect(loadError("{\"a\": \"x}\n", name: jsonl) == "t.jsonl:1:7: invalid JSON: unterminated string")
        #expect(loadError("{\"a\": 1, \"a\": 2}\n", name: jsonl) == "t.jsonl:1:10: invalid JSON: duplicate key 'a'")
        #expect(loadError("{\"a\": 1}\n{\"a\": 2, \"\": 3}\n", name: jsonl) == "t.jsonl:2:10: an empty key cannot name a column")
        #expect(loadError("{\"a\": 1} x\n", name: jsonl) == "t.jsonl:1:10: invalid JSON: unexpected text after the end of the object")
    }

    @Test func errorsCarryKindFileLineAndColumn() throws {
        do {
            _ = try loadText("a,b\n1\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .raggedRow)
            #expect(error.file == "t.csv")
            #expect(error.line == 2)
            #expect(error.column == 2)
        }
    }
}
