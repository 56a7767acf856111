import Numerics

/// The workloads, in the order they run. Adding one is one entry here:
/// inputs, a numpy expression, the mlx call, and a target.
let workloads: [Workload] = [
    Workload(
        name: "matmul", title: "matrix product 2048×2048",
        inputs: [.uniform("a", rows: 2048, columns: 2048, seed: 1), .uniform("b", rows: 2048, columns: 2048, seed: 2)],
        numpy: "a @ b", mlxCall: "a.matmul(b)",
        mlx: { try input($0, "a").matmul(input($0, "b")) },
        flops: 2 * 2048 * 2048 * 2048, target: 0.9),
    Workload(
        name: "lstsq", title: "least squares 1,000,000×20",
        inputs: [.uniform("A", rows: 1_000_000, columns: 20, seed: 3), linearResponse("y", design: "A", seed: 4)],
        numpy: "np.linalg.lstsq(A, y[:, 0], rcond=None)", mlxCall: "A.leastSquares(y)",
        mlx: { try input($0, "A").leastSquares(Vector(input($0, "y").storage)) },
        target: 1.0),
    Workload(
        name: "fma", title: "a*b+c, 10M doubles",
        inputs: tenMillion(["a", "b", "c"], seed: 5),
        numpy: "a * b + c", mlxCall: "Matrix.multiplyAdd(a, b, c)",
        mlx: { try Matrix.multiplyAdd(input($0, "a"), input($0, "b"), input($0, "c")) },
        target: 1.5),
    Workload(
        name: "sum", title: "sum, 10M doubles",
        inputs: tenMillion(["a"], seed: 8),
        numpy: "np.sum(a)", mlxCall: "a.sum()",
        mlx: { try input($0, "a").sum() },
        target: 1.5),
    Workload(
        name: "mean", title: "mean, 10M doubles",
        inputs: tenMillion(["a"], seed: 9),
        numpy: "np.mean(a)", mlxCall: "a.mean()",
        mlx: { try Vector(input($0, "a").storage).mean() },
        target: 1.0),
    Workload(
        name: "sd", title: "sd (ddof=1), 10M doubles",
        inputs: tenMillion(["a"], seed: 10),
        numpy: "np.std(a, ddof=1)", mlxCall: "a.standardDeviation()",
        mlx: { try Vector(input($0, "a").storage).standardDeviation() },
        target: 1.0),
    Workload(
        name: "median", title: "median, 10M doubles",
        inputs: tenMillion(["a"], seed: 11),
        numpy: "np.median(a)", mlxCall: "a.median()",
        mlx: { try Vector(input($0, "a").storage).median() },
        target: 1.0),
    Workload(
        name: "quartiles", title: "quartiles, 10M doubles",
        inputs: tenMillion(["a"], seed: 12),
        numpy: "np.quantile(a, [0.25, 0.5, 0.75]).sum()", mlxCall: "a.quantiles([0.25, 0.5, 0.75])",
        mlx: { try Vector(input($0, "a").storage).quantiles([0.25, 0.5, 0.75]).reduce(0, +) },
        target: 1.0),
]

/// Column vectors of 10,000,000 values, one per name, from consecutive seeds.
private func tenMillion(_ names: [String], seed: UInt64) -> [InputSpec] {
    names.enumerated().map { offset, name in
        .uniform(name, rows: 10_000_000, columns: 1, seed: seed + UInt64(offset))
    }
}

/// y = A·β + noise with β = (1, 2, …, n): a well-posed regression whose
/// coefficients the checksum can confirm.
private func linearResponse(_ name: String, design: String, seed: UInt64) -> InputSpec {
    InputSpec(name: name, rows: 1_000_000, columns: 1, seed: seed) { random, made in
        let a = try input(made, design)
        let beta = Vector((1...a.columns).map(Double.init))
        let fitted = try a.matmul(beta)
        return fitted.elements.map { $0 + 0.1 * random.nextSigned() }
    }
}
