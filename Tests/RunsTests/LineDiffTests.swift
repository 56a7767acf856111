import Testing

@testable import Runs

/// The line diff: hunks as diff -u and git print them, edge cases, and
/// minimal edit scripts on random inputs checked against a dynamic-programming LCS.
@Suite struct LineDiffTests {
    static func unified(_ old: String, _ new: String) -> String {
        LineDiff.unified(from: old, to: new, oldName: "a", newName: "b")
    }

    @Test func identicalTextsHaveNoHunks() {
        #expect(LineDiff.hunks(from: "x\ny\n", to: "x\ny\n").isEmpty)
        #expect(Self.unified("x\ny\n", "x\ny\n") == "")
        #expect(Self.unified("", "") == "")
    }

    @Test func fromAndToAnEmptyFile() {
        #expect(Self.unified("", "x\ny\n") == "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n")
        #expect(Self.unified("x\ny\n", "") == "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n")
    }

    @Test func everyLineChanged() {
        #expect(Self.unified("a\nb\nc\n", "x\ny\nz\n") == "--- a\n+++ b\n@@ -1,3 +1,3 @@\n-a\n-b\n-c\n+x\n+y\n+z\n")
    }

    @Test func aOneLineFileLeavesOutTheCounts() {
        #expect(Self.unified("a\n", "b\n") == "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n")
    }

    @Test func threeLinesOfContextAroundAChange() {
        let old = (1...10).map { "\($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "5\n", with: "five\n")
        #expect(Self.unified(old, new) == "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n")
    }

    @Test func changesFarApartMakeTwoHunksAndCloseOnesOne() {
        let lines = (1...20).map { "\($0)" }
        var far = lines
        far[1] = "two"
        far[18] = "nineteen"
        let hunks = LineDiff.hunks(LineDiff.edits(from: lines, to: far))
        #expect(hunks.map(\.header) == ["@@ -1,5 +1,5 @@", "@@ -16,5 +16,5 @@"])
        var close = lines
        close[1] = "two"
        close[8] = "nine"  // six unchanged lines between: the contexts touch
        #expect(LineDiff.hunks(LineDiff.edits(from: lines, to: close)).map(\.header) == ["@@ -1,12 +1,12 @@"])
    }

    @Test func insertionAndDeletionInTheMiddle() {
        #expect(Self.unified("a\nb\nc\n", "a\nc\nd\n") == "--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n")
    }

    @Test func aMissingFinalNewlineIsADifference() {
        #expect(Self.unified("a\nb", "a\nb\n") == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    }

    @Test func removalsComeBeforeAdditionsInEachChange() {
        let edits = LineDiff.edits(from: ["a", "b", "c", "d"], to: ["x", "b", "y", "z"])
        #expect(edits == [.removed("a"), .added("x"), .same("b"), .removed("c"), .removed("d"), .added("y"), .added("z")])
    }

    @Test(arguments: 0..<200)
    func randomEditScriptsAreMinimalAndRebuildBothTexts(_ seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let old = (0..<next(25)).map { _ in ["a", "b", "c", "d"][next(4)] }
        let new = (0..<next(25)).map { _ in ["a", "b", "c", "d"][next(4)] }
        let edits = LineDiff.edits(from: old, to: new)
        let rebuiltOld = edits.compactMap { if case .same(let l) = $0 { l } else if case .removed(let l) = $0 { l } else { nil } }
        let rebuiltNew = edits.compactMap { if case .same(let l) = $0 { l } else if case .added(let l) = $0 { l } else { nil } }
        #expect(rebuiltOld == old && rebuiltNew == new)
        let changes = edits.filter { if case .same = $0 { false } else { true } }.count
        #expect(changes == old.count + new.count - 2 * Self.longestCommonSubsequence(old, new))
    }

    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices {
            for j in b.indices {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table[a.count][b.count]
    }

    @Test func aLongAllChangedTextStaysLinear() {
        let old = (0..<20_000).map { "old \($0)" }, new = (0..<20_000).map { "new \($0)" }
        #expect(LineDiff.edits(from: old, to: new).count == 40_000)
    }
}
