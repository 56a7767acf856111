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
            return Self.fixed(x, decimals: decimals) ?? trimmed(Self.printf(x, decimals: decimals, style: "f"))
        }
        let text = Self.printf(x, decimals: significantDigits - 1, style: "e")
        guard let e = text.firstIndex(of: "e") else { return text }
        return trimmed(String(text[..<e])) + text[e...]
    }

    /// What `%.Nf` prints once trimmed, worked out with integers: x·10^N
    /// rounded to the nearest integer is the digits printf would print, as
    /// long as the product's own rounding error (below 2^-52 of it) cannot
    /// move it across a half. Nil when it could, or past the exact range:
    /// printf decides those. A table of ten thousand numbers formats about
    /// ten times faster this way.
    static func fixed(_ x: Double, decimals: Int) -> String? {
        guard decimals < powersOfTen.count else { return nil }
        let scaled = abs(x) * powersOfTen[decimals]
        guard scaled < (decimals == 0 ? 1e15 : 1e12) else { return nil }
        let whole = scaled.rounded(.down), fraction = scaled - whole
        // Within 1e-3 of a half, the exact binary value decides: leave it to printf.
        guard abs(fraction - 0.5) > 1e-3 else { return nil }
        var n = UInt64(fraction > 0.5 ? whole + 1 : whole)
        var fractionDigits = decimals
        while fractionDigits > 0, n % 10 == 0 {
            n /= 10
            fractionDigits -= 1
        }
        // Written right to left into bytes: a sign, 16 whole digits, a point and 22 decimals at most.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            for _ in 0..<fractionDigits {
                put(UInt8(ascii: "0") + UInt8(n % 10))
                n /= 10
            }
            if fractionDigits > 0 { put(UInt8(ascii: ".")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(n % 10))
                n /= 10
            } while n > 0
            if x < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeMutableBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// 10^0 … 10^22, each exact in a double.
    private static let powersOfTen = (0...22).map { pow(10, Double($0)) }

    /// C's `%.Nf` or `%.Ne`. Straight to vsnprintf: String(format:) goes
    /// through CoreFoundation, and made tables of thousands of numbers slow.
    private static func printf(_ x: Double, decimals: Int, style: Character) -> String {
        let formats = style == "f" ? fixedFormats : scientificFormats
        let format = formats.indices.contains(decimals) ? formats[decimals] : "%.\(decimals)\(style)"
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            // %f of a double below 1e15 with at most 17 + 4 decimals fits easily in 400 bytes.
            _ = withVaList([x]) { vsnprintf(buffer.baseAddress!, buffer.count, format, $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// The formats for each precision, made once: a `%.*f` would need a second
    /// variadic argument, and each costs a dynamic cast.
    private static let fixedFormats = (0...24).map { "%.\($0)f" }
    private static let scientificFormats = (0...24).map { "%.\($0)e" }

    /// Without trailing zeros after the decimal point, nor a bare point.
    private func trimmed(_ text: String) -> String {
        var bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: ".")) else { return text }
        while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
