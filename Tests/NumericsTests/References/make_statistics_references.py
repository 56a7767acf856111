#!/usr/bin/env python3
"""Writes statistics.json: reference values for StatisticsTests from numpy and scipy.

Run from this directory:  python3 make_statistics_references.py
Generated with numpy 2.4.6 and scipy 1.17.1. Every dataset is written out in full in the JSON
(random ones come from numpy's PCG64 with fixed seeds), so the Swift tests never depend on
numpy's generator. Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math

import numpy as np
import scipy
import scipy.stats as st

PROBABILITIES = [0.0, 0.01, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.99, 1.0]
METHODS = ["linear", "lower", "higher", "nearest", "midpoint", "interpolated_inverted_cdf",
           "hazen", "weibull", "median_unbiased", "normal_unbiased"]


def encode(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [encode(v) for v in x]
    if isinstance(x, (np.integer, int)):
        return int(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def describe(values):
    """Statistics over NaN-free values (what .skip sees)."""
    a = np.asarray(values, dtype=np.float64)
    out = {
        "count": len(a),
        "sum": np.sum(a),
        "mean": np.mean(a),
        "var0": np.var(a, ddof=0),
        "var1": np.var(a, ddof=1) if len(a) > 1 else math.nan,
        "std0": np.std(a, ddof=0),
        "std1": np.std(a, ddof=1) if len(a) > 1 else math.nan,
        "min": np.min(a),
        "max": np.max(a),
        "median": np.median(a),
        "quantiles": {m: np.quantile(a, PROBABILITIES, method=m) for m in METHODS},
        "mode": st.mode(a, keepdims=False).mode,
        "skew": st.skew(a),
        "skewUnbiased": st.skew(a, bias=False),
        "kurtosis": st.kurtosis(a),
        "kurtosisUnbiased": st.kurtosis(a, bias=False),
        "kurtosisPearson": st.kurtosis(a, fisher=False),
        "zscore0": st.zscore(a),
        "zscore1": st.zscore(a, ddof=1),
    }
    counts, edges = np.histogram(a, bins=10)
    out["histogram10"] = {"counts": counts, "edges": edges}
    counts, edges = np.histogram(a, bins=7, range=(-3.0, 5.0))
    out["histogram7"] = {"counts": counts, "edges": edges}
    return {k: encode(v) if not isinstance(v, dict) else
            {kk: encode(vv) for kk, vv in v.items()} for k, v in out.items()}


def dataset(name, values):
    a = np.asarray(values, dtype=np.float64)
    return {"name": name, "data": encode(a), "skip": describe(a[~np.isnan(a)])}


def datasets():
    rng = np.random.default_rng(20240611)
    return [
        dataset("ties and negatives", [3, -1.5, 2, 2, 7.25, -4, 2, 0, 3, 11.5, -1.5]),
        dataset("two values", [-2.5, 4.0]),
        dataset("normal 1001", rng.normal(5.0, 2.0, 1001)),
        dataset("rounded exponential 500", np.round(rng.exponential(1.5, 500) - 1.0, 1)),
        dataset("uniform 4096 wide", rng.uniform(-1e6, 1e6, 4096)),
        dataset("with NaN", [1.5, math.nan, -2.0, 4.0, math.nan, 4.0, 0.25, 9.0]),
    ]


def matrices():
    rng = np.random.default_rng(7)
    base = rng.normal(size=(60, 4))
    x = np.column_stack([base[:, 0], base[:, 0] + 0.5 * base[:, 1],
                         np.round(base[:, 2], 0), -2 * base[:, 0] + base[:, 3] ** 2])
    with_nan = x.copy()
    with_nan[[3, 17, 40], [1, 2, 0]] = math.nan
    complete = with_nan[~np.isnan(with_nan).any(axis=1)]
    out = []
    for name, m, clean in [("correlated 60x4", x, x), ("with NaN rows", with_nan, complete)]:
        out.append({
            "name": name, "rows": m.shape[0], "columns": m.shape[1],
            "columnMajor": encode(m.T.ravel()),
            "skip": {
                "cov1": encode(np.cov(clean, rowvar=False).T.ravel()),
                "cov0": encode(np.cov(clean, rowvar=False, ddof=0).T.ravel()),
                "pearson": encode(np.corrcoef(clean, rowvar=False).T.ravel()),
                "spearman": encode(st.spearmanr(clean).statistic.T.ravel()),
            },
        })
    return out


if __name__ == "__main__":
    result = {
        "generator": f"make_statistics_references.py, numpy {np.__version__}, scipy {scipy.__version__}",
        "probabilities": PROBABILITIES,
        "methods": METHODS,
        "datasets": datasets(),
        "matrices": matrices(),
    }
    with open("statistics.json", "w") as f:
        json.dump(result, f, indent=1, allow_nan=False)
