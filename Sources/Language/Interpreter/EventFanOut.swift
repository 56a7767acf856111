/// Passes every event to several sinks in order: the front end that shows
/// them and the recorder that keeps them.
public final class EventFanOut: EventSink {
    private let sinks: [any EventSink]

    public init(_ sinks: [any EventSink]) { self.sinks = sinks }

    public func emit(_ event: InterpreterEvent) {
        for sink in sinks { sink.emit(event) }
    }
}
