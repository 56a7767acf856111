import Foundation
import Testing

@testable import Serving

/// The request parser and the response writer on their own.
@Suite struct JSONTests {
    static func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    static func parse(bytes: [UInt8]) -> String? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func numbersAreTheCorrectlyRoundedDoubles() throws {
        var random = SystemRandomNumberGenerator()
        var texts = ["0", "-0", "5.1", "0.1", "123456789012345", "1234567890123456789", "9007199254740993", "1e22", "1e23", "1.5e-7",
                     "4.9e-324", "1.7976931348623157e308", "2.2250738585072014e-308", "0.30000000000000004", "1E+2", "-12.5e-3"]
        for _ in 0..<3000 {
            let whole = String(Int.random(in: 0...9_999_999, using: &random))
            let fraction = String((0..<Int.random(in: 0...17, using: &random)).map { _ in "0123456789".randomElement(using: &random) ?? "0" })
            var text = (Bool.random(using: &random) ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
            if Bool.random(using: &random) { text += "e\(Int.random(in: -30...30, using: &random))" }
            texts.append(text)
        }
        for text in texts {
            guard case .number(let parsed) = try Self.parse(text) else {
                Issue.record("\(text) is not a number")
                continue
            }
            #expect(parsed.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        guard case .number(let huge) = try Self.parse("1e400") else { return #expect(Bool(false)) }
        #expect(huge == .infinity)
    }

    @Test func writtenNumbersReadBackExactly() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let x = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &random))
            guard x.isFinite else { continue }
            guard case .number(let back) = try Self.parse(JSONWriter.string(.number(x))) else { return #expect(Bool(false)) }
            #expect(back.bitPattern == x.bitPattern || (x == 0 && back == 0), "\(x)")
        }
        #expect(JSONWriter.string(.number(1)) == "1")
        #expect(JSONWriter.string(.number(0.1)) == "0.1")
        #expect(JSONWriter.string(.number(.nan)) == "null")
    }

    @Test func stringsDecodeEscapesAndRefuseInvalidUTF8() throws {
        #expect(try Self.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00 é 🐧""#) == .string("a\"b\\c/d\né😀 é 🐧"))
        #expect(Self.parse(bytes: [0x22, 0xC3, 0x22]) == "invalid JSON at line 1, column 1: the string is not valid UTF-8")
        #expect(Self.parse(bytes: Array(#""\ud83d x""#.utf8)) == "invalid JSON at line 1, column 2: unpaired surrogate")
        #expect(Self.parse(bytes: Array(#""\q""#.utf8)) == "invalid JSON at line 1, column 2: unknown escape '\\q'")
        let written = JSONWriter.string(.string("quote \" backslash \\ tab \t bell \u{7}"))
        #expect(written == #""quote \" backslash \\ tab \t bell \u0007""#)
        #expect(try Self.parse(written) == .string("quote \" backslash \\ tab \t bell \u{7}"))
    }

    @Test func objectsKeepOrderAndRefuseDuplicatesAtAnySize() throws {
        #expect(try Self.parse(#"{"b": 1, "a": [true, null]}"#) == .object([("b", .number(1)), ("a", .array([.boolean(true), .null]))]))
        let many = "{" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"k7\": 0}"
        #expect(Self.parse(bytes: Array(many.utf8))?.hasSuffix("duplicate key \"k7\"") == true)
    }
}
