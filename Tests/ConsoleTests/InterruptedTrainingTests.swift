import Foundation
import Language
import Synchronization
import Testing

@testable import Console

/// A Ctrl-C while a long `train` runs stops it, as it stops a loop.
@Suite struct InterruptedTrainingTests {
    /// 100,000 trees take minutes; a Ctrl-C a moment after the statement starts stops the
    /// forest between trees, with the error a loop gives, and the session goes on.
    @Test func ctrlCStopsAForestBetweenTrees() throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(
            host: FileSystemHost(workingDirectory: ScriptCorpusTests.repositoryRoot.path), cancellation: cancellation)
        let source = SourceFile(
            name: "forest.mlx",
            text: "bc = load \"datasets/breast_cancer.csv\"\nm = train forest on bc target diagnosis with n_trees = 100000\nn = 1\n")
        let program = Parser.parse(source).program
        try interpreter.run(program.statements[0], in: source, cell: 1)

        let finished = Atomic<Bool>(false), interrupterDone = Atomic<Bool>(false)
        // A thread of its own, as the Ctrl-C handler is: the shared pools may be busy.
        let interrupter = Thread {
            usleep(300_000)
            while !finished.load(ordering: .relaxed) {
                cancellation.cancel()
                usleep(20_000)
            }
            interrupterDone.store(true, ordering: .releasing)
        }
        interrupter.start()
        var message: String?
        do { try interpreter.run(program.statements[1], in: source, cell: 2) } catch { message = error.message }
        finished.store(true, ordering: .relaxed)
        #expect(message == "interrupted")
        #expect(interpreter.variable("m") == nil)

        while !interrupterDone.load(ordering: .acquiring) { usleep(1_000) }
        cancellation.reset()
        try interpreter.run(program.statements[2], in: source, cell: 3)
        #expect(interpreter.variable("n") == .number(1))
    }
}
