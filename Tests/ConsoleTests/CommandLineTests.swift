import Foundation
import Synchronization
import Testing
@testable import Console

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

    /// A new empty folder; the caller removes it.
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        return folder
    }

    /// Starts mlx with no signal blocked, as a CI runner does. The test
    /// runner's threads block most signals, and a child that Process starts
    /// inherits that mask.
    static func spawnWithNoSignalBlocked(_ arguments: [String], output: String) throws -> pid_t {
        try spawnWithDefaultSignals(binary, arguments, output: output)
    }

    /// Starts `program` (looked up in PATH unless it holds a `/`) with an empty signal mask and
    /// default handlers, standard input from /dev/null and standard output into the file
    /// `output`; standard error goes there too with `errorToOutput`, else to /dev/null.
    static func spawnWithDefaultSignals(_ program: String, _ arguments: [String], output: String, errorToOutput: Bool = false) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if errorToOutput { posix_spawn_file_actions_adddup2(&actions, 1, 2) } else { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        return pid
    }

    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build --build-tests")
    }

    /// `~/` is `$HOME`, as in the shell and for the REPL's history file, in `load`, `:save` and `:load`.
    @Test func aTildeNamesTheHomeDirectoryOfTheEnvironment() throws {
        let home = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let name = "mlx-home-\(UUID().uuidString).mlx"
        // Where the account's home would have received it.
        defer { try? FileManager.default.removeItem(atPath: NSHomeDirectory() + "/" + name) }
        try "a,b\n1,2\n".write(toFile: home + "/t.csv", atomically: true, encoding: .utf8)
        let input = "t = load \"~/t.csv\"\nnrow(t)\n:save ~/\(name)\n:load ~/\(name)\n"
        let result = try Self.mlx(["--no-record"], input: input, environment: ["HOME": home])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "1\nsaved 2 cells to ~/\(name)\n1\n")
        #expect(FileManager.default.fileExists(atPath: home + "/" + name))
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
        let device = try Self.mlx(["run", "--no-record", "/dev/zero"], deadline: 30)
        #expect(device.status == 64 && device.err == "mlx: cannot read /dev/zero: it is a device, not a file\n")
        #expect(try Self.mlx(["run", "--no-record", "/dev/null"], deadline: 30).status == 0, "/dev/null is an empty script")

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
    /// A typo in a numeric column is named at the load, with how to find its line.
    @Test func aLoadNamesTheValueThatMadeANumericColumnText() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rows = (0..<30).map { "\($0 == 11 ? "4x" : String(40 + $0 % 7)),\($0)" }
        try ("age,n\n" + rows.joined(separator: "\n") + "\n").write(toFile: folder + "/ages.csv", atomically: true, encoding: .utf8)
        let script = try Self.script("d = load \"\(folder)/ages.csv\"\nprint(nrow(d))\n")
        let run = try Self.mlx(["run", "--no-record", script], environment: ["NO_COLOR": "1"])
        #expect(run.status == 0 && run.out == "30\n")
        #expect(run.err.contains("warning: \(folder)/ages.csv: column 'age' is read as categorical, though 29 of its 30 values are numbers: '4x' (row 12) is not a number\n"), "\(run.err)")
        #expect(run.err.contains("= help: give types = {age: \"number\"} to have the load refuse it at its line\n"))
        let typed = try Self.script("d = load \"\(folder)/ages.csv\" with types = {age: \"number\"}\n")
        let refused = try Self.mlx(["run", "--no-record", typed], environment: ["NO_COLOR": "1"])
        #expect(refused.status == 3 && refused.err.contains("ages.csv:13:1"), "\(refused.err)")
        // The hints are source text that reads back, quotes in the name and value escaped.
        let quoted = (0..<30).map { $0 == 11 ? "\"4\"\"x\"" : String(40 + $0 % 7) }
        try ("\"age\"\"s\"\n" + quoted.joined(separator: "\n") + "\n").write(toFile: folder + "/quoted.csv", atomically: true, encoding: .utf8)
        let hinted = try Self.mlx(["run", "--no-record", try Self.script("d = load \"\(folder)/quoted.csv\"\n")], environment: ["NO_COLOR": "1"])
        #expect(hinted.err.contains("= help: give types = {\"age\\\"s\": \"number\"} to have the load refuse it at its line\n"), "\(hinted.err)")
        #expect(hinted.err.contains("= help: or missing = [\"4\\\"x\"] if it marks a missing value\n"), "\(hinted.err)")
    }

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
            #expect(try Self.mlx(["run", Self.script("x = 1\n"), "--junit", "no/such/folder/report.xml"], environment: environment).status == 64)
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

    /// `--junit` writes to what its path names, as a shell redirection does,
    /// rather than replacing it.
    @Test func junitReportGoesThroughASymlinkToItsTarget() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/shared", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.xml", withDestinationPath: "shared/report.xml")
        let script = try Self.script("assert 1 == 1\n")
        #expect(try Self.mlx(["run", script, "--junit", folder + "/link.xml"]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.xml") == "shared/report.xml")
        #expect(try String(contentsOfFile: folder + "/shared/report.xml", encoding: .utf8).contains(#"<testsuites name="mlx" tests="1""#))
        try "stale".write(toFile: folder + "/plain.xml", atomically: false, encoding: .utf8)
        #expect(try Self.mlx(["run", script, "--junit", folder + "/plain.xml"]).status == 0)
        #expect(try String(contentsOfFile: folder + "/plain.xml", encoding: .utf8).hasPrefix("<?xml"))
    }

    @Test func junitReportGoesIntoAFIFO() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/report.xml"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opened before mlx runs and without waiting for a writer: then mlx's
        // open does not wait either, and a report that misses the FIFO cannot hang the test.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        #expect(try Self.mlx(["run", Self.script("assert 1 == 2\n"), "--junit", fifo]).status == 1)
        var report = Data(), buffer = [UInt8](repeating: 0, count: 65536)
        while case let count = read(reader, &buffer, buffer.count), count > 0 { report.append(contentsOf: buffer[..<count]) }
        #expect(String(decoding: report, as: UTF8.self).contains(#"<testsuites name="mlx" tests="1" failures="1""#))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// Refused before the script runs: finding out after a long run wastes it,
    /// and the store would record as failed a run whose exit says bad usage.
    @Test func anUnwritableReportPathIsRefusedBeforeTheScriptRuns() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = try Self.script("print(42)\n")
        let refusals = [(folder + "/nodir/x.xml", "there is no folder \(folder)/nodir"), (folder, "it is a folder; give a file name"), ("/dev/fd/9", "no such file")]
        for (path, problem) in refusals {
            let result = try Self.mlx(["run", script, "--junit", path])
            #expect(result.status == 64 && result.out.isEmpty, "\(path): \(result.out)")
            #expect(result.err == "mlx: cannot write the JUnit report to \(path): \(problem)\n")
        }
    }

    /// CI cancels a job with SIGINT or SIGTERM; a report left by an earlier,
    /// passing run must not stand for this one.
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalReportsWhatRanThenEndsTheProcess(signal: Int32) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = folder + "/report.xml"
        try "stale".write(toFile: report, atomically: false, encoding: .utf8)
        let script = try Self.script("assert 1 == 1\nprint(\"started\")\nfor i in range(1000000):\n    m = inverse(identity(50) + 1)\n")
        let printed = folder + "/out.txt"
        let pid = try Self.spawnWithNoSignalBlocked(["run", script, "--junit", report, "--no-record"], output: printed)
        // Each wait is bounded, so that a run that does not end cannot hang the test.
        let deadline = Date() + 30
        while (try? String(contentsOfFile: printed, encoding: .utf8))?.contains("started\n") != true, Date() < deadline { usleep(10_000) }
        // The print has ended; the loop on line 3 starts right after, and runs far longer than this.
        usleep(300_000)
        kill(pid, signal)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(10_000)
        }
        #expect(status & 0x7F == signal, "ended by the signal, as without a report")
        let elements = try #require(ParsedXML.elements(of: try String(contentsOfFile: report, encoding: .utf8)))
        #expect(elements.filter { $0.name == "testcase" }.compactMap { $0.attributes["name"] } == ["line 1: assert 1 == 1", "interrupted"])
        let error = try #require(elements.first { $0.name == "error" })
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(error.attributes["type"] == "Interrupted" && error.attributes["message"] == "interrupted by \(name) while the statement at line 3 ran")
        #expect(elements.first { $0.name == "testsuite" }?.attributes["errors"] == "1")
    }

    /// Once the report path is known to be writable, a refused command line
    /// says so there too, in place of a report an earlier run left.
    @Test func aRefusedCommandLineReplacesAStaleReport() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = folder + "/report.xml"
        let script = try Self.script("param c = 1\n")
        let refusals = [
            (["run", "no/such/script.mlx"], "no.such.script", "cannot read no/such/script.mlx: no such file"),
            (["run", script, "--set", "d=1"], JUnitReport.className(ofScript: script), "--set d: the script has no parameter 'd' (its parameters are c)"),
        ]
        for (arguments, className, message) in refusals {
            try "stale".write(toFile: report, atomically: false, encoding: .utf8)
            let result = try Self.mlx(arguments + ["--junit", report])
            #expect(result.status == 64 && result.err == "mlx: \(message)\n")
            let elements = try #require(ParsedXML.elements(of: try String(contentsOfFile: report, encoding: .utf8)))
            let testCase = try #require(elements.first { $0.name == "testcase" })
            #expect(testCase.attributes == ["classname": className, "name": "command line", "file": arguments[1]])
            #expect(elements.first { $0.name == "error" }?.attributes == ["message": message, "type": "UsageError"])
        }
    }

    /// Through a symlink made for the test, never /dev/stdout itself: run as
    /// root, a write that replaced it would break every later process.
    @Test func junitReportGoesToStandardOutput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/stdout.xml", withDestinationPath: "/dev/stdout")
        let script = try Self.script("print(42)\nassert 1 == 1\n")
        for path in [folder + "/stdout.xml", "/dev/fd/1"] {
            let result = try Self.mlx(["run", script, "--junit", path])
            #expect(result.status == 0 && result.out.hasPrefix("42\n<?xml") && result.out.hasSuffix("</testsuites>\n"), "\(path): \(result.out) \(result.err)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/stdout.xml") == "/dev/stdout")
    }

    @Test func annotationFileNamesAreEscapedAsGithubDoes() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a,b:100%.mlx"
        try "assert 1 == 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.mlx(["run", path], environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.err.contains("::error file=\(folder)/a%2Cb%3A100%25.mlx,line=1,col=1::assert failed: 1 == 2\n"), "\(result.err)")
    }

    @Test func noColourWhenNotATerminal() throws {
        let result = try Self.mlx(["run", Self.script("x = nope\n")])
        #expect(!result.err.contains("\u{1B}["))
    }
}
