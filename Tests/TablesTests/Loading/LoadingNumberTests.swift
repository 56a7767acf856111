import Testing
@testable import Tables

/// The number reader must agree bit for bit with `Double(String)` (strtod),
/// on the fast path and off it.
@Suite struct LoadingNumberTests {
    private func parse(_ text: String) -> NumberLexeme? {
        Array(text.utf8).withUnsafeBytes { raw in
            NumberLexeme.parse(raw, from: 0, to: raw.count).flatMap { $0.end == raw.count ? $0 : nil }
        }
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
