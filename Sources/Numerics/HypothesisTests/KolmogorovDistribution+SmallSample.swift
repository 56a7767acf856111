import Foundation

extension KolmogorovDistribution {
    /// 2¹²⁸, the rescaling step that keeps intermediate values in range.
    private static let scale = 0x1p128

    /// P(D_n ≤ d) by the Durbin matrix method as arranged by Marsaglia, Tsang and Wang.
    ///
    /// With nd = k − h, the answer is n!/nⁿ times entry (k, k) of Hⁿ for an
    /// m×m matrix H, m = 2k − 1. Powers are taken by squaring, with a separate
    /// binary exponent so that neither Hⁿ nor n!/nⁿ overflows or underflows.
    static func durbinCDF(_ n: Int, _ d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up)), h = Double(k) - nd, m = 2 * k - 1
        var power = durbinMatrix(m, h)
        var result = identity(m)
        var (exponent, powerExponent, remaining) = (0, 0, n)
        while remaining > 0 {
            if remaining % 2 == 1 {
                result = multiply(result, power)
                exponent += powerExponent
            }
            power = multiply(power, power)
            powerExponent *= 2
            if abs(power[(k - 1) * m + k - 1]) > scale {
                for i in power.indices { power[i] /= scale }
                powerExponent += 128
            }
            remaining /= 2
        }
        var p = result[(k - 1) * m + k - 1]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < 1 / scale {
                p *= scale
                exponent -= 128
            }
        }
        return scalbn(p, exponent)
    }

    /// Durbin's H: lower Hessenberg with 1/j! bands, corrected in the first column and last row.
    private static func durbinMatrix(_ m: Int, _ h: Double) -> [Double] {
        var firstColumn = [Double](repeating: 0, count: m)
        var inverseFactorials = [Double](repeating: 0, count: m)
        var factorial = 1.0
        for j in 1...m {
            inverseFactorials[j - 1] = factorial
            factorial /= Double(j)
            firstColumn[j - 1] = (1 - pow(h, Double(j))) * factorial
        }
        let corner = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        firstColumn[m - 1] = (1 + corner) * factorial
        var matrix = [Double](repeating: 0, count: m * m)  // row-major, local to this algorithm
        for column in 1..<m {
            for row in (column - 1)..<m { matrix[row * m + column] = inverseFactorials[row - column + 1] }
        }
        for row in 0..<m { matrix[row * m] = firstColumn[row] }
        for column in 0..<m { matrix[(m - 1) * m + column] = firstColumn[m - 1 - column] }
        return matrix
    }

    private static func identity(_ m: Int) -> [Double] {
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 0..<m { matrix[i * m + i] = 1 }
        return matrix
    }

    /// Row-major product of two m×m matrices; m stays below about 50 here.
    private static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        let m = Int(Double(a.count).squareRoot().rounded())
        var product = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for l in 0..<m where a[i * m + l] != 0 {
                let factor = a[i * m + l]
                for j in 0..<m { product[i * m + j] += factor * b[l * m + j] }
            }
        }
        return product
    }

    /// P(D_n ≤ d) by Pomeranz's recursion (1974), as scipy arranges it.
    ///
    /// Each of the 2n + 1 steps convolves a short band of the previous row with
    /// truncated Poisson weights; only the band's start index is stored.
    static func pomeranzCDF(_ n: Int, _ d: Double) -> Double {
        let t = Double(n) * d
        let band = Int(t.rounded(.down))
        let fraction = t - Double(band)
        let g = min(fraction, 1 - fraction)
        let bounds = PomeranzBounds(n: n, band: band, ceilF: fraction > 0 ? 1 : 0, roundF: fraction > 0.5 ? 1 : 0)
        let count = 2 * (band + 1)
        let weights = [g, 2 * g, 1 - 2 * g].map { poissonWeights(rate: $0 / Double(n), count: count) }
        var current = [Double](repeating: 0, count: count)
        current[0] = 1
        var (start, exponent) = (0, 0)
        var (j1, _) = bounds.interval(0)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            let previous = current, previousStart = start
            current = [Double](repeating: 0, count: count)
            let j2: Int
            (j1, j2) = bounds.interval(i)
            let power = (i == 1 || i == 2 * n + 1) ? weights[0] : (i % 2 == 1 ? weights[1] : weights[2])
            let length = j2 - k1 + 1
            guard length > 0 else { continue }
            let segment = Array(previous[(k1 - previousStart)..<min(k1 - previousStart + length, count)])
            for offset in 0..<(j2 - j1 + 1) {
                current[offset] = convolution(segment, power, at: j1 - k1 + offset, length: length)
            }
            if let largest = current.max(), largest > 0, largest < 1 / scale {
                for index in current.indices { current[index] *= scale }
                exponent -= 128
            }
            start = previousStart + j1 - k1
        }
        var answer = current[n - start]
        for factor in 1...n {
            if abs(answer) > scale {
                answer /= scale
                exponent += 128
            }
            answer *= Double(factor)
        }
        return scalbn(answer, exponent)
    }

    /// rateʲ / j! for j < count: Poisson probabilities without the e^(−rate) factor.
    private static func poissonWeights(rate: Double, count: Int) -> [Double] {
        var weights = [1.0]
        for j in 1..<count { weights.append(weights[j - 1] * rate / Double(j)) }
        return weights
    }

    /// Entry `index` of the full convolution of `segment` with the first `length` weights.
    private static func convolution(_ segment: [Double], _ weights: [Double], at index: Int, length: Int) -> Double {
        var sum = 0.0
        for a in 0..<segment.count {
            let b = index - a
            if b >= 0, b < min(length, weights.count) { sum += segment[a] * weights[b] }
        }
        return sum
    }
}

/// The band [j1, j2] of non-zero entries in row i of Pomeranz's recursion.
private struct PomeranzBounds {
    let n: Int, band: Int, ceilF: Int, roundF: Int

    func interval(_ i: Int) -> (Int, Int) {
        let j1: Int, j2: Int
        if i == 0 {
            (j1, j2) = (-band - ceilF - 1, band + ceilF - 1)
        } else {
            let (half, odd) = ((i + 1) / 2, (i + 1) % 2)
            if odd == 0 {
                if half == n + 1 {
                    (j1, j2) = (n - band - ceilF - 1, n + band + ceilF - 1)
                } else {
                    (j1, j2) = (half - 1 - band - roundF - 1, half + band - 1 + ceilF - 1)
                }
            } else {
                (j1, j2) = (half - 1 - band - 1, half + band + roundF - 1)
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }
}
