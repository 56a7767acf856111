/// Something went wrong reading or writing the run store; the message says
/// what and where, for a person.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
