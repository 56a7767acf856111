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

/// Starts `body` on a new pthread, to be detached or joined; nil (and `body`
/// not run) when no thread could be had.
private func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Box(body))
    let started = pthread_create(&thread, nil, { argument in
        Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, box.toOpaque())
    guard started == 0 else {
        box.release()
        return nil
    }
    return thread
}
