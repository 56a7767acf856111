/// `POST /predict`: rows as JSON records, the way a web client or `curl`
/// sends them, in any of three forms:
///
///     {"rows": [{"sepal_length": 5.1, …}, …]}
///     [{"sepal_length": 5.1, …}, …]
///     {"sepal_length": 5.1, …}                  (one row)
///
/// and the answer with a probability per class by name:
///
///     {"predictions": ["setosa"], "probabilities": [{"setosa": 0.97, …}], "model": "iris", "version": 1}
enum RecordPrediction {
    /// The records in `body`.
    static func records(_ body: JSONValue) throws(RequestError) -> [JSONValue] {
        switch body {
        case .array(let records): return records
        case .object(let members) where members.count == 1 && members[0].key == "rows":
            guard case .array(let records) = members[0].value else {
                throw RequestError(.badRequest, "\"rows\" must be an array of records, got \(members[0].value.kindDescription)")
            }
            return records
        case .object: return [body]
        default:
            throw RequestError(.badRequest, "the body must be a record, an array of records or {\"rows\": [records]}, got \(body.kindDescription)")
        }
    }

    static func response(_ model: ServedModel, _ output: ServedModel.Output) -> JSONValue {
        var members: [(key: String, value: JSONValue)]
        switch output {
        case .classes(_, let probabilities, let classes):
            let perRow = (0..<probabilities.rows).map { row in
                JSONValue.object((0..<probabilities.columns).map { ($0 < classes.count ? classes[$0] : String($0), .number(probabilities[row, $0])) })
            }
            members = [("predictions", .array(output.labels.map { .string($0) })), ("probabilities", .array(perRow))]
        case .values(let values): members = [("predictions", .array(values.map { .number($0) }))]
        case .clusters(let clusters): members = [("predictions", .array(clusters.map { .number(Double($0)) }))]
        }
        members += [("model", .string(model.name)), ("version", .number(Double(model.version)))]
        return .object(members)
    }
}
