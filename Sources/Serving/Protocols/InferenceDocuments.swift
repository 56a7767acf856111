/// The Open Inference Protocol's response documents.
enum InferenceDocuments {
    /// `GET /v2`.
    static func server(version: String) -> JSONValue {
        .object([("name", .string("mlx")), ("version", .string(version)), ("extensions", .array([]))])
    }

    /// `GET /v2/models/{name}`: inputs by column, outputs by task.
    static func model(_ model: ServedModel) -> JSONValue {
        let inputs = model.schema.fields.map { tensor($0.name, InferenceRequest.datatype(of: $0.type), [-1]) }
        let outputs = model.outputs.map { tensor($0.name, $0.datatype, $0.shape) }
        return .object([
            ("name", .string(model.name)), ("versions", .array([.string(String(model.version))])), ("platform", .string("mlx")),
            ("inputs", .array(inputs)), ("outputs", .array(outputs)),
        ])
    }

    /// `GET /v2/models/{name}/ready`.
    static func modelReady(_ model: ServedModel) -> JSONValue {
        .object([("name", .string(model.name)), ("ready", .boolean(true))])
    }

    /// `POST /v2/models/{name}/infer`: the requested outputs, in the order asked.
    static func response(_ model: ServedModel, request: InferenceRequest, output: ServedModel.Output) -> JSONValue {
        let names = request.outputs ?? model.outputs.map(\.name)
        var members: [(key: String, value: JSONValue)] = [("model_name", .string(model.name)), ("model_version", .string(String(model.version)))]
        if let id = request.id { members.append(("id", .string(id))) }
        members.append(("outputs", .array(names.compactMap { outputTensor($0, output) })))
        return .object(members)
    }

    private static func outputTensor(_ name: String, _ output: ServedModel.Output) -> JSONValue? {
        let n = output.rowCount
        switch (name, output) {
        case ("predict", .classes): return tensor(name, "BYTES", [n], data: output.labels.map { .string($0) })
        case ("predict", .values(let values)): return tensor(name, "FP64", [n], data: values.map { .number($0) })
        case ("predict", .clusters(let clusters)): return tensor(name, "INT64", [n], data: clusters.map { .number(Double($0)) })
        case ("probabilities", .classes(_, let probabilities, _)):
            let data = (0..<probabilities.rows).flatMap { row in (0..<probabilities.columns).map { JSONValue.number(probabilities[row, $0]) } }
            return tensor(name, "FP64", [n, probabilities.columns], data: data)
        default: return nil
        }
    }

    private static func tensor(_ name: String, _ datatype: String, _ shape: [Int], data: [JSONValue]? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(name)), ("datatype", .string(datatype)), ("shape", .array(shape.map { .number(Double($0)) })),
        ]
        if let data { members.append(("data", .array(data))) }
        return .object(members)
    }
}
