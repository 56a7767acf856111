import Numerics
import Testing
@testable import Tables

/// The number reader must agree bit for bit with `Double(String)` (strtod),
/// on the fast path and off it.
@Suite struct LoadingNumberTests {
    /// The number that is all of `text`, read both where the input ends right after
    /// it and where a record continues (the word-at-a-time path needs bytes to spare):
    /// the two readings must agree exactly.
    private func parse(_ text: String) -> NumberLexeme? {
        let alone = Self.parse(Array(text.utf8), length: text.utf8.count)
        let followed = Self.parse(Array(text.utf8) + Array(",1.5,-2\n0.25,3,4\n".utf8), length: text.utf8.count)
        #expect(alone?.value.bitPattern == followed?.value.bitPattern && alone?.integer == followed?.integer
                && alone?.hasLeadingZero == followed?.hasLeadingZero, "\(text): alone and followed disagree")
        return followed
    }

    private static func parse(_ bytes: [UInt8], length: Int) -> NumberLexeme? {
        bytes.withUnsafeBytes { raw in
            NumberLexeme.parse(raw, from: 0, to: raw.count).flatMap { $0.end == length ? $0 : nil }
        }
    }

    /// Numbers of up to 7 integer and 7 fraction digits (the word-at-a-time shape) and
    /// just beyond it, with every sign, and what follows them in a record.
    @Test func shortNumbersReadWordAtATime() {
        var generator = RandomGenerator(seed: 3)
        func next() -> UInt64 { generator.next() }
        for _ in 0..<50_000 {
            let integerDigits = Int(next() % 9) + 1
            let fractionDigits = Int(next() % 10)
            var text = String((0..<integerDigits).map { _ in Character(String(next() % 10)) })
            if next() % 4 != 0 { text += "." + String((0..<fractionDigits).map { _ in Character(String(next() % 10)) }) }
            text = ["", "-", "+"][Int(next() % 3)] + text
            guard let expected = Double(text) else { continue }
            let lexeme = parse(text)
            #expect(lexeme?.value.bitPattern == expected.bitPattern, "\(text)")
            let stripped = text.hasPrefix("+") ? String(text.dropFirst()) : text
            #expect(lexeme?.integer == (text.contains(".") ? nil : Int64(stripped)), "\(text)")
            #expect(lexeme?.hasLeadingZero == (text.drop { "+-".contains($0) }.prefix { $0 != "." }.count > 1
                                              && text.drop { "+-".contains($0) }.first == "0"), "\(text)")
        }
        for text in ["0", "-0", "-0.0", "0.", "7.", "-7.", "1234567.1234567", "12345678.1", "1.12345678", "00", "01.5", "+3"] {
            #expect(parse(text)?.value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        #expect(parse("-0")?.integer == 0)
        #expect(parse("0.")?.integer == nil)
        for bad in ["-", "+", ".", "-.", "+-1", "1e", "1.5e"] { #expect(parse(bad) == nil, "\(bad)") }
    }

    @Test func randomDecimalsRoundLikeStrtod() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        for _ in 0..<20_000 {
            let digits = String(next() % 10_000_000_000_000_000_000 / (1 << (next() % 40)))
            let point = Int(next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if next() % 3 == 0 { text += "e\(Int(next() % 60) - 30)" }
            if next() % 2 == 0 { text = "-" + text }
            guard let expected = Double(text) else { continue }
            #expect(parse(text)?.value.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    /// The fast path's range: 1 to 19 significant digits, powers of ten -22...22 (and a little beyond).
    @Test func fastPathRangeRoundsLikeStrtod() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11 | state << 53
        }
        for _ in 0..<100_000 {
            let digits = Int(next() % 19) + 1
            var mantissa = next() % 10_000_000_000_000_000_000
            for _ in digits..<19 { mantissa /= 10 }
            let text = "\(mantissa)e\(Int(next() % 51) - 25)"
            #expect(parse(text)?.value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    /// Decimals exactly halfway between two doubles (ties go to even), written with up to 19 digits.
    @Test func halfwayCasesRoundToEven() {
        var state: UInt64 = 11
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        for _ in 0..<5_000 {
            let odd = (1 << 53) + (next() % (1 << 53)) | 1  // odd, so halfway between two doubles
            let scale = Int(next() % 11)
            let upward = odd << UInt64(scale)  // n·2^j: still halfway, up to 2^64
            let whole = odd >> 4
            let fraction = (odd & 15) * 625  // n / 16 exactly: four fractional digits
            let texts = ["\(upward)", "\(odd)e0", "\(whole).\(String(repeating: "0", count: 4 - String(fraction).count))\(fraction)"]
            for text in texts where !text.hasPrefix("-") {
                #expect(parse(text)?.value.bitPattern == Double(text)!.bitPattern, "\(text)")
            }
        }
    }

    @Test func extremeExponentsAndSubnormals() {
        for text in ["4.9e-324", "5e-324", "1e-323", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-324",
                     "2.2250738585072012e-308", "2.2250738585072014e-308", "2.225073858507201e-308", "1e-308", "1e-307",
                     "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309",
                     "9999999999999999999e-22", "9999999999999999999e22", "1e-22", "1e22", "1e23", "1e-23",
                     "18446744073709551615e-22", "1844674407370955161e-22", "8.98846567431158e307",
                     "0.5", "0.25", "4503599627370496.5", "4503599627370497.5", "2251799813685248.25", "2251799813685248.75"] {
            #expect(parse(text)?.value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    @Test func hardCases() {
        for text in ["9007199254740993", "9007199254740993.0", "2.2250738585072011e-308", "1e-400", "1e400", "-0.0",
                     "0.1e23", "1234567890123456789e-5", "12345678901234567890", "0.000000000000000000000000001",
                     "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"] {
            #expect(parse(text)?.value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        #expect(parse("12")?.integer == 12)
        #expect(parse("-9223372036854775808")?.integer == .min)
        #expect(parse("9223372036854775808")?.integer == nil)
        #expect(parse("1e3")?.integer == nil)
        #expect(parse("007")?.hasLeadingZero == true)
        for bad in ["", "-", ".", "e5", "1e", "1e+", "--1", "0x10", "nan"] { #expect(parse(bad) == nil, "\(bad)") }
    }
}
