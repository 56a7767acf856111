"""Regenerates mlp.json: scikit-learn MLPClassifier accuracies for the MLP tests.

Needs scikit-learn 1.9.1 (dev/requirements-test.txt). Run from this folder:
../../../.venv/bin/python make_mlp_references.py

Stochastic training cannot be matched weight for weight across libraries, so
the reference is held-out accuracy: one fixed stratified split per dataset
(train_test_split, test_size 0.3, random_state 0, row indices written out),
features standardised with the training rows' mean and population standard
deviation, and MLPClassifier with one hidden layer of 100 units (the
default of both), Adam, alpha 1e-4, batch_size min(200, n),
learning_rate_init 0.001 and max_iter 200 — the defaults the Swift `mlp`
shares — over ten random_states (seed0, min, max, mean).
"""
import csv
import json
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

HIDDEN = 100


def load(name):
    rows = list(csv.reader(open(f"../../../datasets/{name}.csv")))
    x = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
    labels = sorted(set(r[-1] for r in rows[1:]))
    y = np.array([labels.index(r[-1]) for r in rows[1:]])
    return x, y


out = {"sklearn_version": __import__("sklearn").__version__, "hidden": HIDDEN, "classification": {}}
warnings.simplefilter("ignore", ConvergenceWarning)
for name in ["iris", "breast_cancer"]:
    x, y = load(name)
    train, test = train_test_split(np.arange(len(y)), test_size=0.3, random_state=0, stratify=y)
    mean, sd = x[train].mean(axis=0), x[train].std(axis=0)
    z = (x - mean) / sd
    values = []
    for seed in range(10):
        model = MLPClassifier(hidden_layer_sizes=(HIDDEN,), solver="adam", alpha=1e-4, max_iter=200, random_state=seed)
        model.fit(z[train], y[train])
        values.append(float(np.mean(model.predict(z[test]) == y[test])))
    out["classification"][name] = {
        "train": train.tolist(), "test": test.tolist(),
        "accuracy": {"seed0": values[0], "min": min(values), "max": max(values), "mean": float(np.mean(values))},
    }

with open("mlp.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
