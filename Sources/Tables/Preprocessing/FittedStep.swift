/// A fitted preprocessing step of any kind: the closed set of fitted steps, so that a chain
/// of them is plain data that encodes and decodes without a type registry.
///
/// Encoded as `{"step": "<name>", "parameters": {…}}`, the name being the fitted type's
/// `stepName`; doubles are encoded by `Codable`, which JSONEncoder writes in their shortest
/// round-trip form, so decoding gives bit-identical parameters.
public enum FittedStep: Sendable, Equatable {
    /// See `DropMissing`.
    case dropMissing(DropMissing.Fitted)
    /// See `FillMissing`.
    case fillMissing(FillMissing.Fitted)
    /// See `Standardize`.
    case standardize(Standardize.Fitted)
    /// See `MinMaxScale`.
    case minMaxScale(MinMaxScale.Fitted)
    /// See `OneHotEncode`.
    case oneHot(OneHotEncode.Fitted)
    /// See `OrdinalEncode`.
    case ordinal(OrdinalEncode.Fitted)
    /// See `LogTransform`.
    case log(LogTransform.Fitted)
    /// See `Clip`.
    case clip(Clip.Fitted)
    /// See `PolynomialFeatures`.
    case polynomial(PolynomialFeatures.Fitted)
    /// See `Binning`.
    case bin(Binning.Fitted)
    /// See `SelectColumns`.
    case select(SelectColumns.Fitted)
    /// See `DropColumns`.
    case drop(DropColumns.Fitted)

    /// The fitted step behind the case.
    public var transform: any FittedTransform {
        switch self {
        case .dropMissing(let step): return step
        case .fillMissing(let step): return step
        case .standardize(let step): return step
        case .minMaxScale(let step): return step
        case .oneHot(let step): return step
        case .ordinal(let step): return step
        case .log(let step): return step
        case .clip(let step): return step
        case .polynomial(let step): return step
        case .bin(let step): return step
        case .select(let step): return step
        case .drop(let step): return step
        }
    }

    /// The step's name, e.g. `standardize`.
    public var stepName: String { type(of: transform).stepName }

    /// The table transformed by this step; see `FittedTransform.apply(to:warnings:)`.
    public func apply(to table: Table, warnings: inout [PreprocessingWarning]) throws -> Table {
        try transform.apply(to: table, warnings: &warnings)
    }

    /// The table transformed by this step, discarding warnings.
    public func apply(to table: Table) throws -> Table {
        try transform.apply(to: table)
    }
}

extension FittedStep: Codable {
    private enum CodingKeys: String, CodingKey {
        case step, parameters
    }

    /// Decodes `{"step": …, "parameters": …}`.
    /// - Throws: `DecodingError.dataCorrupted` for an unknown step name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .step)
        guard let make = Self.decoders[name] else {
            throw DecodingError.dataCorruptedError(forKey: .step, in: container, debugDescription: "unknown preprocessing step '\(name)'")
        }
        self = try make(container)
    }

    /// Encodes `{"step": …, "parameters": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stepName, forKey: .step)
        try container.encode(transform, forKey: .parameters)
    }

    private typealias Container = KeyedDecodingContainer<CodingKeys>

    /// The parameters' decoder for each step name.
    private static let decoders: [String: @Sendable (Container) throws -> FittedStep] = [
        DropMissing.Fitted.stepName: { .dropMissing(try $0.decode(DropMissing.Fitted.self, forKey: .parameters)) },
        FillMissing.Fitted.stepName: { .fillMissing(try $0.decode(FillMissing.Fitted.self, forKey: .parameters)) },
        Standardize.Fitted.stepName: { .standardize(try $0.decode(Standardize.Fitted.self, forKey: .parameters)) },
        MinMaxScale.Fitted.stepName: { .minMaxScale(try $0.decode(MinMaxScale.Fitted.self, forKey: .parameters)) },
        OneHotEncode.Fitted.stepName: { .oneHot(try $0.decode(OneHotEncode.Fitted.self, forKey: .parameters)) },
        OrdinalEncode.Fitted.stepName: { .ordinal(try $0.decode(OrdinalEncode.Fitted.self, forKey: .parameters)) },
        LogTransform.Fitted.stepName: { .log(try $0.decode(LogTransform.Fitted.self, forKey: .parameters)) },
        Clip.Fitted.stepName: { .clip(try $0.decode(Clip.Fitted.self, forKey: .parameters)) },
        PolynomialFeatures.Fitted.stepName: { .polynomial(try $0.decode(PolynomialFeatures.Fitted.self, forKey: .parameters)) },
        Binning.Fitted.stepName: { .bin(try $0.decode(Binning.Fitted.self, forKey: .parameters)) },
        SelectColumns.Fitted.stepName: { .select(try $0.decode(SelectColumns.Fitted.self, forKey: .parameters)) },
        DropColumns.Fitted.stepName: { .drop(try $0.decode(DropColumns.Fitted.self, forKey: .parameters)) },
    ]
}
