extension FittedPreprocessor {
    /// `CanonicalJSON.text(self)`, byte for byte: the form a preprocessed
    /// value's digest covers. Chains of the scaling steps are written here
    /// directly. Through `Codable`, a type's first container in a process
    /// makes the Swift runtime search every loaded image's conformance
    /// records, several times over for one chain: 0.3–0.5 ms of a recorded
    /// run's writer for a `standardize`.
    public var canonicalJSONText: String {
        guard let bytes = directlyWritten() else { return (try? CanonicalJSON.text(self)) ?? "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `{"fittedRows":[[first,last],…],"format":1,"steps":[…]}` with keys in
    /// byte order, or nil when a step is of a kind not written here.
    func directlyWritten() -> [UInt8]? {
        var bytes = Array(#"{"fittedRows":["#.utf8)
        for (i, range) in fittedRows.ranges.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            let pair: String = "[" + String(range.lowerBound) + "," + String(range.upperBound) + "]"
            bytes += pair.utf8
        }
        bytes += #"],"format":\#(Self.formatVersion),"steps":["#.utf8
        for (i, step) in steps.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += #"{"parameters":{"columns":["#.utf8
            let name: String
            switch step {
            case .standardize(let fitted):
                name = Standardize.Fitted.stepName
                CanonicalJSON.appendJoined(fitted.columns, to: &bytes) { bytes, column in
                    Self.write([("mean", column.mean)], name: column.name, [("scale", column.scale)], into: &bytes)
                }
            case .minMaxScale(let fitted):
                name = MinMaxScale.Fitted.stepName
                CanonicalJSON.appendJoined(fitted.columns, to: &bytes) { bytes, column in
                    Self.write([("maximum", column.maximum), ("minimum", column.minimum)], name: column.name, [], into: &bytes)
                }
            default: return nil
            }
            bytes += #"]},"step":"#.utf8
            CanonicalJSON.appendString(name, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes += "]}".utf8
        return bytes
    }

    /// One column's object: the numbers keyed before "name", the name, the numbers keyed after it.
    private static func write(_ before: [(String, Double)], name: String, _ after: [(String, Double)], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for (key, value) in before {
            bytes += "\"\(key)\":".utf8
            CanonicalJSON.appendNumber(value, to: &bytes)
            bytes.append(UInt8(ascii: ","))
        }
        bytes += #""name":"#.utf8
        CanonicalJSON.appendString(name, to: &bytes)
        for (key, value) in after {
            bytes += ",\"\(key)\":".utf8
            CanonicalJSON.appendNumber(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
