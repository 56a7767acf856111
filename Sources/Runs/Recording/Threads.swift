import CKernels
import Foundation

/// Starts `body` on a new detached pthread; false (and `body` not run) when
/// no thread could be had. Foundation's `Thread` costs more to start, a few
/// tenths of a millisecond on first use, and these threads are on a recorded
/// run's way from its first line.
func detachThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    guard let thread = startThread(body) else { return false }
    pthread_detach(thread)
    return true
}

/// Starts `body` on a new detached pthread that may not run on the CPU the
/// caller is on until it is let go (`mlx_let_thread_run_anywhere`); nil (and
/// `body` not run) when no thread could be had. For a thread that works
/// beside its creator: queued behind it on its CPU, as Linux often places a
/// new thread, it took that CPU from a script for milliseconds while the
/// other one was idle.
func detachThreadElsewhere(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    guard let thread = startThread(body, elsewhere: true) else { return nil }
    pthread_detach(thread)
    return thread
}

/// Runs `first` on a thread of its own and `second` on the calling thread,
/// and returns when both have finished; both on the calling thread when no
/// thread can be had. A joined pthread rather than a dispatch queue: the
/// work is a few tens of milliseconds at a command's start (`mlx runs
/// --all`), and libdispatch's first worker thread can start milliseconds late.
public func onTwoThreads(_ first: @escaping @Sendable () -> Void, _ second: () -> Void) {
    guard let thread = startThread(first) else {
        first()
        second()
        return
    }
    second()
    pthread_join(thread, nil)
}

/// Starts `body` on a new pthread, to be detached or joined, off the caller's
/// CPU if `elsewhere`; nil (and `body` not run) when no thread could be had.
private func startThread(_ body: @escaping @Sendable () -> Void, elsewhere: Bool = false) -> pthread_t? {
    final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Box(body))
    let start: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { argument in
        Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }
    let started = elsewhere ? mlx_start_thread_elsewhere(&thread, start, box.toOpaque()) : pthread_create(&thread, nil, start, box.toOpaque())
    guard started == 0 else {
        box.release()
        return nil
    }
    return thread
}
