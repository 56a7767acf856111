import BenchmarkSupport
import Foundation

/// The benchmark's input: a deterministic numeric CSV of `rows` × `columns`.
///
/// Values have six significant digits and the magnitudes of real measurements,
/// "-0.482913", "4.82913", "12.5031" by column, about 9.5 bytes a field: 1M × 21
/// comes to about 190 MiB.
enum InputFile {
    /// Writes the file (deterministically: the same bytes every time) and returns its size.
    static func make(path: String, rows: Int, columns: Int) throws -> Int {
        var random = SplitMix64(seed: 20_240_601)
        let handle = try open(path)
        defer { try? handle.close() }
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 22)
        buffer += Array((0..<columns).map { "c\($0)" }.joined(separator: ",").utf8) + [10]
        var total = 0
        for _ in 0..<rows {
            for c in 0..<columns {
                appendValue(&buffer, random.next(), integerDigits: c % 3)
                buffer.append(c == columns - 1 ? 10 : 44)
            }
            if buffer.count > 1 << 22 {
                try handle.write(contentsOf: buffer)
                total += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return total + buffer.count
    }

    private static func open(_ path: String) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchmarkError.failed("cannot write \(path)") }
        return handle
    }

    /// Six significant digits with `integerDigits` before the point (0 means "0.dddddd").
    private static func appendValue(_ buffer: inout [UInt8], _ bits: UInt64, integerDigits: Int) {
        if bits & 1 == 1 { buffer.append(UInt8(ascii: "-")) }
        let digits = Array(String(100_000 + (bits >> 1) % 900_000).utf8)
        if integerDigits == 0 {
            buffer += [UInt8(ascii: "0"), UInt8(ascii: ".")] + digits
        } else {
            buffer += digits[..<integerDigits] + [UInt8(ascii: ".")] + digits[integerDigits...]
        }
    }
}
