#!/usr/bin/env python3
"""Regenerate distributions.json and hypothesis_tests.json from scipy.

Run from anywhere:  python3 make_distribution_references.py
Produced with scipy 1.17.1 / numpy 2.4.6. Every input is spelled out here (or
derived by a fixed formula), and the JSON carries the inputs next to scipy's
outputs so the Swift tests need no data of their own. Non-finite values are
kept out of the JSON (Foundation's decoder rejects them); special values are
tested by hand in the Swift tests.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))

PROBABILITIES = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5,
                 0.7, 0.9, 0.975, 0.999, 1 - 1e-5, 1 - 1e-10, 1 - 1e-15]


def finite(values):
    values = [float(v) for v in values]
    assert all(math.isfinite(v) for v in values), values
    return values


def round_trips(dist, p, q):
    """True when scipy's own cdf maps the quantile back to p (checked in the smaller tail).

    scipy's t.ppf clamps instead of overflowing (df=0.3, p=1e-100 gives -3.67e153
    where the true quantile is about -1e333); such entries are left out.
    """
    if not math.isfinite(q):
        return False
    tail, back = (p, dist.cdf(q)) if p < 0.5 else (1 - p, dist.sf(q))
    return abs(back - tail) <= 1e-8 * tail


def case(dist, params, xs, pdf_tolerance=1e-10):
    quantiles = [float(dist.ppf(p)) for p in PROBABILITIES]
    kept = [(p, q) for p, q in zip(PROBABILITIES, quantiles) if round_trips(dist, p, q)]
    return {
        **params,
        "pdfTolerance": pdf_tolerance,
        "x": finite(xs),
        "pdf": finite(dist.pdf(xs)),
        "cdf": finite(dist.cdf(xs)),
        "sf": finite(dist.sf(xs)),
        "p": [p for p, _ in kept],
        "ppf": [q for _, q in kept],
    }


def large_df_pdf_tolerance(df):
    """scipy's t, chi2 and F densities subtract lgamma values of size df*log(df),
    losing about log10(df) digits: at df = 1e6 they are off by ~2e-9 relative
    (mpmath at 50 digits agrees with the Swift values to 1e-15, e.g.
    chi2(1e6).pdf(1e6) = 2.820947447580834e-4, scipy 2.820947445535276e-4).
    The cdf, sf and ppf use other algorithms and stay at 1e-10."""
    return 1e-8 if df >= 1e5 else 1e-10


def normal_cases():
    zs = [-40, -38, -37.5, -20, -8, -3, -1, -0.5, -1e-8, 0, 1e-8, 0.5, 1, 3, 8, 20, 37.5, 38, 40]
    out = []
    for mean, sd in [(0.0, 1.0), (2.5, 0.3), (-1000.0, 50.0)]:
        xs = [mean + sd * z for z in zs]
        out.append(case(stats.norm(mean, sd), {"mean": mean, "sd": sd}, xs))
    return out


def t_cases():
    xs = [-1e10, -1e3, -50, -10, -3, -1, -0.1, -1e-6, 0, 1e-6, 0.1, 1, 3, 10, 50, 1e3, 1e10]
    return [case(stats.t(df), {"df": df}, xs, large_df_pdf_tolerance(df)) for df in [0.3, 1, 2.5, 30, 1e6]]


def chi2_cases():
    out = []
    for df in [0.5, 1, 2, 2.5, 30, 1e6]:
        xs = [1e-10, 0.01, 0.5, 1, 2, 5, 10, 30, 50, 100, 300, 1000]
        xs += [df * f for f in [0.5, 0.9, 0.99, 1, 1.01, 1.1, 2]]
        xs = sorted(set(xs))
        out.append(case(stats.chi2(df), {"df": df}, xs, large_df_pdf_tolerance(df)))
    return out


def f_cases():
    xs = [1e-8, 0.01, 0.1, 0.5, 1, 1.5, 2, 5, 10, 100, 1e4]
    pairs = [(1, 1), (2, 7), (2.5, 30), (30, 2.5), (5, 1e6), (1e6, 1e6), (10, 20)]
    return [case(stats.f(d1, d2), {"d1": d1, "d2": d2}, xs, large_df_pdf_tolerance(max(d1, d2)))
            for d1, d2 in pairs]


def special_function_cases():
    """scipy.special incomplete gamma/beta and their inverses on a log-spaced grid."""
    from scipy import special
    gamma, beta = [], []
    shapes = [1e-3, 0.1, 0.5, 1.0, 2.5, 7.0, 30.0, 150.0, 1e4, 5e5]
    for a in shapes:
        for ratio in [1e-6, 0.01, 0.3, 0.8, 0.95, 1.0, 1.05, 1.3, 2.0, 5.0, 20.0]:
            x = a * ratio
            gamma.append({"a": a, "x": x, "p": float(special.gammainc(a, x)),
                          "q": float(special.gammaincc(a, x))})
    for a in [0.05, 0.5, 1.0, 3.0, 20.0, 400.0, 5e5]:
        for b in [0.05, 0.5, 2.0, 50.0, 5e5]:
            for x in [1e-12, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999]:
                beta.append({"a": a, "b": b, "x": x, "p": float(special.betainc(a, b, x)),
                             "q": float(special.betaincc(a, b, x))})
    return {"incompleteGamma": gamma, "incompleteBeta": beta}


# ---------------------------------------------------------------- test datasets

A = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3, 6.8, 4.7, 5.9]
B = [6.3, 5.8, 7.1, 6.4, 6.9, 7.4, 6.0, 5.6, 7.9, 6.6, 7.2, 6.1]
BEFORE = [142.0, 138.5, 150.2, 147.1, 133.3, 155.0, 141.8, 139.9]
AFTER = [139.2, 137.1, 146.0, 147.9, 130.2, 150.1, 140.0, 136.4]
SMALL = [0.2, -0.4, 1.1]
# Far apart, to push p-values into the deep tail.
FAR1 = [100.0 + 0.01 * k for k in range(30)]
FAR2 = [0.05 * k for k in range(25)]


def lcg_normals(seed, n, shift=0.0):
    """Deterministic pseudo-normal data (Park-Miller LCG through the normal quantile), 4 decimals."""
    state, out = seed, []
    for _ in range(n):
        state = (state * 48271) % 2147483647
        out.append(round(float(stats.norm.ppf(state / 2147483647)) + shift, 4))
    return out


def ttest_cases():
    out = []

    def add(kind, x, y=None, popmean=0.0, equal_var=False, alternative="two-sided"):
        if kind == "one":
            r = stats.ttest_1samp(x, popmean, alternative=alternative)
        elif kind == "two":
            r = stats.ttest_ind(x, y, equal_var=equal_var, alternative=alternative)
        else:
            r = stats.ttest_rel(x, y, alternative=alternative)
        out.append({"kind": kind, "x": x, "y": y or [], "popmean": popmean, "equalVariance": equal_var,
                    "alternative": alternative, "statistic": float(r.statistic),
                    "pvalue": float(r.pvalue), "df": float(r.df)})

    for alt in ["two-sided", "less", "greater"]:
        add("one", A, popmean=5.0, alternative=alt)
        add("two", A, B, alternative=alt)
        add("two", A, B, equal_var=True, alternative=alt)
        add("paired", BEFORE, AFTER, alternative=alt)
    add("one", SMALL)
    add("one", FAR1, popmean=0.0)
    add("two", FAR1, FAR2)
    add("two", FAR1, FAR2, equal_var=True)
    add("two", [1.0], [2.0, 3.0], equal_var=True)
    return out


TABLES = {
    "2x2": [[12, 5], [7, 15]],
    "2x2_small_diff": [[10, 10], [10, 11]],
    "2x3": [[20, 15, 30], [25, 35, 10]],
    "3x4": [[8, 12, 9, 15], [14, 7, 11, 6], [5, 9, 13, 10]],
    "1x3": [[4, 5, 6]],
    "2x2_strong": [[500, 3], [2, 480]],
}


def chi2_cases_tests():
    out = []
    for name, table in TABLES.items():
        for correction in [True, False]:
            r = stats.chi2_contingency(np.array(table, dtype=float), correction=correction)
            out.append({"name": name, "table": [[float(v) for v in row] for row in table],
                        "correction": correction, "statistic": float(r.statistic),
                        "pvalue": float(r.pvalue), "dof": int(r.dof),
                        "expected": [[float(v) for v in row] for row in r.expected_freq]})
    return out


def ks_cases():
    samples = {
        "unequal": (A, B),
        "equal_sizes": (BEFORE, AFTER),
        "ties": ([1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0], [2.0, 3.0, 3.0, 5.0, 5.0]),
        "disjoint": (FAR1, FAR2),
        "medium": (lcg_normals(7, 300), lcg_normals(11, 420, shift=0.2)),
        "medium_equal": (lcg_normals(13, 250), lcg_normals(17, 250, shift=0.3)),
        "large_asymptotic": (lcg_normals(19, 10050), lcg_normals(23, 10020, shift=0.02)),
        "large_asymptotic_far": (lcg_normals(29, 10001), lcg_normals(31, 12000, shift=0.1)),
        # One huge and one small sample: asymptotic with n = round(en) = 60 (Durbin/Pomeranz).
        "unbalanced_asymptotic": (lcg_normals(37, 10400), lcg_normals(41, 60, shift=0.25)),
        "unbalanced_asymptotic_close": (lcg_normals(43, 10400), lcg_normals(47, 60)),
    }
    out = []
    for name, (x, y) in samples.items():
        for method in ["auto", "exact", "asymp"]:
            if method != "auto" and len(x) + len(y) > 2000:
                continue
            r = stats.ks_2samp(x, y, method=method)
            out.append({"name": name, "method": method, "x": x, "y": y, "statistic": float(r.statistic),
                        "pvalue": float(r.pvalue)})
    return out


def kolmogorov_cases():
    """scipy.stats.kstwo.sf on a grid crossing all of scipy's algorithm regions."""
    out = []
    for n in [1, 2, 5, 50, 140, 141, 1000, 5000, 20000, 200000]:
        for z in [0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.2, 1.4, 1.6, 2.0, 3.0, 5.0, 8.0]:
            d = z / math.sqrt(n)
            if d < 1:
                out.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    return out


def write(name, payload, indent=1):
    payload = {"generator": f"scipy {scipy.__version__}, numpy {np.__version__}", **payload}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=indent, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    write("distributions.json", {"normal": normal_cases(), "studentT": t_cases(),
                                 "chiSquared": chi2_cases(), "fisherF": f_cases(),
                                 **special_function_cases()})
    write("hypothesis_tests.json", {"tTests": ttest_cases(), "chiSquareIndependence": chi2_cases_tests(),
                                    "kolmogorovSmirnov": ks_cases(),
                                    "kolmogorovSurvival": kolmogorov_cases()}, indent=None)
