"""Regenerates sklearn.json: scikit-learn fits the linear-model tests compare with.

Features are standardised with numpy's population standard deviation
((X - mean) / std, ddof=0) so that the penalties bite; the Swift tests
standardise the same way. Targets are left as they are.

Run: python3 make_sklearn_references.py [OUTPUT]   (default sklearn.json beside
this file; "-" writes to standard output, which the live test uses).
Needs the scikit-learn pinned in dev/requirements-test.txt.
"""
import csv
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.join(HERE, "..", "..", "..", "datasets")


def load(name, numeric_target):
    rows = list(csv.reader(open(os.path.join(DATASETS, name))))
    header, body = rows[0], rows[1:]
    X = np.array([r[:-1] for r in body], dtype=float)
    y = np.array([r[-1] for r in body], dtype=float if numeric_target else object)
    return header[:-1], (X - X.mean(axis=0)) / X.std(axis=0), y


def regression(model, X, y, **extra):
    model.fit(X, y)
    out = {"coefficients": model.coef_.tolist(), "intercept": float(model.intercept_)}
    if hasattr(model, "dual_gap_"):
        out.update(n_iter=int(model.n_iter_), dual_gap=float(model.dual_gap_))
    return {**extra, **out}


def logistic(X, y, C):
    model = LogisticRegression(C=C, tol=1e-10, max_iter=10000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a convergence warning would make the reference worthless
        model.fit(X, y)
    classes = list(model.classes_)
    return {
        "C": C, "classes": classes, "coefficients": model.coef_.tolist(), "intercepts": model.intercept_.tolist(),
        "predicted": [classes.index(c) for c in model.predict(X)],
    }


def main():
    _, X, y = load("diabetes.csv", True)
    references = {
        "sklearn": sklearn.__version__,
        "ridge_diabetes_alpha1": regression(Ridge(alpha=1.0), X, y, alpha=1.0),
        "lasso_diabetes_alpha0.1": regression(Lasso(alpha=0.1), X, y, alpha=0.1),
        "lasso_diabetes_alpha1": regression(Lasso(alpha=1.0), X, y, alpha=1.0),
        "lasso_diabetes_alpha0.1_tight": regression(Lasso(alpha=0.1, tol=1e-12, max_iter=100000), X, y, alpha=0.1),
        "elastic_net_diabetes_alpha0.5_l1_ratio0.3": regression(ElasticNet(alpha=0.5, l1_ratio=0.3), X, y, alpha=0.5, l1_ratio=0.3),
    }
    _, X, y = load("breast_cancer.csv", False)
    references["logistic_breast_cancer_C1"] = logistic(X, y, 1.0)
    references["logistic_breast_cancer_C0.1"] = logistic(X, y, 0.1)
    _, X, y = load("iris.csv", False)
    references["logistic_iris_C1"] = logistic(X, y, 1.0)
    references["logistic_iris_C10"] = logistic(X, y, 10.0)
    _, X, y = load("wine.csv", False)
    references["logistic_wine_C1"] = logistic(X, y, 1.0)
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "sklearn.json")
    text = json.dumps(references, indent=1)
    if output == "-":
        sys.stdout.write(text)
    else:
        open(output, "w").write(text + "\n")


main()
