import Testing
@testable import Tables

/// Hostile input: random bytes and mutated CSVs must give a table or an
/// error, never a crash, and the parallel reader must agree with the
/// sequential one on every input (same table, or the same first error).
@Suite struct LoadingFuzzTests {
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    private let alphabet = Array("a1,.\"\n\r \t-e9NA\u{0}é".utf8) + [0xFF, 0xC3]

    @Test func randomBytes() {
        var random = Generator(state: 1)
        for _ in 0..<400 {
            let bytes = (0..<random.below(200)).map { _ in alphabet[random.below(alphabet.count)] }
            checkAgreement(bytes, &random)
        }
    }

    @Test func mutatedCSVs() {
        var random = Generator(state: 2)
        let base = generatedCSV(rows: 60, seed: 5)
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<(1 + random.below(4)) {
                let at = random.below(bytes.count)
                switch random.below(3) {
                case 0: bytes[at] = alphabet[random.below(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[random.below(alphabet.count)], at: at)
                }
            }
            checkAgreement(bytes, &random)
        }
    }

    @Test func edgeInputs() {
        var random = Generator(state: 3)
        for text in ["\"", "\"\"", ",", "\n", "a", "a,", ",\n,", "\"a\"\"", "\u{FEFF}\n", "a\n\"", "a\r", "a\rb\n1\r2\n"] {
            checkAgreement(Array(text.utf8), &random)
        }
        let huge = Array(("v\n" + String(repeating: "x", count: 300_000) + "\n1\n").utf8)
        checkAgreement(huge, &random)
    }

    private func checkAgreement(_ bytes: [UInt8], _ random: inout Generator) {
        let sequential = readCSV(bytes, workers: 1, chunkSize: 1 << 30)
        let parallel = readCSV(bytes, workers: 2, chunkSize: 1 + random.below(64))
        #expect(parallel == sequential, "input \(bytes)")
        if bytes.isEmpty { return }
        let publicResult = loadErrorBytes(bytes)
        #expect(publicResult == sequential.error)
    }
}
