import Tables

/// An Open Inference Protocol (KServe v2) inference request, decoded and
/// checked against the model:
///
///     {"id": "42",
///      "inputs": [{"name": "sepal_length", "shape": [2], "datatype": "FP64", "data": [5.1, 6.3]}, …],
///      "outputs": [{"name": "predict"}]}
///
/// Each input is one column (shape [n] or [n, 1]); when every input is
/// numeric, a single [n, k] tensor with the columns in input order also works.
struct InferenceRequest {
    /// The request's id, echoed in the response.
    let id: String?
    let rows: Table
    /// The outputs asked for, in the order asked; nil for all of them.
    let outputs: [String]?

    /// Open Inference Protocol datatypes, and which of them a column of each type accepts.
    static let numericDatatypes: Set<String> = ["UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64"]
    static let datatypes = numericDatatypes.union(["BOOL", "BYTES"])

    /// The datatype model metadata advertises for a column type.
    static func datatype(of type: ColumnType) -> String {
        switch type {
        case .number: return "FP64"
        case .integer: return "INT64"
        case .boolean: return "BOOL"
        case .categorical, .text: return "BYTES"
        }
    }

    init(_ body: JSONValue, model: ServedModel) throws(RequestError) {
        guard case .object = body else { throw RequestError(.badRequest, "the body must be a JSON object with \"inputs\", got \(body.kindDescription)") }
        id = try Self.id(body["id"])
        outputs = try Self.requestedOutputs(body, model: model)
        guard case .array(let inputs)? = body["inputs"] else {
            throw RequestError(.badRequest, "the body has no \"inputs\" array of tensors")
        }
        let tensors = try inputs.enumerated().map { index, input throws(RequestError) in try Tensor(input, index: index) }
        rows = try Self.rows(tensors, schema: model.schema)
    }

    private static func id(_ value: JSONValue?) throws(RequestError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let id)?: return id
        case let other?: throw RequestError(.badRequest, "\"id\" must be a string, got \(other.kindDescription)")
        }
    }

    /// Rows from per-column tensors, or from one [n, k] tensor.
    private static func rows(_ tensors: [Tensor], schema: InputSchema) throws(RequestError) -> Table {
        guard !tensors.isEmpty else { throw RequestError(.badRequest, "\"inputs\" is empty; send one tensor per column \(schema.inputList)") }
        if tensors.count == 1, tensors[0].shape.count == 2, tensors[0].shape[1] != 1 {
            return try matrixRows(tensors[0], schema: schema)
        }
        var columns = [[JSONValue]?](repeating: nil, count: schema.fields.count)
        var unknown = [String]()
        for tensor in tensors {
            guard let position = schema.position(of: tensor.name) else {
                unknown.append(tensor.name)
                continue
            }
            guard columns[position] == nil else { throw RequestError(.badRequest, "input '\(tensor.name)' appears more than once") }
            try tensor.checkColumnShape()
            try tensor.checkDatatype(for: schema.fields[position])
            columns[position] = tensor.elements
        }
        if !unknown.isEmpty { throw RequestError(.badRequest, "unknown inputs: \(unknown.joined(separator: ", ")) \(schema.inputList)") }
        let missing = zip(schema.fields, columns).filter { $0.1 == nil }.map(\.0.name)
        if !missing.isEmpty { throw RequestError(.badRequest, "missing inputs: \(missing.joined(separator: ", ")) \(schema.inputList)") }
        let complete = columns.map { $0 ?? [] }
        try checkBatchSizes(complete, names: schema.names)
        return try schema.table(columns: complete)
    }

    private static func checkBatchSizes(_ columns: [[JSONValue]], names: [String]) throws(RequestError) {
        guard let first = columns.first else { return }
        if first.isEmpty { throw RequestError(.badRequest, "no rows to predict: the batch is empty") }
        if let other = columns.firstIndex(where: { $0.count != first.count }) {
            throw RequestError(
                .badRequest, "inputs disagree on the batch size: '\(names[0])' has \(first.count) rows, '\(names[other])' has \(columns[other].count)")
        }
    }

    /// One [n, k] tensor: row-major, columns in input order.
    private static func matrixRows(_ tensor: Tensor, schema: InputSchema) throws(RequestError) -> Table {
        let k = schema.fields.count
        guard tensor.shape[1] == k else {
            throw RequestError(
                .badRequest,
                "input '\(tensor.name)' has shape \(tensor.shapeText); a single [n, k] tensor needs k = \(k), one column per input in this order: \(schema.names.joined(separator: ", "))")
        }
        if let field = schema.fields.first(where: { $0.type != .number && $0.type != .integer }) {
            throw RequestError(
                .badRequest, "a single [n, k] tensor works only when every input is numeric, and '\(field.name)' is \(field.type); send one tensor per column")
        }
        guard tensor.shape[0] > 0 else { throw RequestError(.badRequest, "no rows to predict: the batch is empty") }
        guard InferenceRequest.numericDatatypes.contains(tensor.datatype) else {
            throw RequestError(.badRequest, "input '\(tensor.name)' is \(tensor.datatype); a numeric [n, k] tensor is FP64 (or another numeric datatype)")
        }
        let n = tensor.shape[0]
        let columns = (0..<k).map { column in (0..<n).map { tensor.elements[$0 * k + column] } }
        return try schema.table(columns: columns)
    }

    /// The names in `"outputs"`, checked against the model's outputs.
    private static func requestedOutputs(_ body: JSONValue, model: ServedModel) throws(RequestError) -> [String]? {
        if case .object(let parameters)? = body["parameters"], parameters.contains(where: { $0.key == "binary_data_output" && $0.value == .boolean(true) }) {
            throw binaryUnsupported
        }
        guard let value = body["outputs"], value != .null else { return nil }
        guard case .array(let requested) = value else { throw RequestError(.badRequest, "\"outputs\" must be an array of {\"name\": …} objects") }
        let known = model.outputs.map(\.name)
        var names = [String]()
        for (index, output) in requested.enumerated() {
            guard case .string(let name)? = output["name"] else { throw RequestError(.badRequest, "outputs[\(index)] has no \"name\" string") }
            guard known.contains(name) else {
                throw RequestError(.badRequest, "unknown output '\(name)' (this model's outputs: \(known.joined(separator: ", ")))")
            }
            // The response names each output once; asked twice, which answer would be meant is unclear.
            guard !names.contains(name) else { throw RequestError(.badRequest, "output '\(name)' is requested twice") }
            if output["parameters"]?["binary_data"] == .boolean(true) { throw binaryUnsupported }
            names.append(name)
        }
        return names
    }

    static let binaryUnsupported = RequestError(
        .badRequest, "the binary tensor data extension is not supported: send and request JSON data (binary_data=False)")
}

/// One input tensor of an inference request: name, shape, datatype and its elements, flattened.
struct Tensor {
    let name: String
    let shape: [Int]
    let datatype: String
    let elements: [JSONValue]

    init(_ value: JSONValue, index: Int) throws(RequestError) {
        guard case .object = value else { throw RequestError(.badRequest, "inputs[\(index)] must be an object, got \(value.kindDescription)") }
        guard case .string(let name)? = value["name"] else { throw RequestError(.badRequest, "inputs[\(index)] has no \"name\" string") }
        self.name = name
        guard case .string(let datatype)? = value["datatype"] else { throw RequestError(.badRequest, "input '\(name)' has no \"datatype\" string") }
        guard InferenceRequest.datatypes.contains(datatype) else {
            throw RequestError(
                .badRequest, "input '\(name)' has the unknown datatype \(InputSchema.quoted(datatype)) (Open Inference Protocol datatypes: \(InferenceRequest.datatypes.sorted().joined(separator: ", ")))")
        }
        self.datatype = datatype
        shape = try Self.shape(value["shape"], name: name)
        if value["parameters"]?["binary_data_size"] != nil { throw InferenceRequest.binaryUnsupported }
        guard case .array(let data)? = value["data"] else { throw RequestError(.badRequest, "input '\(name)' has no \"data\" array") }
        var flat = [JSONValue]()
        Self.flatten(data, into: &flat)
        elements = flat
        let (expected, overflow) =
            shape.contains(0)
            ? (0, false)
            : shape.reduce((1, false)) { product, dimension in
                let next = product.0.multipliedReportingOverflow(by: dimension)
                return (next.partialValue, product.1 || next.overflow)
            }
        guard !overflow, flat.count == expected else {
            let holds = overflow ? "more values than any request can hold" : "\(expected) values"
            throw RequestError(.badRequest, "input '\(name)' has shape \(shapeText), which holds \(holds), but its data has \(flat.count)")
        }
        // Nested data must be nested as the shape says (rows of equal length); flat data is read row-major.
        guard data.allSatisfy({ !$0.isArray }) || Self.data(data, isNestedAs: shape[...]) else {
            throw RequestError(.badRequest, "input '\(name)' has data nested otherwise than its shape \(shapeText): give it flat, or as nested lists of exactly those lengths")
        }
        try checkElements()
    }

    var shapeText: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    private static func shape(_ value: JSONValue?, name: String) throws(RequestError) -> [Int] {
        guard case .array(let dimensions)? = value, !dimensions.isEmpty else {
            throw RequestError(.badRequest, "input '\(name)' has no \"shape\" array")
        }
        var shape = [Int]()
        for dimension in dimensions {
            guard case .number(let x) = dimension, x >= 0, x == x.rounded(), x < 1e15 else {
                throw RequestError(.badRequest, "input '\(name)' has a shape that is not a list of non-negative whole numbers")
            }
            shape.append(Int(x))
        }
        return shape
    }

    /// Whether `values` is lists within lists of exactly the lengths `shape` gives, scalars innermost.
    private static func data(_ values: [JSONValue], isNestedAs shape: ArraySlice<Int>) -> Bool {
        guard let length = shape.first, values.count == length else { return false }
        guard shape.count > 1 else { return values.allSatisfy { !$0.isArray } }
        return values.allSatisfy { value in
            if case .array(let inner) = value { return data(inner, isNestedAs: shape.dropFirst()) }
            return false
        }
    }

    /// Tensor data may be nested row by row or already flat; both read row-major.
    private static func flatten(_ values: [JSONValue], into flat: inout [JSONValue]) {
        for value in values {
            if case .array(let inner) = value { flatten(inner, into: &flat) } else { flat.append(value) }
        }
    }

    /// Elements must be what the datatype says, before any column check sees them.
    private func checkElements() throws(RequestError) {
        for (index, element) in elements.enumerated() {
            if case .number(let x) = element, !Self.holds(datatype, x) {
                throw RequestError(.badRequest, "input '\(name)' is \(datatype) but element \(index + 1) is \(JSONWriter.number(x))")
            }
        }
    }

    /// Whether a value of `datatype` can be `x`: a whole number in range for an integer datatype, a
    /// number within the largest finite one for FP16 and FP32. An infinity (a number beyond 64-bit
    /// floats) is left to the column check, which refuses it as too large for a 64-bit float.
    private static func holds(_ datatype: String, _ x: Double) -> Bool {
        if let range = integerRanges[datatype] { return x == x.rounded() && range.contains(x) }
        if let largest = floatLargest[datatype] { return !x.isFinite || abs(x) <= largest }
        return true
    }

    /// The values each integer datatype holds.
    private static let integerRanges: [String: ClosedRange<Double>] = [
        "INT8": -128...127, "INT16": -32768...32767, "INT32": -2_147_483_648...2_147_483_647, "INT64": -0x1p63...0x1p63,
        "UINT8": 0...255, "UINT16": 0...65535, "UINT32": 0...4_294_967_295, "UINT64": 0...0x1p64,
    ]

    /// The largest finite value of each floating-point datatype narrower than FP64 (IEEE 754 half
    /// and single precision).
    private static let floatLargest: [String: Double] = ["FP16": 65504, "FP32": Double(Float.greatestFiniteMagnitude)]

    /// A column's tensor is a vector: [n] or [n, 1].
    func checkColumnShape() throws(RequestError) {
        guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
            throw RequestError(.badRequest, "input '\(name)' has shape \(shapeText); a column's tensor is [n] or [n, 1]")
        }
    }

    func checkDatatype(for field: SchemaField) throws(RequestError) {
        let fits: Bool
        switch field.type {
        case .number, .integer: fits = InferenceRequest.numericDatatypes.contains(datatype)
        case .boolean: fits = datatype == "BOOL"
        case .categorical, .text: fits = datatype == "BYTES"
        }
        guard fits else {
            throw RequestError(
                .badRequest, "input '\(name)' is \(datatype), but the column is \(field.type): send \(InferenceRequest.datatype(of: field.type))")
        }
    }
}
