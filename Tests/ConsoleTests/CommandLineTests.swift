import Foundation
import Synchronization
import Testing

/// The real `mlx` binary as CI calls it: exit codes, --set, stdin, JUnit, annotations.
@Suite struct CommandLineTests {
    static let binary = ScriptCorpusTests.repositoryRoot.appendingPathComponent(".build/debug/mlx").path

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    /// Runs recorded by these tests go to a store of their own, never the repository's.
    static let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-store-\(UUID().uuidString)").path

    /// - Parameter user: runs the binary as this user and group (and no other groups), for a test run as root.
    /// Whether a user other than the owner may pass through every folder above `path`,
    /// as a test that runs mlx as another user needs of its store.
    static func reachableByOthers(_ path: String) -> Bool {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while folder.path != "/" {
            var info = stat()
            guard stat(folder.path, &info) == 0, info.st_mode & S_IXOTH != 0 else { return false }
            folder = folder.deletingLastPathComponent()
        }
        return true
    }

    /// - Parameter deadline: seconds after which mlx is stopped if it is still running.
    static func mlx(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:], as user: (uid: uid_t, gid: gid_t)? = nil,
        deadline: Double? = nil
    ) throws -> Result {
        let environment = ["MLX_STORE": store].merging(environment) { $1 }
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = ScriptCorpusTests.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { $0.key != "GITHUB_ACTIONS" || environment[$0.key] != nil }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let deadline {
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { if process.isRunning { process.terminate() } }
        }
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func script(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-\(UUID().uuidString).mlx").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build --build-tests")
    }

    @Test func exitCodesAreDistinct() throws {
        #expect(try Self.mlx(["run", Self.script("x = 1\nassert x == 1\n")]).status == 0)
        #expect(try Self.mlx(["run", Self.script("assert 1 == 2\nprint(3)\n")]).status == 1)
        #expect(try Self.mlx(["run", Self.script("x = (\n")]).status == 2)
        #expect(try Self.mlx(["run", Self.script("x = nope\n")]).status == 3)
        #expect(try Self.mlx(["run", "no/such/script.mlx"]).err == "mlx: cannot read no/such/script.mlx: no such file\n")
        let folder = try Self.mlx(["run", "."])
        #expect(folder.status == 64 && folder.err == "mlx: cannot read .: it is a folder, not a file\n")
        #expect(try Self.mlx(["run", Self.script("")]).status == 0, "an empty script runs")
        #expect(try Self.mlx(["run", "--bogus", "x.mlx"]).status == 64)
    }

    /// Only a regular file is read, and no script past 64 MiB: a pipe nobody writes to would
    /// wait forever, and a device such as /dev/zero never ends.
    @Test func scriptsThatAreNotFilesOrTooLargeAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/fifo.mlx"
        #expect(mkfifo(fifo, 0o600) == 0)
        let pipe = try Self.mlx(["run", "--no-record", fifo], deadline: 30)
        #expect(pipe.status == 64 && pipe.err == "mlx: cannot read \(fifo): it is a pipe, not a file\n")
        let device = try Self.mlx(["run", "--no-record", "/dev/null"], deadline: 30)
        #expect(device.status == 64 && device.err == "mlx: cannot read /dev/null: it is a device, not a file\n")

        let limit = 64 << 20
        let large = folder + "/large.mlx"
        #expect(FileManager.default.createFile(atPath: large, contents: nil) && truncate(large, off_t(limit + 1)) == 0)
        let file = try Self.mlx(["run", "--no-record", large], deadline: 60)
        #expect(file.status == 64 && file.err == "mlx: cannot read \(large): it is larger than 64 MiB, the most a script may be\n")
        // A comment as long as the limit allows runs; one byte more is refused.
        let longest = "#" + String(repeating: "a", count: limit - 1)
        #expect(try Self.mlx(["run", "--no-record", "-"], input: longest, deadline: 60).status == 0)
        let input = try Self.mlx(["run", "--no-record", "-"], input: longest + "a", deadline: 60)
        #expect(input.status == 64 && input.err == "mlx: cannot read <stdin>: it is larger than 64 MiB, the most a script may be\n")
    }

    /// Like data that `load` refuses, a script that is not UTF-8 is refused at the line and
    /// column (in characters, after a byte order mark) of its first bad byte.
    @Test func aScriptThatIsNotUTF8NamesItsFirstBadByte() throws {
        let path = try Self.script("")
        try Data([0xEF, 0xBB, 0xBF] + Array("x = 1\ns = \"é".utf8) + [0xFF, 0x22, 0x0A, 0xC3]).write(to: URL(fileURLWithPath: path))
        let file = try Self.mlx(["run", "--no-record", path])
        #expect(file.status == 64 && file.err == "mlx: \(path):2:7: invalid UTF-8: byte 0xFF is not part of a valid character\n", "\(file.err)")
        // A character cut short by the end of the file is invalid at its first byte.
        try Data(Array("ab".utf8) + [0xE2, 0x82]).write(to: URL(fileURLWithPath: path))
        let cut = try Self.mlx(["run", "--no-record", path])
        #expect(cut.status == 64 && cut.err == "mlx: \(path):1:3: invalid UTF-8: byte 0xE2 is not part of a valid character\n", "\(cut.err)")
    }

    @Test func parametersOverrideAndUnknownOnesAreUsageErrors() throws {
        let path = try Self.script("param c = 1.0\nparam label = \"a\"\nprint(c * 2, label)\n")
        #expect(try Self.mlx(["run", path]).out == "2 a\n")
        #expect(try Self.mlx(["run", path, "--set", "c=0.25", "--set", "label=b c"]).out == "0.5 b c\n")
        let unknown = try Self.mlx(["run", path, "--set", "d=1"])
        #expect(unknown.status == 64)
        #expect(unknown.err == "mlx: --set d: the script has no parameter 'd' (its parameters are c, label)\n")
        let wrongType = try Self.mlx(["run", path, "--set", "c=abc"])
        #expect(wrongType.status == 64 && wrongType.err == "mlx: --set c: expected a number, got 'abc'\n" && wrongType.out.isEmpty)
        let text = try Self.mlx(["run", try Self.script("param name = \"abc\"\nprint(name + \"x\", type(name))\n"), "--set", "name=1"])
        #expect(text.status == 0 && text.out == "1x string\n", "\(text.err)")
        // A syntax error is reported before any --set is checked, even one naming a parameter it hid.
        let broken = try Self.mlx(["run", try Self.script("for i in [1]:\n    param c = 1\n"), "--set", "c=2"])
        #expect(broken.status == 2 && broken.err.contains("error: 'param' inside 'for'"), "\(broken.err)")
    }

    /// A write to standard output that fails (a full disk, a closed descriptor, a pipe whose
    /// reader left while SIGPIPE is ignored) ends mlx with one line and exit 74, not a crash
    /// report; a closed standard output is not taken over by a file mlx opens (the run's journal).
    @Test func aFailedWriteToStandardOutputEndsWithAMessage() throws {
        let script = try Self.script("for i in range(20000):\n    print(i)\n")
        let cases = [
            ("\"$0\" run \"$1\" > /dev/full", "No space left on device"),
            ("\"$0\" run \"$1\" >&-", "Bad file descriptor"),
            ("trap '' PIPE; \"$0\" run \"$1\" | head -c 1 > /dev/null; exit ${PIPESTATUS[0]}", "Broken pipe"),
        ]
        for (command, reason) in cases {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/bash")
            shell.arguments = ["-c", command, Self.binary, script]
            shell.environment = ProcessInfo.processInfo.environment.merging(["MLX_STORE": Self.store]) { $1 }
            let err = Pipe()
            shell.standardError = err
            try shell.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 74 && message == "mlx: cannot write to standard output: \(reason)\n", "\(command): \(message)")
        }
    }

    /// `mlx run` starts preparing the recorder (the store, the environment, the git probe)
    /// before it reads the script; failing at once must not crash on the way out while that
    /// work is hashing (libcrypto's exit-time cleanup once freed what it used).
    @Test func failingAtOnceExitsCleanlyWhileTheRecorderPrepares() throws {
        // Four at a time, so that some exits land while the others' probes are busy.
        let statuses = Mutex([Int32: Int]())
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 {
                let status = (try? Self.mlx(["run", "no/such/script.mlx"]).status) ?? -1
                statuses.withLock { $0[status, default: 0] += 1 }
            }
        }
        #expect(statuses.withLock { $0 } == [64: 200])
    }

    /// The recorder's journal is made while the command line is parsed; a
    /// command line that turns out wrong removes it on the way out.
    @Test func aWrongCommandLineLeavesNoJournalBehind() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let environment = ["MLX_STORE": store]
        #expect(try Self.mlx(["run", Self.script("x = 1\n")], environment: environment).status == 0)
        for _ in 0..<10 {
            #expect(try Self.mlx(["run", "--bogus", "x.mlx"], environment: environment).status == 64)
            #expect(try Self.mlx(["run", "no/such/script.mlx"], environment: environment).status == 64)
        }
        let journals = try FileManager.default.contentsOfDirectory(atPath: store + "/live")
        #expect(journals.count == 1, "the first run's journal, waiting for a reader: \(journals)")
        #expect(try Self.mlx(["runs"], environment: environment).out.contains("ok"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/live").isEmpty)
    }

    /// `mlx` ends OpenBLAS's idle worker threads as it starts; a product large
    /// enough to be split over threads starts them again, and comes out right.
    @Test func blasThreadsComeBackForALargeProduct() throws {
        let result = try Self.mlx(["run", "--no-record", "-"], input: "a = ones(300, 300)\nprint(sum((a @ a)[0]))\nb = a * 2\nprint(sum((b @ b)[299]))\n")
        #expect(result.status == 0 && result.out == "90000\n360000\n")
    }

    @Test func scriptFromStandardInput() throws {
        let result = try Self.mlx(["run", "-"], input: "print(6 * 7)\n")
        #expect(result.status == 0 && result.out == "42\n")
    }

    @Test func junitFileAndGithubAnnotations() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-\(UUID().uuidString).xml").path
        let path = try Self.script("assert 1 + 1 == 3, \"math\"\n")
        let result = try Self.mlx(["run", path, "--junit", report], environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        #expect(result.err.contains("::error file=\(path),line=1,col=1::assert failed: math (1 + 1 == 3)\n"))
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(xml.contains("failures=\"1\""))
    }

    @Test func noColourWhenNotATerminal() throws {
        let result = try Self.mlx(["run", Self.script("x = nope\n")])
        #expect(!result.err.contains("\u{1B}["))
    }
}
