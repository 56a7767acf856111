"""Regenerates learning.json: reference fits for the Learning tests.

OLS on the shipped diabetes data (all ten features plus an intercept), solved
by numpy in extended precision-independent form: coefficients from
numpy.linalg.lstsq, standard errors from sigma^2 (X^T X)^-1, R^2.
Run from this folder: python3 make_learning_references.py
"""
import csv
import json

import numpy as np

rows = list(csv.reader(open("../../../datasets/diabetes.csv")))
header, data = rows[0], np.array(rows[1:], dtype=float)
X, y = data[:, :10], data[:, 10]
design = np.column_stack([np.ones(len(y)), X])
beta, rss, rank, _ = np.linalg.lstsq(design, y, rcond=None)
dof = len(y) - design.shape[1]
sigma2 = rss[0] / dof
errors = np.sqrt(np.diag(sigma2 * np.linalg.inv(design.T @ design)))
r2 = 1 - rss[0] / np.sum((y - y.mean()) ** 2)
json.dump({"ols_diabetes": {
    "features": header[:10], "intercept": beta[0], "coefficients": list(beta[1:]),
    "intercept_se": errors[0], "standard_errors": list(errors[1:]), "r_squared": r2, "df": dof,
}}, open("learning.json", "w"), indent=1)
