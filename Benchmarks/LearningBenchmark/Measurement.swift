import BenchmarkSupport

/// The samples of one workload, both sides, in seconds, and the quality each
/// side's fit reached.
struct Measurement {
    let workload: Workload
    var sklearn: [Double] = []
    var mlx: [Double] = []
    var sklearnQuality = Double.nan
    var mlxQuality = Double.nan

    var sklearnMedian: Double { median(sklearn) }
    var mlxMedian: Double { median(mlx) }
    /// How many times faster mlx is: scikit-learn median / mlx median.
    var speedup: Double { sklearnMedian / mlxMedian }
    /// The target: at least as fast, at equal or better quality.
    var met: Bool { speedup >= 1 && workload.qualityHolds(mlx: mlxQuality, sklearn: sklearnQuality) }
}
