import Foundation
import Numerics

extension Builtins {
    /// A unary math function applied to a number, or element-wise to numbers.
    private static func elementwise(_ name: String, _ help: String, _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name, [.init("x", .any)], category: "Mathematics", help: help) { interpreter, a in
            switch a.values[0] {
            case .number(let x): return .number(f(x))
            case .matrix(let m): return .matrix(m.map(f))
            default:
                guard let v = interpreter.vectorOperand(a.values[0]) else { throw BuiltinError("x must be a number, numbers or a matrix", argument: 0) }
                return .vector(v.map(f))
            }
        }
    }

    static let mathematics: [Builtin] = [
        elementwise("abs", "Absolute value.") { Swift.abs($0) },
        elementwise("sqrt", "Square root (NaN for negative input).") { $0.squareRoot() },
        elementwise("exp", "e to the power x.") { Foundation.exp($0) },
        elementwise("log", "Natural logarithm (NaN for negative input, -inf at 0).") { Foundation.log($0) },
        elementwise("log10", "Base-10 logarithm.") { Foundation.log10($0) },
        elementwise("floor", "Largest whole number not above x.") { $0.rounded(.down) },
        elementwise("ceil", "Smallest whole number not below x.") { $0.rounded(.up) },
        Builtin("round", [.init("x", .any), .init("digits", .integer, default: .number(0))], category: "Mathematics",
                help: "Round half to even at the given number of decimal digits.") { interpreter, a in
            let digits = a.integer(1)
            let f: (Double) -> Double = { x in Self.round(x, digits: digits) }
            switch a.values[0] {
            case .number(let x): return .number(f(x))
            default:
                guard let v = interpreter.vectorOperand(a.values[0]) else { throw BuiltinError("x must be a number or numbers", argument: 0) }
                return .vector(v.map(f))
            }
        },
    ]

    /// x rounded half to even at `digits` decimal digits (negative: tens, hundreds, …), as
    /// numpy's `round`, except that x comes back exact when the digit is beyond its precision.
    static func round(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        if digits < 0 {
            // Dividing by 10^|digits|, exact up to 10^22, then multiplying back: 10^digits itself is inexact.
            let unit = Foundation.pow(10, Double(-digits))
            guard unit.isFinite else { return x.sign == .minus ? -0.0 : 0.0 }
            return (x / unit).rounded(.toNearestOrEven) * unit
        }
        // x · 10^digits, in two steps past 10^308 so that tiny numbers can still be scaled.
        let (first, second) = digits > 308 ? (1e308, Foundation.pow(10, Double(digits - 308))) : (Foundation.pow(10, Double(digits)), 1)
        let scaled = x * first * second
        // Already whole (or overflowing): the digit is beyond x's precision, and x itself is
        // exact where dividing back could come out a unit off.
        if !scaled.isFinite || abs(scaled) >= 0x1p52 { return x }
        return scaled.rounded(.toNearestOrEven) / first / second
    }
}

