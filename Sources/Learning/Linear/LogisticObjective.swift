import Dispatch
import Foundation
import Numerics

/// The penalised log loss of logistic regression and its derivatives, in
/// scikit-learn's scaling: f(θ) = (1/n)·(Σᵢ −log pᵢ,yᵢ + 1/(2C)·‖W‖²), the
/// intercepts unpenalised.
///
/// Parameters θ are stored class by class, each block being that class's p
/// coefficients followed by its intercept (so θ reshaped to (p+1)×F is Θ and
/// the scores are [X 1]·Θ). With two classes there is one free block, for
/// the second class, and the first class's scores are fixed at 0: softmax
/// over (0, z) is the sigmoid, which is scikit-learn's binary model. With
/// k > 2 classes all k blocks are free (the symmetric multinomial model).
struct LogisticObjective {
    /// [X 1]: n×(p+1).
    let design: Matrix
    let codes: [Int]
    let classes: Int
    let inverseC: Double

    var rows: Int { design.rows }
    /// p + 1.
    var blockSize: Int { design.columns }
    /// Blocks of parameters: 1 for two classes, k otherwise.
    var freeBlocks: Int { classes == 2 ? 1 : classes }
    var parameterCount: Int { blockSize * freeBlocks }

    init(features: Matrix, codes: [Int], classes: Int, c: Double) throws {
        design = try Matrix.hstack([features, Matrix(rows: features.rows, columns: 1, repeating: 1)])
        self.codes = codes
        self.classes = classes
        inverseC = 1 / c
    }

    /// Class probabilities (n×k) and the objective at θ.
    func evaluate(_ theta: [Double]) throws -> (probabilities: Matrix, value: Double) {
        let scores = try design.matmul(Matrix(rows: blockSize, columns: freeBlocks, columnMajor: theta))
        let (probabilities, logLoss) = Self.softmax(scores, classes: classes, codes: codes)
        var penalty = 0.0
        for (index, value) in theta.enumerated() where !isIntercept(index) { penalty += value * value }
        return (probabilities, (logLoss + 0.5 * inverseC * penalty) / Double(rows))
    }

    func isIntercept(_ index: Int) -> Bool { index % blockSize == blockSize - 1 }

    /// The gradient of f at θ, given the probabilities there.
    func gradient(_ theta: [Double], probabilities: Matrix) throws -> [Double] {
        var residual = Matrix(rows: rows, columns: freeBlocks)
        for b in 0..<freeBlocks {
            let c = classOf(block: b)
            for i in 0..<rows { residual[i, b] = probabilities[i, c] - (codes[i] == c ? 1 : 0) }
        }
        let g = try design.matmul(residual, transposeSelf: true).storage
        let n = Double(rows)
        return theta.indices.map { g[$0] / n + (isIntercept($0) ? 0 : inverseC * theta[$0] / n) }
    }

    /// The Hessian of f, made positive definite where the model has a flat
    /// direction: with k > 2 classes, adding one constant to every intercept
    /// changes nothing, so uuᵀ (u the unit vector along that direction) is
    /// added. The gradient is orthogonal to u, so the Newton step is unchanged
    /// apart from having no component along u (intercepts keep summing to 0).
    func curvature(probabilities: Matrix) throws -> Matrix {
        let m = parameterCount, q = blockSize, n = Double(rows)
        let blocks = try hessianBlocks(probabilities)
        var h = Matrix(rows: m, columns: m)
        for a in 0..<freeBlocks {
            for b in 0..<freeBlocks {
                for s in 0..<q {
                    for r in 0..<q { h[a * q + r, b * q + s] = blocks[a][b][r, s] / n }
                }
            }
        }
        for index in 0..<m where !isIntercept(index) { h[index, index] += inverseC / n }
        if freeBlocks > 1 {
            for a in 0..<freeBlocks {
                for b in 0..<freeBlocks { h[a * q + q - 1, b * q + q - 1] += 1 / Double(freeBlocks) }
            }
        }
        return h
    }

    /// Block (a, b) of the unpenalised, unscaled Hessian: [X 1]ᵀ·diag(pₐ∘(δₐᵦ − pᵦ))·[X 1].
    ///
    /// With k > 2 classes each row's weights pₐ(δₐᵦ − pᵦ) sum to 0 over b, so
    /// the last class's blocks are minus the sums of the others': only the
    /// blocks among the first k − 1 classes take a pass over the data (3
    /// weighted products instead of 6 for three classes).
    private func hessianBlocks(_ probabilities: Matrix) throws -> [[Matrix]] {
        let measured = freeBlocks == 1 ? 1 : freeBlocks - 1
        let pairs = (0..<measured).flatMap { a in (a..<measured).map { (a, $0) } }
        let weights = pairs.map { a, b in
            let ca = classOf(block: a), cb = classOf(block: b), same: Double = ca == cb ? 1 : 0
            return probabilities.storage.withUnsafeBufferPointer { p in
                (0..<rows).map { i in p[ca * rows + i] * (same - p[cb * rows + i]) }
            }
        }
        var blocks = [[Matrix]](repeating: [Matrix](repeating: Matrix(rows: 0, columns: 0), count: freeBlocks), count: freeBlocks)
        for ((a, b), gram) in zip(pairs, try design.weightedGrams(weights)) {
            (blocks[a][b], blocks[b][a]) = (gram, gram)
        }
        guard measured < freeBlocks else { return blocks }
        let last = freeBlocks - 1
        for a in 0...last {
            var negatedSum = [Double](repeating: 0, count: blockSize * blockSize)
            for b in 0..<last {
                let other = a == last ? blocks[b][last] : blocks[a][b]
                for index in negatedSum.indices { negatedSum[index] -= other.storage[index] }
            }
            let block = try Matrix(rows: blockSize, columns: blockSize, columnMajor: negatedSum)
            (blocks[a][last], blocks[last][a]) = (block, block)
        }
        return blocks
    }

    func classOf(block: Int) -> Int { classes == 2 ? 1 : block }

    /// Row-wise softmax of the scores (a zero column prepended for two
    /// classes), computed after subtracting each row's largest score, and
    /// Σᵢ −log pᵢ,yᵢ as logsumexp − score so that it stays accurate when
    /// pᵢ,yᵢ is near 1. Pass no codes to skip the loss.
    ///
    /// Rows are independent, so larger inputs run as two halves on two
    /// threads; the row losses are added in row order afterwards, so the
    /// result does not depend on the thread count.
    static func softmax(_ scores: Matrix, classes: Int, codes: [Int]) -> (Matrix, Double) {
        let n = scores.rows
        let halves = n >= 4096 ? 2 : 1
        let bounds = (0...halves).map { $0 * n / halves }
        let parts = ParallelResults<(probabilities: [Double], losses: [Double])>(count: halves)
        DispatchQueue.concurrentPerform(iterations: halves) { half in
            parts.set(half, softmaxRows(bounds[half]..<bounds[half + 1], of: scores, classes: classes, codes: codes))
        }
        var probabilities = [Double](repeating: 0, count: n * classes)
        var loss = 0.0
        for (half, part) in parts.values.enumerated() {
            let start = bounds[half], count = bounds[half + 1] - start
            for c in 0..<classes {
                for i in 0..<count { probabilities[c * n + start + i] = part.probabilities[c * count + i] }
            }
            for rowLoss in part.losses { loss += rowLoss }
        }
        return (try! Matrix(rows: n, columns: classes, columnMajor: probabilities), loss)
    }

    /// The softmax of rows `range` (column-major, `range.count` rows) and their losses.
    private static func softmaxRows(_ range: Range<Int>, of scores: Matrix, classes: Int, codes: [Int]) -> ([Double], [Double]) {
        let n = scores.rows, count = range.count
        var probabilities = [Double](repeating: 0, count: count * classes)
        var losses = [Double]()
        losses.reserveCapacity(codes.isEmpty ? 0 : count)
        var row = [Double](repeating: 0, count: classes), exponentials = row
        scores.storage.withUnsafeBufferPointer { s in
            for (offset, i) in range.enumerated() {
                for c in 0..<classes { row[c] = classes == 2 ? (c == 0 ? 0 : s[i]) : s[c * n + i] }
                let largest = row.max()!
                var total = 0.0
                for c in 0..<classes {
                    exponentials[c] = exp(row[c] - largest)
                    total += exponentials[c]
                }
                for c in 0..<classes { probabilities[c * count + offset] = exponentials[c] / total }
                if i < codes.count { losses.append(largest + log(total) - row[codes[i]]) }
            }
        }
        return (probabilities, losses)
    }
}
