import CKernels

/// A number read from CSV text: its value and how it was written.
///
/// `parse` reads `[+-]digits[.digits][(e|E)[+-]digits]` (or a fraction
/// without integer digits, `.5`) and `inf`/`infinity`. The value is correctly
/// rounded, identical to `strtod` and `Double(String)`: mantissas of up to 19
/// digits with a power of ten up to 22 take Clinger's fast path (both the
/// mantissa, when at most 2^53, and 10^k, k ≤ 22, are exact doubles, so one
/// IEEE multiply or divide rounds once, correctly); the rest go to the
/// standard library's correctly rounded conversion.
struct NumberLexeme {
    /// The value as a double.
    var value: Double
    /// The exact value when the text is an integer (no point, no exponent) that fits Int64.
    var integer: Int64?
    /// An integer part with a leading zero followed by more digits ("02134", "007"):
    /// a code, not a quantity.
    var hasLeadingZero: Bool
    /// Offset just past the last byte of the number.
    var end: Int

    /// 10^k for 0 ≤ k ≤ 22, all exactly representable. A switch rather than a
    /// static array: the compiler makes it a constant table, with no lazy
    /// initialisation check or bounds check in the parse loop.
    @inline(__always)
    private static func power(_ k: Int) -> Double {
        switch k {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Reads a number starting exactly at `start` (no leading spaces); nil when
    /// the bytes there do not begin with a number. The caller checks what follows `end`.
    @inline(__always)
    static func parse(_ bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int) -> NumberLexeme? {
        if start + shortReach <= limit, let short = parseShort(bytes, from: start) { return short }
        return parseAny(bytes, from: start, to: limit)
    }

    /// How many bytes from its start `parseShort` may read: a sign, up to 7 digits,
    /// a point, then one 8-byte word for the fraction.
    static let shortReach = 17

    /// The common shape `[+-]d{1,7}[.d{0,7}]` without an exponent, read a word
    /// at a time (the per-byte loop of `parseAny` costs a branch per digit); nil
    /// for anything else, which `parseAny` then reads. Needs `shortReach` bytes,
    /// and gives exactly what `parseAny` gives: at most 14 digits make a
    /// mantissa below 2^53, and the fraction's 10^k is exact.
    @inline(__always)
    static func parseShort(_ bytes: UnsafeRawBufferPointer, from start: Int) -> NumberLexeme? {
        // Signs and digit counts vary from field to field, so they choose
        // values (selects, shifts, table entries) rather than branches.
        let sign = bytes[start]
        let negative = sign == UInt8(ascii: "-")
        var i = start &+ (negative || sign == UInt8(ascii: "+") ? 1 : 0)
        let integerWord = word(bytes, at: i)
        let integerDigits = digitRun(integerWord)
        guard integerDigits > 0, integerDigits < 8 else { return nil }
        let leadingZero = (integerWord & 0xFF == 0x30 ? 1 : 0) & (integerDigits > 1 ? 1 : 0) != 0
        let integerPart = value(ofDigits: integerDigits, in: integerWord)
        i &+= integerDigits
        guard bytes[i] == UInt8(ascii: ".") else {
            guard bytes[i] | 0x20 != UInt8(ascii: "e") else { return nil }
            let magnitude = Double(integerPart)
            let integer = negative ? 0 &- Int64(integerPart) : Int64(integerPart)
            return NumberLexeme(value: negative ? -magnitude : magnitude, integer: integer, hasLeadingZero: leadingZero, end: i)
        }
        let fractionWord = word(bytes, at: i &+ 1)
        let fractionDigits = digitRun(fractionWord)
        guard fractionDigits < 8 else { return nil }
        let end = i &+ 1 &+ fractionDigits
        guard bytes[end] | 0x20 != UInt8(ascii: "e") else { return nil }
        let mantissa = integerPart &* mlx_small_integer_power_of_ten(fractionDigits) &+ value(ofDigits: fractionDigits, in: fractionWord)
        let magnitude = Double(Int64(bitPattern: mantissa)) / mlx_small_power_of_ten(fractionDigits)
        let signed = Double(bitPattern: magnitude.bitPattern | (negative ? 1 << 63 : 0))
        return NumberLexeme(value: signed, integer: nil, hasLeadingZero: leadingZero, end: end)
    }


    /// The 8 bytes at `offset`, the first in the lowest bits.
    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// How many of the word's bytes, from the first, are ASCII digits (0...8).
    /// A byte sets its top bit in `b + 0x46` when above '9', in `b - 0x30` when
    /// below '0'; carries and borrows start only at a non-digit, so every byte
    /// up to the first non-digit is tested exactly.
    @inline(__always)
    private static func digitRun(_ word: UInt64) -> Int {
        let nonDigits = ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
        return nonDigits.trailingZeroBitCount >> 3
    }

    /// The value of the word's first `count` (0...8) bytes, all digits: they are
    /// shifted to the top, the bytes below becoming leading zeros, and the eight
    /// digits are combined pairwise, then into fours, then into one number.
    @inline(__always)
    private static func value(ofDigits count: Int, in word: UInt64) -> UInt64 {
        // Shifting by 64 is not possible in one step; 0 digits shift by 32 twice.
        let shift = UInt64((8 &- count) &* 4)
        var v = ((word &- 0x3030_3030_3030_3030) &<< shift) &<< shift
        v = v &* 10 &+ (v >> 8)
        let high = (v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
        let low = ((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))
        return ((high &+ low) >> 32) & 0xFFFF_FFFF
    }

    /// Reads any number `parse` accepts, a byte at a time.
    private static func parseAny(_ bytes: UnsafeRawBufferPointer, from start: Int, to limit: Int) -> NumberLexeme? {
        var i = start
        guard i < limit else { return nil }
        var negative = false
        let sign = bytes[i]
        if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        let integerStart = i
        while i < limit, case let d = bytes[i] &- 48, d < 10 {
            if mantissa != 0 || d != 0 { significant += 1 }
            if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) }
            i += 1
        }
        let integerDigits = i - integerStart
        var fractionDigits = 0
        var exponent = 0
        var lexicalInteger = true
        if i < limit, bytes[i] == UInt8(ascii: ".") {
            lexicalInteger = false
            i += 1
            let fractionStart = i
            while i < limit, case let d = bytes[i] &- 48, d < 10 {
                if mantissa != 0 || d != 0 { significant += 1 }
                if significant <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    exponent -= 1
                }
                i += 1
            }
            fractionDigits = i - fractionStart
        }
        guard integerDigits + fractionDigits > 0 else {
            return parseInfinity(bytes, from: start, signEnd: integerStart, to: limit, negative: negative)
        }
        if i < limit, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var exponentNegative = false
            if j < limit, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") {
                exponentNegative = bytes[j] == UInt8(ascii: "-")
                j += 1
            }
            let digitsStart = j
            var explicit = 0
            while j < limit, case let d = bytes[j] &- 48, d < 10 {
                if explicit < 100_000 { explicit = explicit * 10 + Int(d) }
                j += 1
            }
            guard j > digitsStart else { return nil }
            exponent += exponentNegative ? -explicit : explicit
            lexicalInteger = false
            i = j
        }
        let leadingZero = integerDigits >= 2 && bytes[integerStart] == UInt8(ascii: "0")
        var lexeme = NumberLexeme(value: 0, integer: nil, hasLeadingZero: leadingZero, end: i)
        if significant <= 19 {
            if lexicalInteger, let exact = exactInteger(mantissa, negative: negative) { lexeme.integer = exact }
            if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
                let m = Double(mantissa)
                let magnitude = exponent < 0 ? m / power(-exponent) : m * power(exponent)
                lexeme.value = negative ? -magnitude : magnitude
                return lexeme
            }
            if mantissa == 0 {
                lexeme.value = negative ? -0.0 : 0.0
                return lexeme
            }
        }
        lexeme.value = slowValue(bytes, start..<i)
        return lexeme
    }

    /// The integer `mantissa` with its sign, when it fits Int64.
    @inline(__always)
    private static func exactInteger(_ mantissa: UInt64, negative: Bool) -> Int64? {
        if negative {
            return mantissa <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- mantissa) : nil
        }
        return mantissa <= UInt64(Int64.max) ? Int64(mantissa) : nil
    }

    /// The correctly rounded value of `bytes[range]` by the standard library.
    private static func slowValue(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Double {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// `inf` or `infinity`, any case, after an optional sign.
    private static func parseInfinity(
        _ bytes: UnsafeRawBufferPointer, from start: Int, signEnd: Int, to limit: Int, negative: Bool
    ) -> NumberLexeme? {
        for word in ["infinity", "inf"] {
            let end = signEnd + word.utf8.count
            guard end <= limit else { continue }
            if zip(word.utf8, signEnd..<end).allSatisfy({ $0 == bytes[$1] | 0x20 }) {
                return NumberLexeme(value: negative ? -.infinity : .infinity, integer: nil, hasLeadingZero: false, end: end)
            }
        }
        return nil
    }
}
