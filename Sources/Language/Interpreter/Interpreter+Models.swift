import Learning
import Numerics
import Tables

/// `train`, `test` and the model built-ins.
extension Interpreter {
    // train kind on table target column [with options]
    func train(_ algorithm: Name, _ dataExpression: Expression, target: Name?, options: [Argument], _ range: SourceRange) throws(Diagnostic) -> Value {
        let data = try evaluate(dataExpression)
        guard var table = data.tableValue else { throw typeError("train", expected: "a table", got: data, dataExpression.range) }
        var preprocessing: FittedPreprocessor?
        if case .preprocessed(let p) = data { (table, preprocessing) = try forModel(p, target: target, range) }
        if let target, !table.hasColumn(target.text) {
            throw error(DataError.unknownColumn(target.text, among: table.columnNames).message, target.range)
        }
        var hyperparameters = [String: Hyperparameters.Value]()
        for option in options {
            guard let label = option.label else { continue }
            switch try evaluate(option.value) {
            case .number(let x): hyperparameters[label.text] = .number(x)
            case .string(let s): hyperparameters[label.text] = .string(s)
            case .boolean(let b): hyperparameters[label.text] = .boolean(b)
            case let other: throw typeError("option '\(label.text)'", expected: "a number, string or boolean", got: other, option.value.range)
            }
        }
        do {
            let trained = try TrainedModel.train(
                algorithm.text, on: table, target: target?.text, hyperparameters: hyperparameters, preprocessing: preprocessing, random: &random,
                interruption: interruption)
            let raw: Table = if case .preprocessed(let p) = data { p.raw } else { table }
            let model = ModelValue(trained: trained, inputs: ModelValue.inputs(of: raw, for: trained))
            for warning in trained.model.fittingWarnings { sink?.emit(.warning(Diagnostic(.warning, warning, at: range, in: source))) }
            sink?.emit(.modelTrained(model))
            return .opaque(OpaqueValue(model))
        } catch let failure as LearningError {
            throw error(failure.message, location(of: failure, algorithm: algorithm, options: options, fallback: range))
        } catch is TrainingInterrupted {
            throw interrupted(range)
        } catch {
            throw self.error("\(error)", range)
        }
    }

    /// Lets a Ctrl-C stop a long fit or prediction, as it stops a loop.
    var interruption: Interruption { Interruption { [cancellation] in cancellation.isCancelled } }

    /// The preprocessed rows and fitted steps a model predicting `target` trains on: the steps
    /// as fitted, unless they read the target or removed it, in which case they are fitted
    /// again without it, on the same rows as before, and applied to the rows of the table.
    private func forModel(_ p: PreprocessedTable, target: Name?, _ range: SourceRange) throws(Diagnostic) -> (Table, FittedPreprocessor) {
        guard let target, p.fitted.reads(target.text) || (!p.table.hasColumn(target.text) && p.source.hasColumn(target.text)) else {
            return (p.table, p.fitted)
        }
        do {
            let (fitted, table) = try p.preprocessor.fitAndApply(on: p.source, keepingTarget: target.text)
            // Rows picked after preprocessing (filter, split, …) are the ones to train on.
            guard p.isRowSubset else { return (table, fitted) }
            return (try fitted.apply(to: p.raw), fitted)
        } catch let failure as DataError {
            throw error(failure.message, range)
        } catch {
            throw self.error("\(error)", range)
        }
    }

    /// Where a training error points: the model kind, the option it names
    /// ("c must be > 0" → the value of c, "has no option 'x'" → the x), or the whole statement.
    private func location(of failure: LearningError, algorithm: Name, options: [Argument], fallback: SourceRange) -> SourceRange {
        if failure.message.hasPrefix("unknown model kind") { return algorithm.range }
        for option in options {
            guard let label = option.label else { continue }
            if failure.message.contains("no option '\(label.text)'") { return label.range }
            if failure.message.hasPrefix(label.text + " ") { return option.value.range }
        }
        return fallback
    }

    // test model on table
    func test(_ modelExpression: Expression, _ dataExpression: Expression, _ range: SourceRange) throws(Diagnostic) -> Value {
        let tested = try modelValue(try evaluate(modelExpression), modelExpression.range)
        let trained = tested.trained
        let data = try evaluate(dataExpression)
        guard let table = rowsToPredict(data, for: trained) else { throw typeError("test", expected: "a table", got: data, dataExpression.range) }
        warnAboutLeakage(trained, table, range)
        do {
            let prepared = try trained.prepare(table)
            let features = try trained.features(ofPrepared: prepared)
            let prediction = try trained.model.predict(features, interruption: interruption)
            if case .clusters(let labels) = prediction {
                let report = try clusteringReport(trained, features, labels)
                tested.noteTest(report)
                return .record(report)
            }
            guard let targetName = trained.targetName else { throw LearningError("test needs a supervised or clustering model") }
            let target = try prepared.column(targetName)
            let report = try self.report(prediction, target, trained)
            for field in report.fields { if case .number(let x) = field.value { sink?.emit(.metric(name: field.name, value: x)) } }
            tested.noteTest(report)
            return .record(report)
        } catch is TrainingInterrupted {
            throw interrupted(range)
        } catch let failure as LearningError {
            throw error(failure.message, range)
        } catch let failure as DataError {
            throw error(failure.message, range)
        } catch {
            throw self.error("\(error)", range)
        }
    }

    private func report(_ prediction: Prediction, _ target: Column, _ trained: TrainedModel) throws -> Record {
        switch prediction {
        case .values(let predicted):
            let truth = Vector(try target.doubles())
            var fields = Evaluation.regression(truth: truth, predicted: predicted).map { ($0.name, Value.number($0.value)) }
            fields.append(("n", .number(Double(truth.count))))
            return Record(fields)
        case .classes(let codes, let probabilities):
            let labels = trained.classLabels ?? []
            let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            var truth = [Int]()
            for value in target.strings() {
                guard let value, let code = index[value] else { throw LearningError("the test rows contain the class '\(value ?? "NA")', which the model never saw") }
                truth.append(code)
            }
            let r = Evaluation.classification(truth: truth, predicted: codes, probabilities: probabilities, labels: labels)
            let perClass = Record(labels.indices.map { i in
                (labels[i], Value.record(Record([("precision", .number(r.precision[i])), ("recall", .number(r.recall[i])), ("f1", .number(r.f1[i])), ("support", .number(r.support[i]))])))
            })
            return Record([
                ("accuracy", .number(r.accuracy)), ("precision", .number(r.macroPrecision)), ("recall", .number(r.macroRecall)), ("f1", .number(r.macroF1)),
                ("weighted_f1", .number(r.weightedF1)), ("log_loss", .number(r.logLoss)), ("roc_auc", .number(r.rocAUC)),
                ("n", .number(Double(truth.count))), ("labels", .list(labels.map { .string($0) })), ("confusion", .matrix(r.confusion)),
                ("per_class", .record(perClass)),
            ])
        case .clusters:
            throw LearningError("test of a clustering model is not supported; use its inertia and silhouette fields")
        }
    }

    /// Inertia against the model's centres and the mean silhouette of the rows.
    private func clusteringReport(_ trained: TrainedModel, _ features: Matrix, _ labels: [Int]) throws -> Record {
        var fields = [(name: String, value: Value)]()
        if let centres = trained.model.fields.first(where: { $0.name == "centres" }), case .matrix(let c) = centres.value {
            fields.append(("inertia", .number(ClusterQuality.inertia(features, labels: labels, centres: c))))
        }
        fields.append(("silhouette", .number(try ClusterQuality.silhouette(features, labels: labels))))
        fields.append(("n", .number(Double(labels.count))))
        for field in fields { if case .number(let x) = field.value { sink?.emit(.metric(name: field.name, value: x)) } }
        return Record(fields)
    }

    private func warnAboutLeakage(_ trained: TrainedModel, _ table: Table, _ range: SourceRange) {
        let overlap = table.rowKeys.filter { $0 >> 32 != 0 && trained.trainingRows.contains($0) }.count
        if overlap > 0 {
            sink?.emit(.warning(Diagnostic(.warning, "\(overlap) of \(table.rowCount) test rows were used to train the model", at: range, in: source,
                                           notes: ["help: test on rows held out with split"])))
        } else if let leak = trained.preprocessing?.leakage(in: table) {
            sink?.emit(.warning(Diagnostic(.warning, "preprocessing leaked into the test: \(leak)", at: range, in: source,
                                           notes: ["help: split first, then preprocess the training set"])))
        }
    }

    /// The rows of a table value to give `trained`: a model that prepares rows itself gets the
    /// raw rows behind a preprocessed table, which its steps prepare as its training rows were,
    /// rather than rows prepared already, which they would prepare a second time.
    func rowsToPredict(_ value: Value, for trained: TrainedModel) -> Table? {
        if case .preprocessed(let p) = value, trained.preprocessing != nil { return p.raw }
        return value.tableValue
    }

    func model(_ value: Value, _ range: SourceRange) throws(Diagnostic) -> TrainedModel {
        try modelValue(value, range).trained
    }

    func modelValue(_ value: Value, _ range: SourceRange) throws(Diagnostic) -> ModelValue {
        guard case .opaque(let o) = value, let model = o.content as? ModelValue else { throw typeError("this", expected: "a trained model", got: value, range) }
        return model
    }
}

extension Interpreter {
    // deploy model as "name"
    func executeDeploy(_ modelExpression: Expression, as nameExpression: Expression, _ range: SourceRange) throws(Diagnostic) {
        // A refused deploy is the gate working, not an error: the run goes on
        // (reporting every failure) and ends failed because of the assert.
        if failedAssertions > 0 {
            let message = "not deploying: \(failedAssertions) assert\(failedAssertions == 1 ? "" : "s") failed earlier in this run"
            sink?.emit(.deployRefused(Diagnostic(.error, message, at: range, in: source)))
            return
        }
        let value = try evaluate(modelExpression)
        guard case .opaque(let opaque) = value, let model = opaque.content as? ModelValue else {
            throw typeError("deploy", expected: "a trained model", got: value, modelExpression.range)
        }
        // mlx serve answers with predictions; a bundle it must refuse would ship a container that never starts.
        if model.trained.task == .transformation {
            throw error("deploy: a \(model.trained.estimator) model transforms rows rather than predicts, so there is nothing to serve; deploy a model that predicts", modelExpression.range)
        }
        guard case .string(let name) = try evaluate(nameExpression) else {
            throw error("deploy needs a name in quotes after 'as', such as \"iris\"", nameExpression.range)
        }
        do {
            let deployment = try host.deploy(DeployRequest(model: model, name: name))
            sink?.emit(.modelDeployed(deployment))
        } catch let failure as DeployNameError {
            throw error(failure.message, nameExpression.range)
        } catch {
            throw self.error("deploy: \(error)", range)
        }
    }
}

/// A model name the registry cannot use, for an error pointing at the name.
public struct DeployNameError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
