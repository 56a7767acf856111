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
    // Matrix.mean() exists in Numerics today and is sum()/count: this row
    // measures that, not the statistics module's mean (see pendingWorkloads).
    Workload(
        name: "mean", title: "mean, 10M doubles",
        inputs: tenMillion(["a"], seed: 9),
        numpy: "np.mean(a)", mlxCall: "a.mean()  [Matrix.mean = sum()/n]",
        mlx: { try input($0, "a").mean() }),
]

/// Workloads waiting for the statistics API (branch with the stats module).
/// Not run and not faked: after that merge, move each into `workloads` with
/// its mlx call, e.g. `mlx: { try input($0, "a").standardDeviation() }`.
let pendingWorkloads: [(name: String, numpy: String, waitingFor: String)] = [
    ("sd", "np.std(a, ddof=1)", "sample standard deviation in the statistics API"),
    ("median", "np.quantile(a, 0.5)", "quantile in the statistics API"),
    ("mean (statistics API)", "np.mean(a)", "the statistics module's mean, if it differs from Matrix.mean()"),
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
