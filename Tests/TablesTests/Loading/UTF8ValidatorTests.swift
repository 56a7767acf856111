import Testing

@testable import Tables

/// The validator skips ASCII in blocks of 32 and 8 bytes: whatever block a
/// character falls in, and wherever the checked range starts, it must find the
/// same first invalid byte, and agree with the standard library on validity.
@Suite struct UTF8ValidatorTests {
    static let characters: [(bytes: [UInt8], valid: Bool)] = [
        ([0xC3, 0xA9], true),  // é
        ([0xE2, 0x82, 0xAC], true),  // €
        ([0xF0, 0x9F, 0x98, 0x80], true),  // 😀
        ([0xFF], false),
        ([0xC3], false),  // cut short by the ASCII after it
        ([0xC0, 0xAF], false),  // overlong
        ([0xED, 0xA0, 0x80], false),  // surrogate
        ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
    ]

    @Test func everyPositionInAndAroundTheBlocks() {
        for (character, valid) in Self.characters {
            for before in 0..<70 {
                for after in [0, 1, 7, 8, 31, 33] {
                    let bytes = [UInt8](repeating: 0x61, count: before) + character + [UInt8](repeating: 0x2C, count: after)
                    let expected = valid ? nil : before
                    let found = bytes.withUnsafeBytes { UTF8Validator.firstInvalid(in: $0, 0..<bytes.count) }
                    #expect(found == expected, "\(character) after \(before) ASCII bytes, \(after) after it")
                    #expect((found == nil) == (String(validating: bytes, as: UTF8.self) != nil))
                    // From an offset inside the ASCII run: the same answer.
                    let start = before / 2
                    let fromStart = bytes.withUnsafeBytes { UTF8Validator.firstInvalid(in: $0, start..<bytes.count) }
                    #expect(fromStart == expected)
                }
            }
        }
    }

    @Test func aSequenceCutByTheRangesEndIsInvalidAtItsFirstByte() {
        let bytes = [UInt8](repeating: 0x61, count: 40) + [0xE2, 0x82, 0xAC]
        let found = bytes.withUnsafeBytes { UTF8Validator.firstInvalid(in: $0, 0..<42) }
        #expect(found == 40)
    }
}
