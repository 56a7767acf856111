"""scikit-learn side of mlx-learn-bench: a line protocol on stdin/stdout.

The Swift driver (Benchmarks/LearningBenchmark) generates every data set,
writes it once as raw float64 and sends one command per line; every command
gets exactly one reply line ("ok ..." or "error ..."), so the driver can
interleave scikit-learn fits with its own on the same bytes.

    load NAME PATH ROWS COLS  raw little-endian float64, column-major (order='F')
    time WORKLOAD             fit once; reply "ok SECONDS"
    quality WORKLOAD          reply "ok VALUE" for the last fit (accuracy, R², inertia)
    clear                     drop all arrays and the last model
    info                      versions and BLAS (threadpoolctl) as JSON
    quit

Arrays a workload uses: X, y (codes or values), and where there is one a test
set Xt, yt; kmeans also gets C, the initial centres.
"""

import json
import os
import platform
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_info

arrays = {}
last = {}


def codes(name):
    return arrays[name][:, 0].astype(np.int64)


# Each workload fits (timed) and returns what `quality` needs (untimed).
# Parameters mirror the Swift side's; see Benchmarks/LearningBenchmark/Workloads.swift.
def fit_linear():
    return LinearRegression().fit(arrays["X"], arrays["y"][:, 0])


def fit_logistic():
    return LogisticRegression(C=1.0, solver="lbfgs", max_iter=100).fit(arrays["X"], codes("y"))


def fit_kmeans():
    return KMeans(n_clusters=5, init=arrays["C"], n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd").fit(arrays["X"])


def fit_knn():
    # Brute force fits nothing; the work is in predict, so both are timed.
    model = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(arrays["X"], codes("y"))
    return model, model.predict(arrays["Xt"])


def fit_tree():
    return DecisionTreeClassifier(max_depth=10, random_state=0).fit(arrays["X"], codes("y"))


def fit_forest():
    return RandomForestClassifier(n_estimators=100, max_depth=10, n_jobs=2, random_state=0).fit(arrays["X"], codes("y"))


def fit_mlp():
    # One epoch: scikit-learn warns that it did not converge, which is the point.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return MLPClassifier(hidden_layer_sizes=(100,), solver="adam", batch_size=200, max_iter=1,
                             learning_rate_init=0.001, alpha=1e-4, random_state=0).fit(arrays["X"], codes("y"))


def accuracy(model):
    return float(np.mean(model.predict(arrays["Xt"]) == codes("yt")))


FITS = {
    "linear": (fit_linear, lambda m: float(m.score(arrays["X"], arrays["y"][:, 0]))),
    "logistic": (fit_logistic, accuracy),
    "kmeans": (fit_kmeans, lambda m: float(m.inertia_)),
    "knn": (fit_knn, lambda r: float(np.mean(r[1] == codes("yt")))),
    "tree": (fit_tree, accuracy),
    "forest": (fit_forest, accuracy),
    "mlp": (fit_mlp, accuracy),
}


def load(name, path, rows, cols):
    flat = np.fromfile(path, dtype="<f8", count=int(rows) * int(cols))
    arrays[name] = flat.reshape((int(rows), int(cols)), order="F")
    return "ok"


def time_fit(workload):
    fit = FITS[workload][0]
    last.clear()
    start = time.perf_counter()
    model = fit()
    elapsed = time.perf_counter() - start
    last["model"] = model
    return f"ok {elapsed!r}"


def quality(workload):
    return f"ok {FITS[workload][1](last['model'])!r}"


def info():
    return "ok " + json.dumps({
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "python": platform.python_version(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "blas": [
            {key: lib.get(key) for key in ("internal_api", "version", "architecture", "num_threads", "threading_layer")}
            for lib in threadpool_info()
            if lib.get("user_api") == "blas"
        ],
    })


def clear():
    arrays.clear()
    last.clear()
    return "ok"


COMMANDS = {"load": load, "time": time_fit, "quality": quality, "clear": clear, "info": info}


def main():
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            reply = COMMANDS[words[0]](*words[1:])
        except Exception as error:  # report, keep serving: the driver decides
            reply = "error " + repr(error).replace("\n", " ")
        print(reply, flush=True)


if __name__ == "__main__":
    main()
