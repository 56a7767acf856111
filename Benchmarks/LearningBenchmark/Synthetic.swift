import BenchmarkSupport
import Foundation
import Numerics

/// The generated data sets. Everything comes from fixed SplitMix64 seeds, so
/// every run (and both sides: the bytes are written once and read by the
/// worker) fits exactly the same values. Labels are class codes stored as
/// Doubles in an n×1 matrix.
enum Synthetic {
    /// n×p values uniform in [-1, 1).
    static func uniform(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var random = SplitMix64(seed: seed)
        return try! Matrix(rows: rows, columns: columns, columnMajor: random.signedValues(rows * columns))
    }

    /// y = X·β + noise with β = (1, 2, …, p)/p: a well-posed regression.
    static func regression(rows: Int, columns: Int, seed: UInt64) -> [String: Matrix] {
        let x = uniform(rows: rows, columns: columns, seed: seed)
        var random = SplitMix64(seed: seed + 1)
        var y = [Double](repeating: 0, count: rows)
        for j in 0..<columns {
            let beta = Double(j + 1) / Double(columns)
            x.storage.withUnsafeBufferPointer { s in
                for i in 0..<rows { y[i] += beta * s[j * rows + i] }
            }
        }
        for i in 0..<rows { y[i] += 0.1 * random.nextSigned() }
        return ["X": x, "y": try! Matrix(rows: rows, columns: 1, columnMajor: y)]
    }

    /// A linear 3-class problem: class = argmax of X·W plus noise, W fixed by
    /// `weightSeed` so that training and test rows follow the same model.
    static func linearClasses(rows: Int, columns: Int, classes: Int, seed: UInt64, weightSeed: UInt64) -> (Matrix, Matrix) {
        let x = uniform(rows: rows, columns: columns, seed: seed)
        var w = SplitMix64(seed: weightSeed)
        let weights = w.signedValues(columns * classes)
        var noise = SplitMix64(seed: seed + 1)
        var labels = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var best = 0, bestScore = -Double.infinity
            for c in 0..<classes {
                var score = 0.8 * noise.nextSigned()
                for j in 0..<columns { score += x[i, j] * weights[c * columns + j] }
                if score > bestScore { (best, bestScore) = (c, score) }
            }
            labels[i] = Double(best)
        }
        return (x, try! Matrix(rows: rows, columns: 1, columnMajor: labels))
    }

    /// Gaussian-free blobs: k centres uniform in [-spread, spread)^p (from
    /// `centreSeed`), each row a random centre plus uniform noise in [-1, 1)^p;
    /// the label is the centre.
    static func blobs(rows: Int, columns: Int, centres k: Int, spread: Double, seed: UInt64, centreSeed: UInt64) -> (Matrix, Matrix) {
        var c = SplitMix64(seed: centreSeed)
        let centres = c.signedValues(k * columns).map { $0 * spread }
        var random = SplitMix64(seed: seed)
        var values = [Double](repeating: 0, count: rows * columns)
        var labels = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            let blob = Int(random.next() % UInt64(k))
            labels[i] = Double(blob)
            for j in 0..<columns { values[j * rows + i] = centres[blob * columns + j] + random.nextSigned() }
        }
        return (try! Matrix(rows: rows, columns: columns, columnMajor: values), try! Matrix(rows: rows, columns: 1, columnMajor: labels))
    }

    /// A non-linear 3-class problem for trees: a score mixing products, a
    /// sine and a square of the first five features (the other features are
    /// noise), plus noise, cut into three classes.
    static func nonlinearClasses(rows: Int, columns: Int, seed: UInt64) -> (Matrix, Matrix) {
        let x = uniform(rows: rows, columns: columns, seed: seed)
        var noise = SplitMix64(seed: seed + 1)
        let labels = (0..<rows).map { i -> Double in
            let s = 4 * x[i, 0] * x[i, 1] + sin(3 * x[i, 2]) + x[i, 3] - 2 * x[i, 4] * x[i, 4] + 0.3 * noise.nextSigned()
            return s < -0.5 ? 0 : s < 0.5 ? 1 : 2
        }
        return (x, try! Matrix(rows: rows, columns: 1, columnMajor: labels))
    }
}
