"""The iris model served the way Python users serve one: scikit-learn behind FastAPI on uvicorn.

The peer of `mlx serve` in dev/bench-serve. It fits what scripts/iris_logistic.mlx
fits, on the same training rows: the mlx bundle's model.json records the rows its
preprocessing was fitted on (row keys whose low 32 bits are row numbers in
datasets/iris.csv), so the split is read from there rather than re-drawn. The
pipeline is StandardScaler then LogisticRegression(C=1, max_iter=200), as the
script's `standardize` and `train logistic ... with c = 1, max_iter = 200`.

POST /predict takes {"rows": [{...}, ...]} and answers like mlx serve:
{"predictions": [...], "probabilities": [{"setosa": ...}, ...], "model": "iris", "version": 1}.

Environment: MLX_BENCH_BUNDLE (the bundle folder), MLX_BENCH_DATA (iris.csv).
Run: uvicorn serve_fastapi:app --app-dir Benchmarks --workers 2
"""
import csv
import json
import os

import numpy as np
from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def training_rows(bundle):
    """Row numbers of the rows the mlx model's preprocessing was fitted on (its training split)."""
    with open(os.path.join(bundle, "model.json")) as file:
        ranges = json.load(file)["preprocessing"]["fittedRows"]
    return sorted({key & 0xFFFFFFFF for low, high in ranges for key in range(low, high + 1)})


def fit(bundle, data):
    with open(data) as file:
        rows = list(csv.DictReader(file))
    chosen = [rows[i] for i in training_rows(bundle)]
    x = np.array([[float(row[name]) for name in FEATURES] for row in chosen])
    y = np.array([row["species"] for row in chosen])
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=200)).fit(x, y)


PIPELINE = fit(os.environ["MLX_BENCH_BUNDLE"], os.environ["MLX_BENCH_DATA"])
CLASSES = PIPELINE.classes_
CLASS_NAMES = CLASSES.tolist()


class Row(BaseModel):
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


class Batch(BaseModel):
    rows: list[Row]


app = FastAPI()


@app.post("/predict")
def predict(batch: Batch):
    x = np.array([[row.sepal_length, row.sepal_width, row.petal_length, row.petal_width] for row in batch.rows])
    probabilities = PIPELINE.predict_proba(x)
    return {
        "predictions": CLASSES[probabilities.argmax(axis=1)].tolist(),
        "probabilities": [dict(zip(CLASS_NAMES, row)) for row in probabilities.tolist()],
        "model": "iris",
        "version": 1,
    }
