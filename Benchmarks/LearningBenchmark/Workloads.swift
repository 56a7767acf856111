import Learning
import Numerics

/// The workloads, in the order they run. The hyper-parameters here and in
/// `Benchmarks/sklearn_worker.py` must say the same thing.
let workloads: [Workload] = [
    Workload(
        name: "linear", title: "OLS 1,000,000×20",
        sklearn: "LinearRegression()", mlxCall: "linear",
        quality: "R²", higherIsBetter: true, tolerance: 1e-9, samples: 5,
        data: { Synthetic.regression(rows: 1_000_000, columns: 20, seed: 1) },
        fit: { d in
            try fitted(LinearRegression(options([:], "linear")), training(d, numeric: true))
        },
        score: { model, _ in (model as! LinearRegression.Fitted).rSquared }),
    Workload(
        name: "logistic", title: "logistic 200,000×20, 3 classes",
        sklearn: "LogisticRegression(C=1, lbfgs)", mlxCall: "logistic c=1",
        quality: "accuracy", higherIsBetter: true, tolerance: 5e-4, samples: 5,
        data: {
            let (x, y) = Synthetic.linearClasses(rows: 200_000, columns: 20, classes: 3, seed: 10, weightSeed: 12)
            let (xt, yt) = Synthetic.linearClasses(rows: 50_000, columns: 20, classes: 3, seed: 20, weightSeed: 12)
            return ["X": x, "y": y, "Xt": xt, "yt": yt]
        },
        fit: { d in
            try fitted(LogisticRegression(options(["c": .number(1)], "logistic")), training(d))
        },
        score: { model, d in try accuracy(model as! LogisticRegression.Fitted, d) }),
    Workload(
        name: "kmeans", title: "k-means k=5, 100,000×8",
        sklearn: "KMeans(5, init=C, n_init=1)", mlxCall: "kmeans k=5, same initial centres",
        quality: "inertia", higherIsBetter: false, tolerance: 1e-9, samples: 7,
        data: {
            let (x, _) = Synthetic.blobs(rows: 100_000, columns: 8, centres: 5, spread: 3, seed: 30, centreSeed: 31)
            // The first five rows start both sides: no k-means++ draws to match.
            return ["X": x, "C": try! x.submatrix(rows: 0..<5, columns: 0..<8)]
        },
        fit: { d in
            var kmeans = try KMeans(options(["k": .number(5), "n_init": .number(1), "max_iter": .number(300), "tol": .number(1e-4)], "kmeans"))
            kmeans.initialCentres = d["C"]!
            return try fitted(kmeans, training(d, target: false))
        },
        score: { model, _ in (model as! KMeans.Fitted).inertia }),
    Workload(
        name: "knn", title: "k-NN k=5, 10,000 queries × 50,000×8",
        sklearn: "KNeighborsClassifier(5, brute)", mlxCall: "knn k=5, fit + predict",
        quality: "accuracy", higherIsBetter: true, tolerance: 1e-9, samples: 5,
        data: {
            let (x, y) = Synthetic.blobs(rows: 50_000, columns: 8, centres: 3, spread: 1.5, seed: 40, centreSeed: 41)
            let (xt, yt) = Synthetic.blobs(rows: 10_000, columns: 8, centres: 3, spread: 1.5, seed: 42, centreSeed: 41)
            return ["X": x, "y": y, "Xt": xt, "yt": yt]
        },
        fit: { d in
            let model = try fitted(KNearestNeighbors(options(["k": .number(5)], "knn")), training(d))
            return try model.predict(d["Xt"]!)
        },
        score: { prediction, d in accuracy(prediction as! Prediction, d["yt"]!) }),
    Workload(
        name: "tree", title: "tree depth 10, 200,000×20",
        sklearn: "DecisionTreeClassifier(max_depth=10)", mlxCall: "tree max_depth=10",
        quality: "accuracy", higherIsBetter: true, tolerance: 2e-3, samples: 3,
        data: treeData,
        fit: { d in
            try fitted(DecisionTreeClassifier(options(["max_depth": .number(10)], "tree")), training(d))
        },
        score: { model, d in try accuracy(model as! DecisionTreeClassifier.Fitted, d) }),
    Workload(
        name: "forest", title: "forest 100 trees depth 10, 200,000×20",
        sklearn: "RandomForestClassifier(100, max_depth=10, n_jobs=2)", mlxCall: "forest n_trees=100 max_depth=10 (2 threads)",
        quality: "accuracy", higherIsBetter: true, tolerance: 2e-3, samples: 3,
        data: treeData,
        fit: { d in
            try fitted(RandomForest(options(["n_trees": .number(100), "max_depth": .number(10)], "forest")), training(d))
        },
        score: { model, d in try accuracy(model as! RandomForest.Fitted, d) }),
    Workload(
        name: "mlp", title: "MLP one epoch, 200,000×20, 3 classes",
        sklearn: "MLPClassifier((100,), adam, batch 200, max_iter=1)", mlxCall: "mlp hidden=100 max_iter=1",
        // One epoch from different random initial weights: accuracies agree only roughly.
        quality: "accuracy", higherIsBetter: true, tolerance: 2e-2, samples: 5,
        data: {
            let (x, y) = Synthetic.linearClasses(rows: 200_000, columns: 20, classes: 3, seed: 10, weightSeed: 12)
            let (xt, yt) = Synthetic.linearClasses(rows: 50_000, columns: 20, classes: 3, seed: 20, weightSeed: 12)
            return ["X": x, "y": y, "Xt": xt, "yt": yt]
        },
        fit: { d in
            try fitted(MultilayerPerceptron(options(["hidden": .number(100), "max_iter": .number(1), "batch_size": .number(200)], "mlp")), training(d))
        },
        score: { model, d in try accuracy(model as! MultilayerPerceptron.Fitted, d) }),
]

/// The tree and forest data: 200,000 training rows, 50,000 test rows.
@Sendable private func treeData() -> [String: Matrix] {
    let (x, y) = Synthetic.nonlinearClasses(rows: 200_000, columns: 20, seed: 50)
    let (xt, yt) = Synthetic.nonlinearClasses(rows: 50_000, columns: 20, seed: 60)
    return ["X": x, "y": y, "Xt": xt, "yt": yt]
}

/// Fits with a fresh generator: the same draws in every sample.
private func fitted<E: Estimator>(_ estimator: E, _ data: TrainingData) throws -> E.Fitted {
    var random = RandomGenerator(seed: 7)
    return try estimator.fit(data, random: &random)
}

private func options(_ values: [String: Hyperparameters.Value], _ estimator: String) -> Hyperparameters {
    Hyperparameters(values, estimator: estimator)
}

/// X with y as class codes (labels "0", "1", …), or as numbers, or no target.
/// Built inside the timed fit: scikit-learn validates its input inside `fit` too.
private func training(_ d: [String: Matrix], numeric: Bool = false, target: Bool = true) throws -> TrainingData {
    let x = d["X"]!
    let names = (0..<x.columns).map { "x\($0)" }
    guard target, let y = d["y"] else { return try TrainingData(features: x, featureNames: names, target: nil) }
    if numeric { return try TrainingData(features: x, featureNames: names, target: .numeric(Vector(y.storage))) }
    let codes = y.storage.map { Int($0) }
    let labels = (0...(codes.max() ?? 0)).map(String.init)
    return try TrainingData(features: x, featureNames: names, target: .classes(codes: codes, labels: labels))
}

/// The share of test rows (Xt, yt) that `model` classifies correctly.
private func accuracy(_ model: any FittedModel, _ d: [String: Matrix]) throws -> Double {
    accuracy(try model.predict(d["Xt"]!), d["yt"]!)
}

private func accuracy(_ prediction: Prediction, _ truth: Matrix) -> Double {
    guard case .classes(let codes, _) = prediction else { return .nan }
    let correct = zip(codes, truth.storage).filter { Double($0) == $1 }.count
    return Double(correct) / Double(codes.count)
}
