"""Regenerates linalg.json: numpy's answers for the linear-algebra tests.

Run from this folder with numpy installed: python3 make_linalg_references.py
Matrices are written out in full (row lists) so the Swift tests need no RNG.
"""
import json

import numpy as np

rng = np.random.default_rng(20261125)


def rows(m):
    return [[float(v) for v in row] for row in np.atleast_2d(m)]


def case(name, a, b=None):
    a = np.asarray(a, dtype=float)
    entry = {"name": name, "a": rows(a)}
    if a.shape[0] == a.shape[1]:
        entry["det"] = float(np.linalg.det(a))
        entry["inverse"] = rows(np.linalg.inv(a))
        if b is not None:
            entry["b"] = rows(b)
            entry["solve"] = rows(np.linalg.solve(a, b))
    entry["singular_values"] = [float(s) for s in np.linalg.svd(a, compute_uv=False)]
    entry["rank"] = int(np.linalg.matrix_rank(a))
    entry["cond"] = float(np.linalg.cond(a))
    entry["pinv"] = rows(np.linalg.pinv(a))
    if a.shape[0] == a.shape[1] and np.allclose(a, a.T):
        entry["eigenvalues"] = [float(v) for v in np.linalg.eigvalsh(a)]
        if np.all(np.linalg.eigvalsh(a) > 0):
            entry["cholesky"] = rows(np.linalg.cholesky(a))
    return entry


square = rng.normal(size=(5, 5))
spd = square @ square.T + 5 * np.eye(5)
tall = rng.normal(size=(8, 3))
wide = rng.normal(size=(3, 6))
hilbert = np.array([[1.0 / (i + j + 1) for j in range(6)] for i in range(6)])
cases = [
    case("general 5x5", square, rng.normal(size=(5, 2))),
    case("spd 5x5", spd, rng.normal(size=(5, 1))),
    case("hilbert 6x6", hilbert, np.ones((6, 1))),
    case("1x1", [[3.5]], [[7.0]]),
    case("tall 8x3", tall),
    case("wide 3x6", wide),
]

lstsq_a = rng.normal(size=(30, 4))
lstsq_b = rng.normal(size=(30, 2))
coef, rss, rank, sv = np.linalg.lstsq(lstsq_a, lstsq_b, rcond=None)
wide_b = rng.normal(size=(3, 1))
wide_coef = np.linalg.lstsq(wide, wide_b, rcond=None)[0]
deficient = np.column_stack([tall, tall[:, 0] + tall[:, 1]])
deficient_b = rng.normal(size=(8, 1))
deficient_coef = np.linalg.lstsq(deficient, deficient_b, rcond=None)[0]

product_a = rng.normal(size=(7, 5))
product_b = rng.normal(size=(5, 4))

def signed(vectors):
    """Each column flipped so its largest-magnitude entry is positive, as mlx's eig does."""
    for j in range(vectors.shape[1]):
        if vectors[np.argmax(np.abs(vectors[:, j])), j] < 0:
            vectors[:, j] = -vectors[:, j]
    return vectors


def general_eigen(a):
    a = np.asarray(a, dtype=float)
    values, vectors = np.linalg.eig(a)
    assert np.all(values.imag == 0)
    order = np.argsort(values.real, kind="stable")
    return {"a": rows(a), "eigenvalues": [float(v) for v in values.real[order]], "eigenvectors": rows(signed(vectors.real[:, order]))}


similar = rng.normal(size=(4, 4))
general_eigen_cases = [
    general_eigen(similar @ np.diag([3.0, -2.0, 0.5, 1.0]) @ np.linalg.inv(similar)),
    general_eigen([[2.0, 1.0], [0.0, 3.0]]),
    general_eigen([[4.0, 1.0, 2.0], [0.5, 3.0, 1.0], [0.0, 0.25, 1.0]]),
]

json.dump(
    {
        "cases": cases,
        "general_eigen": general_eigen_cases,
        "lstsq": {"a": rows(lstsq_a), "b": rows(lstsq_b), "coefficients": rows(coef), "rss": [float(v) for v in rss], "rank": int(rank)},
        "lstsq_wide": {"a": rows(wide), "b": rows(wide_b), "coefficients": rows(wide_coef)},
        "lstsq_deficient": {"a": rows(deficient), "b": rows(deficient_b), "coefficients": rows(deficient_coef), "rank": int(np.linalg.matrix_rank(deficient))},
        "product": {"a": rows(product_a), "b": rows(product_b), "ab": rows(product_a @ product_b), "atb": rows(product_a.T @ product_a)},
    },
    open("linalg.json", "w"),
    indent=1,
)
