import Foundation

/// Runs `first` on a thread of its own and `second` on the calling thread,
/// and returns when both have finished; both on the calling thread when no
/// thread can be had. A joined pthread rather than a dispatch queue: the
/// work is a few tens of milliseconds at a command's start, and
/// libdispatch's first worker thread can start milliseconds late.
func onTwoThreads(_ first: @escaping @Sendable () -> Void, _ second: () -> Void) {
    final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Box(first))
    let started = pthread_create(&thread, nil, { argument in
        Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, box.toOpaque())
    guard started == 0 else {
        box.release()
        first()
        second()
        return
    }
    second()
    pthread_join(thread, nil)
}
