/// Where a front end writes: standard output for results, standard error for
/// diagnostics. Tests capture both.
public protocol ScriptOutput: AnyObject, Sendable {
    func standardOutput(_ text: String)
    func standardError(_ text: String)
}
