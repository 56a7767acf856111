import Foundation

/// JSON as mlx prints it for tools (`--json`): pretty, keys sorted so that
/// outputs diff well, times in ISO 8601, no numbers JSON cannot hold.
public enum JSONOutput {
    /// `value` as JSON text.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Callers pass finite numbers or nil (see `finite`), so encoding cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// `x`, or nil (null) for NaN and the infinities, which JSON cannot write.
    public static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// ISO 8601 in UTC with milliseconds, so that runs a second apart still sort.
    /// Make one per document: a formatter costs more to make than to use.
    public static func dateFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
