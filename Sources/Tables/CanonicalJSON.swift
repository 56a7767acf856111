import Foundation

/// The stable JSON mlx names things by: model documents, fitted
/// preprocessing in value digests, the run store's JSON columns. Keys sorted
/// by their UTF-8 bytes, no whitespace, `/` escaped, non-finite numbers
/// written as the strings "inf", "-inf" and "nan" — byte for byte what
/// Foundation's `JSONEncoder` writes with `.sortedKeys` and that
/// `convertToString` strategy, so digests of documents written before stay
/// valid.
///
/// It writes straight into byte buffers instead of building `JSONEncoder`'s
/// value tree and casting every value to the types it treats specially: a
/// 50-tree forest's document encodes several times faster. Values of those
/// special types (`Date`, `Data`, `URL`, `Decimal`) are handed to
/// `JSONEncoder` whole, so the output is the same either way.
public enum CanonicalJSON {
    /// `value` as canonical JSON.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            var bytes = [UInt8]()
            try CanonicalEncoder.content(of: value, at: []).render(into: &bytes)
            return Data(bytes)
        } catch is SpecialType {
            return try foundationEncoder().encode(value)
        }
    }

    /// `value` as canonical JSON text.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Lets a type with a large document write it as bytes when it is encoded
    /// into canonical JSON, instead of through containers (a forest's
    /// trees): `write` must produce exactly what its `Encodable` conformance
    /// writes through `JSONEncoder`, which its tests check. False for any other
    /// encoder, which the caller then uses as usual.
    public static func writeDirectly(to encoder: any Encoder, _ write: (inout [UInt8]) -> Void) -> Bool {
        // A class cast: no search of the conformance records, unlike a cast to a protocol.
        guard let encoder = encoder as? CanonicalEncoder else { return false }
        var bytes = [UInt8]()
        write(&bytes)
        encoder.content = .scalar(bytes)
        return true
    }

    /// `"key":` after a comma unless it is the object's first member; `key` needs no escaping.
    public static func appendKey(_ key: StaticString, first: Bool = false, to bytes: inout [UInt8]) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// `values` as a JSON array of numbers.
    public static func appendArray(_ values: [Double], to bytes: inout [UInt8]) {
        appendBracketed(values, to: &bytes) { appendNumber($1, to: &$0) }
    }

    public static func appendArray(_ values: [Int], to bytes: inout [UInt8]) {
        appendBracketed(values, to: &bytes) { appendInteger($1, to: &$0) }
    }

    public static func appendArray(_ rows: [[Double]], to bytes: inout [UInt8]) {
        appendBracketed(rows, to: &bytes) { appendArray($1, to: &$0) }
    }

    /// Each element written by `element`, with commas between them.
    static func appendJoined<E>(_ elements: [E], to bytes: inout [UInt8], _ element: (inout [UInt8], E) -> Void) {
        for (i, e) in elements.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&bytes, e)
        }
    }

    private static func appendBracketed<E>(_ elements: [E], to bytes: inout [UInt8], _ element: (inout [UInt8], E) -> Void) {
        bytes.append(UInt8(ascii: "["))
        appendJoined(elements, to: &bytes, element)
        bytes.append(UInt8(ascii: "]"))
    }

    /// Foundation's encoder configured to write canonical JSON.
    public static func foundationEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A value of a type `JSONEncoder` encodes its own way.
    struct SpecialType: Error {}

    static func isSpecial<T>(_ type: T.Type) -> Bool {
        type == Date.self || type == Data.self || type == URL.self || type == Decimal.self
    }

    // MARK: Scalars

    static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(_ x: T) -> [UInt8] {
        var bytes = [UInt8]()
        appendNumber(x, to: &bytes)
        return bytes
    }

    static func number(_ x: Double) -> [UInt8] {
        var bytes = [UInt8]()
        appendNumber(x, to: &bytes)
        return bytes
    }

    static func appendNumber<T: BinaryFloatingPoint & LosslessStringConvertible>(_ x: T, to bytes: inout [UInt8]) {
        guard x.isFinite else { return appendString(x.isNaN ? "nan" : x < 0 ? "-inf" : "inf", to: &bytes) }
        var text = x.description
        text.withUTF8 { appendTrimmed($0, to: &bytes) }
    }

    /// A double as `description` writes it, formatted into a buffer on the
    /// stack: a forest's document has thousands of numbers, and most need
    /// more than the 15 bytes a String holds without allocating.
    public static func appendNumber(_ x: Double, to bytes: inout [UInt8]) {
        guard x.isFinite else { return appendString(x.isNaN ? "nan" : x < 0 ? "-inf" : "inf", to: &bytes) }
        // Whole numbers (a tree's class counts and proportions 0 and 1) as
        // integers: the text "n.0" trimmed, without formatting a double; -0 keeps its sign.
        if x.magnitude < 0x1p31, x.rounded(.towardZero) == x, !(x == 0 && x.sign == .minus) {
            return appendInteger(Int(x), to: &bytes)
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            // Filled with "0" first, as `description` fills its own: the formatter
            // leaves padding zeros ("100.0", "1e15") unwritten.
            buffer.initialize(repeating: UInt8(ascii: "0"))
            let length = Int(truncatingIfNeeded: swiftFloat64ToString(buffer.baseAddress!, 32, x, false))
            appendTrimmed(UnsafeBufferPointer(rebasing: buffer[..<length]), to: &bytes)
        }
    }

    /// A finite number's text with "1.0" written "1", as JSONEncoder does.
    private static func appendTrimmed(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let n = utf8.count
        let wholeNumber = n >= 2 && utf8[n - 1] == UInt8(ascii: "0") && utf8[n - 2] == UInt8(ascii: ".")
        bytes.append(contentsOf: wholeNumber ? UnsafeBufferPointer(rebasing: utf8[..<(n - 2)]) : utf8)
    }

    static func integer<T: BinaryInteger>(_ x: T) -> [UInt8] { Array(String(x).utf8) }

    /// An integer's decimal digits, without a String for each (a tree's node indices).
    public static func appendInteger(_ x: Int, to bytes: inout [UInt8]) {
        if x < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = x.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    static func string(_ text: String) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count + 2)
        appendString(text, to: &bytes)
        return bytes
    }

    /// `text` quoted, with JSONEncoder's escapes; a slash escaped unless
    /// `escapingSlashes` is false (`.withoutEscapingSlashes`).
    public static func appendString(_ text: String, escapingSlashes: Bool = true, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (names, ids, times) need no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || ($0 == UInt8(ascii: "/") && escapingSlashes) }) {
            bytes.append(contentsOf: text.utf8)
            return bytes.append(UInt8(ascii: "\""))
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "/") where escapingSlashes: bytes += [UInt8(ascii: "\\"), byte]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20: bytes += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Escapes write control characters as `\u00` and two lowercase hex digits.
private let hexDigits = Array("0123456789abcdef".utf8)

/// The standard library's formatting of a double (`description`'s, with `debug`
/// false) into `buffer`, which must hold 32 bytes, all "0"; returns the length
/// written. Part of the standard library's ABI, kept for code compiled against
/// older versions; `CanonicalJSONTests` checks it against `description`.
@_silgen_name("swift_float64ToString")
private func swiftFloat64ToString(_ buffer: UnsafeMutablePointer<UInt8>, _ bufferLength: UInt, _ value: Double, _ debug: Bool) -> UInt64

// MARK: - The encoder

/// What one encoder or container produced: rendered bytes, or a container
/// that is filled in after it is handed out and rendered at the end.
private enum Content {
    case none
    case scalar([UInt8])
    case object(ObjectBox)
    case array(ArrayBox)
    /// What a super encoder ends up holding, whichever container it is asked for.
    case encoder(CanonicalEncoder)

    func render(into bytes: inout [UInt8]) {
        switch self {
        case .none: bytes += Array("{}".utf8)  // an encodable that wrote nothing reads back as an empty object
        case .scalar(let scalar): bytes += scalar
        case .object(let object): object.render(into: &bytes)
        case .array(let array): array.render(into: &bytes)
        case .encoder(let encoder): encoder.content.render(into: &bytes)
        }
    }
}

private final class ObjectBox {
    var members = [String: Content]()

    func render(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (i, key) in keys.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            members[key]!.render(into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}

/// An array's elements: runs of scalars written straight into `written`
/// (commas included), with the nested containers between them in `parts`.
private final class ArrayBox {
    var parts = [Content]()
    var written = [UInt8]()
    var count = 0

    /// Starts the next element in `written`.
    func beginScalar() {
        if count > 0 { written.append(UInt8(ascii: ",")) }
        count += 1
    }

    /// Adds a nested element, which is rendered when the array is.
    func append(_ element: Content) {
        beginScalar()
        if !written.isEmpty {
            parts.append(.scalar(written))
            written.removeAll(keepingCapacity: true)
        }
        parts.append(element)
    }

    func render(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for part in parts { part.render(into: &bytes) }
        bytes += written
        bytes.append(UInt8(ascii: "]"))
    }
}

/// Encodes one value; its containers write into `content`.
private final class CanonicalEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var content = Content.none

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// The content `value` encodes to.
    static func content<T: Encodable>(of value: T, at codingPath: [any CodingKey]) throws -> Content {
        if let written = written(value) { return .scalar(written) }
        guard !CanonicalJSON.isSpecial(T.self) else { throw CanonicalJSON.SpecialType() }
        let encoder = CanonicalEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.content
    }

    /// Numbers and arrays of numbers (most of a model document) written
    /// directly, as their Codable conformances would write them, instead of
    /// one container call per element.
    private static func written<T>(_ value: T) -> [UInt8]? {
        var bytes = [UInt8]()
        switch T.self {
        case is Double.Type: CanonicalJSON.appendNumber(value as! Double, to: &bytes)
        case is Int.Type: CanonicalJSON.appendInteger(value as! Int, to: &bytes)
        case is [Double].Type: CanonicalJSON.appendArray(value as! [Double], to: &bytes)
        case is [Int].Type: CanonicalJSON.appendArray(value as! [Int], to: &bytes)
        case is [[Double]].Type: CanonicalJSON.appendArray(value as! [[Double]], to: &bytes)
        default: return nil
        }
        return bytes
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object) = content { return KeyedEncodingContainer(KeyedContainer(object, codingPath)) }
        let object = ObjectBox()
        content = .object(object)
        return KeyedEncodingContainer(KeyedContainer(object, codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = content { return UnkeyedContainer(array, codingPath) }
        let array = ArrayBox()
        content = .array(array)
        return UnkeyedContainer(array, codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(self) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectBox
    let codingPath: [any CodingKey]

    init(_ object: ObjectBox, _ codingPath: [any CodingKey]) {
        self.object = object
        self.codingPath = codingPath
    }

    mutating func encodeNil(forKey key: Key) throws { object.members[key.stringValue] = .scalar(Array("null".utf8)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.members[key.stringValue] = .scalar(Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.number(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.number(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.members[key.stringValue] = .scalar(CanonicalJSON.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.members[key.stringValue] = try CanonicalEncoder.content(of: value, at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        object.members[key.stringValue] = .object(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(nested, codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        object.members[key.stringValue] = .array(nested)
        return UnkeyedContainer(nested, codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    /// An encoder whose value, rendered at the end, becomes the member `name`.
    private func superEncoder(named name: String) -> any Encoder {
        let encoder = CanonicalEncoder(codingPath: codingPath)
        object.members[name] = .encoder(encoder)
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayBox
    let codingPath: [any CodingKey]
    var count: Int { array.count }

    init(_ array: ArrayBox, _ codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    // Arrays of numbers are most of a model document: each is written in place.
    private func scalar(_ bytes: [UInt8]) {
        array.beginScalar()
        array.written += bytes
    }

    private func integer<T: BinaryInteger>(_ value: T) {
        array.beginScalar()
        array.written += String(value).utf8
    }

    mutating func encodeNil() throws { scalar(Array("null".utf8)) }
    mutating func encode(_ value: Bool) throws { scalar(Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: String) throws {
        array.beginScalar()
        CanonicalJSON.appendString(value, to: &array.written)
    }
    mutating func encode(_ value: Double) throws {
        array.beginScalar()
        CanonicalJSON.appendNumber(value, to: &array.written)
    }
    mutating func encode(_ value: Float) throws {
        array.beginScalar()
        CanonicalJSON.appendNumber(value, to: &array.written)
    }
    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.append(try CanonicalEncoder.content(of: value, at: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        array.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(nested, codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        array.append(.array(nested))
        return UnkeyedContainer(nested, codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = CanonicalEncoder(codingPath: codingPath)
        array.append(.encoder(encoder))
        return encoder
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: CanonicalEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    init(_ encoder: CanonicalEncoder) { self.encoder = encoder }

    mutating func encodeNil() throws { encoder.content = .scalar(Array("null".utf8)) }
    mutating func encode(_ value: Bool) throws { encoder.content = .scalar(Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: String) throws { encoder.content = .scalar(CanonicalJSON.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.content = .scalar(CanonicalJSON.number(value)) }
    mutating func encode(_ value: Float) throws { encoder.content = .scalar(CanonicalJSON.number(value)) }
    mutating func encode(_ value: Int) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int8) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int16) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int32) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int64) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.content = .scalar(CanonicalJSON.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.content = try CanonicalEncoder.content(of: value, at: codingPath)
    }
}
