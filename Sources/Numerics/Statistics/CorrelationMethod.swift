/// Which correlation coefficient `Matrix.correlation(method:missing:)` computes.
public enum CorrelationMethod: Sendable, Equatable {
    /// Pearson's product-moment correlation, as `numpy.corrcoef`.
    case pearson
    /// Spearman's rank correlation: Pearson's on ranks, tied values sharing their average rank,
    /// as `scipy.stats.spearmanr`.
    case spearman
}
