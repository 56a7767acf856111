#!/usr/bin/env python3
"""Regenerate the CSV files in this folder from the PyPI wheels that ship them.

Usage:
    pip download --no-deps -d /tmp/wheels scikit-learn==1.9.1 palmerpenguins==0.1.6
    python3 datasets/make_datasets.py /tmp/wheels/scikit_learn-1.9.1-*.whl \
        /tmp/wheels/palmerpenguins-0.1.6-py3-none-any.whl [--out DIR] [--check]

The wheels are read as zip files; nothing is installed. Only the Python
standard library is used. Number texts are copied token for token from the
source files; the only rewrites are:

  * iris, wine, breast cancer: sklearn's first line (row count, column count,
    class names) is replaced by a header of column names, and the integer class
    code in the last column by the class name that sklearn's first line gives
    for that code;
  * diabetes: the space-separated features become comma-separated, and the
    target, shipped as numpy "%.18e" text (e.g. 1.510000000000000000e+02), is
    written as the integer it equals exactly (151); the script refuses to run
    if any target value is not an exact integer;
  * penguins: the field value NA becomes an empty field.

Output: UTF-8, LF line endings, comma-delimited, header row, final newline.
With --check nothing is written; the script compares what it would write with
the files in --out and exits 1 on any difference.
"""

import argparse
import gzip
import os
import sys
import zipfile

SK = "sklearn/datasets/data/"
PENGUINS = "palmerpenguins/data/penguins.csv"

IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
IRIS_CLASSES = ["setosa", "versicolor", "virginica"]

WINE_COLUMNS = [
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
    "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
    "color_intensity", "hue", "od280_od315_of_diluted_wines", "proline", "class",
]
WINE_CLASSES = ["class_0", "class_1", "class_2"]

_BC_FEATURES = [
    "radius", "texture", "perimeter", "area", "smoothness", "compactness",
    "concavity", "concave_points", "symmetry", "fractal_dimension",
]
# sklearn's names: "mean radius" ... , "radius error" ... , "worst radius" ...
BREAST_CANCER_COLUMNS = (
    ["mean_" + f for f in _BC_FEATURES]
    + [f + "_error" for f in _BC_FEATURES]
    + ["worst_" + f for f in _BC_FEATURES]
    + ["diagnosis"]
)
# sklearn: target 0 = malignant, 1 = benign (taken from the file's first line,
# checked against this).
BREAST_CANCER_CLASSES = ["malignant", "benign"]

DIABETES_COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]

PENGUINS_COLUMNS = [
    "species", "island", "bill_length_mm", "bill_depth_mm",
    "flipper_length_mm", "body_mass_g", "sex", "year",
]


def fail(msg):
    sys.exit("make_datasets.py: " + msg)


def read_text(zf, name):
    data = zf.read(name)
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    text = data.decode("utf-8")
    if "\r" in text:
        fail(f"{name}: unexpected CR characters")
    return text.splitlines()


def check_token(tok, where):
    if tok == "" or tok != tok.strip() or any(c in tok for c in ',"\n'):
        fail(f"{where}: unexpected field {tok!r}")
    float(tok)  # must parse as a number


def sklearn_classified(zf, filename, columns, expected_classes):
    """sklearn's load_csv_data format: first line 'n_samples,n_features,names...'."""
    lines = read_text(zf, SK + filename)
    first = lines[0].split(",")
    n_rows, n_features = int(first[0]), int(first[1])
    class_names = first[2:]
    if class_names != expected_classes:
        fail(f"{filename}: class names {class_names} != {expected_classes}")
    if n_features != len(columns) - 1:
        fail(f"{filename}: {n_features} features, expected {len(columns) - 1}")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != n_features + 1:
            fail(f"{filename} line {i}: {len(fields)} fields")
        for tok in fields[:-1]:
            check_token(tok, f"{filename} line {i}")
        rows.append(fields[:-1] + [class_names[int(fields[-1])]])
    if len(rows) != n_rows:
        fail(f"{filename}: {len(rows)} rows, header says {n_rows}")
    return [columns] + rows


def diabetes(zf):
    data = read_text(zf, SK + "diabetes_data_raw.csv.gz")
    target = read_text(zf, SK + "diabetes_target.csv.gz")
    if len(data) != len(target):
        fail("diabetes: data and target row counts differ")
    rows = []
    for i, (line, t) in enumerate(zip(data, target), start=1):
        fields = line.split(" ")
        if len(fields) != 10:
            fail(f"diabetes line {i}: {len(fields)} fields")
        for tok in fields:
            check_token(tok, f"diabetes_data_raw line {i}")
        value = float(t)
        if value != int(value):
            fail(f"diabetes_target line {i}: {t!r} is not an integer")
        rows.append(fields + [str(int(value))])
    return [DIABETES_COLUMNS] + rows


def penguins(zf):
    lines = read_text(zf, PENGUINS)
    header = lines[0].split(",")
    if header != PENGUINS_COLUMNS:
        fail(f"penguins: header {header}")
    rows = [header]
    for i, line in enumerate(lines[1:], start=2):
        if '"' in line:
            fail(f"penguins line {i}: quoted field")
        fields = line.split(",")
        if len(fields) != len(header):
            fail(f"penguins line {i}: {len(fields)} fields")
        rows.append(["" if f == "NA" else f for f in fields])
    return rows


def render(rows):
    return "".join(",".join(r) + "\n" for r in rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sklearn_wheel")
    ap.add_argument("penguins_wheel")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--check", action="store_true",
                    help="compare with the files in --out instead of writing")
    args = ap.parse_args()

    with zipfile.ZipFile(args.sklearn_wheel) as zf:
        outputs = {
            "iris.csv": sklearn_classified(zf, "iris.csv", IRIS_COLUMNS, IRIS_CLASSES),
            "wine.csv": sklearn_classified(zf, "wine_data.csv", WINE_COLUMNS, WINE_CLASSES),
            "breast_cancer.csv": sklearn_classified(
                zf, "breast_cancer.csv", BREAST_CANCER_COLUMNS, BREAST_CANCER_CLASSES),
            "diabetes.csv": diabetes(zf),
        }
    with zipfile.ZipFile(args.penguins_wheel) as zf:
        outputs["penguins.csv"] = penguins(zf)

    status = 0
    for name, rows in outputs.items():
        text = render(rows)
        path = os.path.join(args.out, name)
        summary = f"{name}: {len(rows) - 1} rows x {len(rows[0])} columns"
        if args.check:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    same = f.read() == text
            except FileNotFoundError:
                same = False
            print(summary, "OK" if same else "DIFFERS")
            status |= not same
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print(summary, "->", path)
    return status


if __name__ == "__main__":
    sys.exit(main())
