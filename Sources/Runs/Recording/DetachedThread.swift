import Foundation

/// Starts `body` on a new detached pthread; false (and `body` not run) when
/// no thread could be had. Foundation's `Thread` costs more to start, a few
/// tenths of a millisecond on first use, and these threads are on a recorded
/// run's way from its first line.
func detachThread(_ body: @escaping @Sendable () -> Void) -> Bool {
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
        return false
    }
    pthread_detach(thread)
    return true
}
