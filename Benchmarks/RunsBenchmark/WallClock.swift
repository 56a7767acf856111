import BenchmarkSupport
import Foundation

/// A whole `mlx` process, timed from spawn to exit, its output discarded.
///
/// Spawned with posix_spawn rather than Foundation's Process: on Linux,
/// Process added tens of milliseconds to each launch, more than some of the
/// commands take.
struct Command {
    let name: String
    let arguments: [String]

    /// Seconds from launch to exit, and the CPU seconds the process used
    /// (all its threads, user and system).
    struct Timing {
        var wall: Double
        var cpu: Double
    }

    /// Runs the command in the current directory; a failure stops the
    /// benchmark with what the command printed on standard error.
    func time(_ executable: String) throws -> Timing {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("mlx-runs-bench-\(getpid()).err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // As a shell would start it: default signal dispositions (this process,
        // through the Swift runtime, ignores SIGPIPE and two of glibc's own
        // signals, which a child would otherwise inherit) and none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let start = ContinuousClock.now
        guard posix_spawn(&pid, executable, &actions, &attributes, argv, environ) == 0 else {
            throw BenchmarkError.failed("cannot start \(executable): \(String(cString: strerror(errno)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        // Exit 1 is a failed assert, which a script may have on purpose; anything else is a broken benchmark.
        let exited = status & 0x7F == 0, code = (status >> 8) & 0xFF
        guard exited, code <= 1 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw BenchmarkError.failed("mlx \(arguments.joined(separator: " ")) ended with status \(status): \(message)")
        }
        let cpu = [usage.ru_utime, usage.ru_stime].reduce(0.0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) * 1e-6 }
        return Timing(wall: Double(seconds) + Double(attoseconds) * 1e-18, cpu: cpu)
    }
}

/// Runs commands round-robin, so that whatever else the machine does hits
/// each of them alike, and keeps every sample.
struct Interleaved {
    let executable: String

    /// With `alternating`, every other round runs the commands in reverse
    /// order, so that none always follows the same one.
    func samples(_ commands: [Command], count: Int, warmups: Int, alternating: Bool = false) throws -> [[Command.Timing]] {
        for _ in 0..<warmups {
            for command in commands { _ = try command.time(executable) }
        }
        var samples = Array(repeating: [Command.Timing](), count: commands.count)
        for round in 0..<count {
            let order = alternating && round % 2 == 1 ? Array(commands.indices.reversed()) : Array(commands.indices)
            for index in order { samples[index].append(try commands[index].time(executable)) }
        }
        return samples
    }
}
