import Foundation
import Synchronization
import Testing
import Language
import Numerics
@testable import Console

/// Random and mutated scripts through the parser and the interpreter: every
/// one must end in a value or a located error, never a crash or a hang.
@Suite struct FuzzTests {
    static let corpus: [String] = {
        let folders = ["Tests/ConsoleTests/Scripts", "scripts"].map { ScriptCorpusTests.repositoryRoot.appendingPathComponent($0) }
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".mlx") }
                .compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        }
    }()

    static let fragments = [
        "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "==", "+", "-", "*", "/", "^", "@", "%", "\n", "\n    ", "\"", "'",
        "for", "in", "load", "split", "preprocess", "train", "test", "assert", "seed", "param", "not", "and", "or",
        "0", "-1", "1e308", "1e-320", "9e15", "nan", "x", "iris", "mean(", "range(", "[[1,2],[3]]", "\"datasets/iris.csv\"", "\u{0}", "é", "\t",
    ]

    /// Mutates `text` with a seeded generator: deletions, duplications and insertions of fragments.
    static func mutate(_ text: String, _ rng: inout RandomGenerator) -> String {
        var characters = Array(text)
        for _ in 0..<rng.integer(in: 1...6) {
            guard !characters.isEmpty else { break }
            let at = rng.integer(in: 0...(characters.count - 1))
            switch rng.integer(in: 0...2) {
            case 0: characters.remove(at: at)
            case 1: characters.insert(contentsOf: Array(fragments[rng.integer(in: 0...(fragments.count - 1))]), at: at)
            default:
                let end = Swift.min(characters.count, at + rng.integer(in: 1...20))
                characters.insert(contentsOf: characters[at..<end], at: end)
            }
        }
        return String(characters)
    }

    static func randomScript(_ rng: inout RandomGenerator) -> String {
        (0..<rng.integer(in: 1...40)).map { _ in fragments[rng.integer(in: 0...(fragments.count - 1))] }.joined(separator: rng.integer(in: 0...1) == 0 ? " " : "")
    }

    /// Runs a script with a watchdog that cancels it after `limit` seconds.
    static func execute(_ text: String) {
        let cancellation = Cancellation()
        let output = CapturedOutput()
        let runner = ScriptRunner(output: output)
        let interpreter = Interpreter(host: FileSystemHost(workingDirectory: ScriptCorpusTests.repositoryRoot.path), sink: runner, cancellation: cancellation)
        // A thread of its own: under a busy test run the shared pools may not get to it.
        let finished = Atomic<Bool>(false)
        let watchdog = Thread {
            let deadline = Date().addingTimeInterval(0.5)
            while Date() < deadline, !finished.load(ordering: .relaxed) { usleep(5_000) }
            cancellation.cancel()
        }
        watchdog.start()
        _ = runner.run(SourceFile(name: "fuzz.mlx", text: text), with: interpreter)
        finished.store(true, ordering: .relaxed)
        _ = Lexer.isIncomplete(text)
    }

    @Test func mutatedScriptsNeverCrash() {
        var rng = RandomGenerator(seed: 2026)
        for round in 0..<400 {
            let base = Self.corpus[round % Self.corpus.count]
            Self.execute(Self.mutate(base, &rng))
        }
    }

    @Test func randomTokenSoupNeverCrashes() {
        var rng = RandomGenerator(seed: 11)
        for _ in 0..<400 { Self.execute(Self.randomScript(&rng)) }
    }

    /// Runs `text` on a thread with a stack of `stackSize` bytes; returns what it printed.
    static func run(_ text: String, stackSize: Int) -> String {
        let output = CapturedOutput()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let runner = ScriptRunner(output: output)
            let interpreter = Interpreter(host: FileSystemHost(workingDirectory: "/tmp"), sink: runner)
            _ = runner.run(SourceFile(name: "deep.mlx", text: text), with: interpreter)
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return output.out + output.err
    }

    @Test func theDeepestExpressionsTheParserAllowsEndInAValueOrAnErrorNeverACrash() {
        let chain = Array(repeating: "1", count: Parser.chainLimit + 1).joined(separator: "+")
        let deepest = "x = " + String(repeating: "[", count: Parser.nestingLimit - 1) + chain + String(repeating: "]", count: Parser.nestingLimit - 1) + "\nprint(1)\n"
        for stackSize in [512 << 10, 1 << 20] {
            let printed = Self.run(deepest, stackSize: stackSize)
            #expect(printed.contains("error: too deeply nested to"), "\(stackSize): \(printed.prefix(200))")
        }
        #expect(Self.run(deepest, stackSize: 256 << 20) == "1\n")
        #expect(Self.run("x = " + chain + "\nprint(x)\n", stackSize: 256 << 20) == "\(Parser.chainLimit + 1)\n")
        // Loop bodies are compiled to closures: the same guard.
        #expect(Self.run("for i in [1]:\n    x = " + chain + "\n", stackSize: 512 << 10).contains("too deeply nested to evaluate"))
    }

    @Test func aLongLoopIsInterruptedByCancellation() {
        let started = Date()
        Self.execute("x = 0\nfor i in range(100000000):\n    x = x + i\n")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// Forwards events and, like a Ctrl-C, cancels at the first `print`.
    final class CancelAtPrint: EventSink, Sendable {
        let cancellation: Cancellation, next: any EventSink
        init(_ cancellation: Cancellation, _ next: any EventSink) { (self.cancellation, self.next) = (cancellation, next) }
        func emit(_ event: InterpreterEvent) {
            if case .printed = event { cancellation.cancel() }
            next.emit(event)
        }
    }

    @Test func aCancellationWithinAStatementStopsItsNextOperator() {
        // The last statement: without a check between operators the cancellation
        // was never seen, the cell completed and the request was lost.
        for text in ["y = print(\"go\") == 1\n", "for i in [1]:\n    y = print(\"go\") == 1\n"] {
            let cancellation = Cancellation()
            let output = CapturedOutput()
            let runner = ScriptRunner(output: output)
            let interpreter = Interpreter(
                host: FileSystemHost(workingDirectory: ScriptCorpusTests.repositoryRoot.path), sink: CancelAtPrint(cancellation, runner.sink),
                cancellation: cancellation)
            let outcome = runner.run(SourceFile(name: "c.mlx", text: text), with: interpreter)
            #expect(outcome.status == .runtimeError, "\(text)")
            #expect(output.err.contains("error: interrupted"), "\(output.err)")
        }
    }
}
