"""Reference values for Tests/TablesTests/Preprocessing*Tests.swift and Split*Tests.swift.

Run with scikit-learn installed (python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install
scikit-learn), from this directory:  /tmp/skvenv/bin/python make_preprocessing_references.py
Writes preprocessing.json. NaN is written as null (JSON has no NaN).
"""
import json
import math
import warnings

import numpy as np
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.preprocessing import (KBinsDiscretizer, MinMaxScaler, OneHotEncoder,
                                   PolynomialFeatures, StandardScaler)

warnings.simplefilter("ignore")

A = [1.0, 2.5, math.nan, 4.0, 10.0, -3.0, 2.5, 7.25]
B = [0.5] * 8
C = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]
CAT = ["x", "y", "x", "z", "y", "x", "w", "y"]
TEST_A = [0.0, 12.0, math.nan, 2.5]
TEST_C = [0.0, 4.5, 9.0, 20.0]
TEST_CAT = ["y", "q", "w", "x"]


def clean(values):
    return [None if isinstance(v, float) and math.isnan(v) else float(v) for v in np.ravel(values)]


def columns(matrix):
    return [clean(matrix[:, j]) for j in range(matrix.shape[1])]


def scaler(make):
    X = np.column_stack([A, B, C])
    test = np.column_stack([TEST_A, [0.5, 1.0, 0.0, 0.5], TEST_C])
    s = make().fit(X)
    return {"train": columns(s.transform(X)), "test": columns(s.transform(test))}


def imputation():
    a = np.array(A).reshape(-1, 1)
    c = np.array([1.0, math.nan, 3.0, 3.0, 1.0, 2.0, 2.0, math.nan]).reshape(-1, 1)
    cat = np.array(["b", None, "a", "b", "a", None, "c", "c"], dtype=object).reshape(-1, 1)
    imp = lambda X, **kw: SimpleImputer(**kw).fit(X)
    return {
        "mean": float(imp(a, strategy="mean").statistics_[0]),
        "median": float(imp(a, strategy="median").statistics_[0]),
        "mostFrequentValues": clean(c),
        "mostFrequent": float(imp(c, strategy="most_frequent").statistics_[0]),
        "mostFrequentCategory": imp(cat, strategy="most_frequent", missing_values=None).statistics_[0],
    }


def one_hot():
    enc = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(np.array(CAT, dtype=object).reshape(-1, 1))
    return {
        "names": [n.replace("x0_", "cat=") for n in enc.get_feature_names_out()],
        "test": columns(enc.transform(np.array(TEST_CAT, dtype=object).reshape(-1, 1))),
    }


def polynomial(degree, interaction_only):
    X = np.column_stack([C, [v if not math.isnan(v) else 0.0 for v in A], B])
    p = PolynomialFeatures(degree=degree, interaction_only=interaction_only, include_bias=False).fit(X)
    names = [n.replace(" ", "*").replace("x0", "c").replace("x1", "a").replace("x2", "b") for n in p.get_feature_names_out()]
    return {"degree": degree, "interactionOnly": interaction_only, "names": names, "values": columns(p.transform(X))}


def bins(strategy, n_bins, data):
    X = np.array(data).reshape(-1, 1)
    kb = KBinsDiscretizer(n_bins=n_bins, strategy=strategy, encode="ordinal").fit(X)
    return {
        "strategy": strategy, "binCount": n_bins, "values": clean(data), "edges": clean(kb.bin_edges_[0]),
        "test": clean(TEST_C), "testBins": clean(kb.transform(np.array(TEST_C).reshape(-1, 1))),
    }


def splits():
    sizes = []
    for n in [5, 10, 29, 30, 100, 150, 151]:
        for f in [0.5, 0.7, 0.75, 0.8, 0.9, 0.33]:
            train, test = train_test_split(list(range(n)), train_size=f, random_state=0)
            sizes.append({"n": n, "fraction": f, "train": len(train), "test": len(test)})
    labels = list("aabbbbcccccccdaabbcb")
    skf = [list(map(int, t)) for _, t in StratifiedKFold(n_splits=3).split(np.zeros(len(labels)), labels)]
    kf = [list(map(int, t)) for _, t in KFold(n_splits=4).split(np.zeros(11))]
    return {"trainTestSizes": sizes, "stratifiedLabels": labels, "stratifiedKFoldTests": skf, "kFoldTests": kf}


references = {
    "sklearnVersion": sklearn.__version__,
    "a": clean(A), "b": B, "c": C, "cat": CAT,
    "testA": clean(TEST_A), "testC": TEST_C, "testCat": TEST_CAT,
    "standardize": scaler(StandardScaler),
    "minMax": scaler(MinMaxScaler),
    "imputation": imputation(),
    "oneHot": one_hot(),
    "polynomial": [polynomial(2, False), polynomial(3, False), polynomial(3, True)],
    "bins": [bins("uniform", 3, C), bins("quantile", 3, C), bins("quantile", 4, C), bins("uniform", 4, [x for x in A if not math.isnan(x)])],
    "splits": splits(),
}

with open("preprocessing.json", "w") as f:
    json.dump(references, f, indent=1)
    f.write("\n")
