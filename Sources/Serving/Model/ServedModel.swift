import Learning
import Numerics
import Runs
import Tables

/// A verified bundle ready to answer requests: what it takes, what it gives
/// back, and its predictions for validated rows.
///
/// Predicting is a pure function of the model and the rows, so one value
/// serves any number of concurrent requests.
public struct ServedModel: Sendable {
    /// What a model gives back for a batch of rows.
    enum Output: Sendable {
        /// A class per row (an index into `classes`) and an n × classes matrix of probabilities.
        case classes(codes: [Int], probabilities: Matrix, classes: [String])
        /// A number per row.
        case values([Double])
        /// A cluster index per row.
        case clusters([Int])

        var rowCount: Int {
            switch self {
            case .classes(let codes, _, _): return codes.count
            case .values(let values): return values.count
            case .clusters(let clusters): return clusters.count
            }
        }

        /// The label of each row, for a classifier.
        var labels: [String] {
            guard case .classes(let codes, _, let classes) = self else { return [] }
            return codes.map { $0 < classes.count ? classes[$0] : String($0) }
        }
    }

    /// An output tensor as model metadata describes it.
    struct OutputTensor: Sendable {
        let name: String
        let datatype: String
        let shape: [Int]
    }

    /// The verified bundle: manifest and trained model.
    public let bundle: ModelBundle
    let schema: InputSchema
    let outputs: [OutputTensor]

    /// The name clients use in URLs.
    public var name: String { bundle.manifest.name }
    /// The deployed version.
    public var version: Int { bundle.manifest.version }
    var classes: [String] { bundle.model.classLabels ?? bundle.manifest.classes ?? [] }
    /// How many clusters a clustering model assigns rows to, numbered from 0; 0 for other models.
    var clusterCount: Int { (bundle.model.model as? KMeans.Fitted)?.centres.count ?? 0 }

    /// Serves `bundle`; refuses a model that transforms rather than predicts (PCA).
    public init(bundle: ModelBundle) throws(BundleError) {
        self.bundle = bundle
        schema = InputSchema(bundle.manifest.inputs)
        switch bundle.model.task {
        case .classification:
            let classCount = bundle.model.classLabels?.count ?? bundle.manifest.classes?.count ?? 0
            outputs = [
                OutputTensor(name: "predict", datatype: "BYTES", shape: [-1]),
                OutputTensor(name: "probabilities", datatype: "FP64", shape: [-1, classCount]),
            ]
        case .regression: outputs = [OutputTensor(name: "predict", datatype: "FP64", shape: [-1])]
        case .clustering: outputs = [OutputTensor(name: "predict", datatype: "INT64", shape: [-1])]
        case .transformation:
            throw BundleError("\(bundle.directory) holds a \(bundle.model.estimator) model, which transforms rows rather than predicts; there is nothing to serve")
        }
        guard !bundle.manifest.inputs.isEmpty else { throw BundleError("\(bundle.directory)/\(ModelBundle.manifestFile) lists no inputs") }
        try Self.checkInputsReachTheModel(bundle, schema)
    }

    /// Refuses a bundle whose inputs do not become the model's features through its preprocessing
    /// (a step that reads a column no input gives, a feature no step makes): every request would be
    /// refused. Rows of no values take the path requests take, at no cost.
    private static func checkInputsReachTheModel(_ bundle: ModelBundle, _ schema: InputSchema) throws(BundleError) {
        do {
            let rows = try schema.table(columns: schema.fields.map { _ in [] })
            _ = try bundle.model.features(ofPrepared: bundle.model.prepare(rows))
        } catch {
            throw BundleError("\(bundle.directory): rows of the inputs \(ModelBundle.manifestFile) lists cannot reach the model: \(error)")
        }
    }

    /// Predictions for rows that passed the schema's checks.
    func predict(_ rows: Table) throws(RequestError) -> Output {
        let prediction: Prediction
        do { prediction = try bundle.model.predict(rows) } catch {
            throw RequestError(.badRequest, "cannot predict these rows: \(error)")
        }
        let output: Output
        switch prediction {
        case .classes(let codes, let probabilities): output = .classes(codes: codes, probabilities: probabilities, classes: classes)
        case .values(let values): output = .values(Array(values))
        case .clusters(let clusters): output = .clusters(clusters)
        }
        try Self.checkFinite(output)
        return output
    }

    /// JSON cannot carry an infinity or NaN, and a model gives one only for
    /// inputs far outside what it can compute with; say which row.
    private static func checkFinite(_ output: Output) throws(RequestError) {
        let firstBad: Int?
        switch output {
        case .classes(_, let probabilities, _):
            firstBad = (0..<probabilities.rows).first { row in (0..<probabilities.columns).contains { !probabilities[row, $0].isFinite } }
        case .values(let values): firstBad = values.firstIndex { !$0.isFinite }
        case .clusters: firstBad = nil
        }
        if let row = firstBad {
            throw RequestError(
                .badRequest, "the model's output for row \(row + 1) is not a finite number: its inputs are too far outside the range the model can compute with")
        }
    }
}
