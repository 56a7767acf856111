import Foundation

/// How numbers are shown in tables and matrices (rounded for reading; `print`
/// of a single number uses its exact shortest form instead).
public struct NumberFormat: Sendable {
    /// Significant digits shown.
    public var significantDigits = 6

    public init(significantDigits: Int = 6) { self.significantDigits = significantDigits }

    /// `x` with at most `significantDigits` significant digits, trailing zeros
    /// removed; scientific notation outside [1e-4, 1e15).
    public func format(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0" : "0" }
        let magnitude = abs(x)
        if magnitude >= 1e-4, magnitude < 1e15 {
            let decimals = Swift.max(0, significantDigits - 1 - Int(floor(log10(magnitude))))
            return trimmed(String(format: "%.\(decimals)f", x))
        }
        let text = String(format: "%.\(significantDigits - 1)e", x)
        guard let e = text.firstIndex(of: "e") else { return text }
        return trimmed(String(text[..<e])) + text[e...]
    }

    private func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }
}
