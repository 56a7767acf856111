/// A `DecodingError` as one line a person reads: where in the document the problem is, as a
/// path like `preprocessing.steps[0].step`, and what it is, without the enum's case names and
/// "Debug description" labels that Swift's own description of the error spells out.
public enum DecodingProblem {
    /// The error's place and problem, or its own description when it is not a `DecodingError`.
    public static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(let type, let context):
            return located(context.codingPath, "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return located(context.codingPath, "no value where \(typeName(type)) was expected")
        case .keyNotFound(let key, let context):
            return located(context.codingPath, "the field '\(key.stringValue)' is missing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, context.debugDescription.hasPrefix("The given data was not valid JSON") {
                // Foundation's underlying error, when it gives one, says where: "around line 1, column 5".
                return "not valid JSON" + (context.underlyingError.map { ": \($0)" } ?? "")
            }
            return located(context.codingPath, context.debugDescription)
        @unknown default:
            return "\(error)"
        }
    }

    /// A coding path as it reads in the document: fields joined by dots, array positions in brackets.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func located(_ codingPath: [any CodingKey], _ problem: String) -> String {
        codingPath.isEmpty ? problem : "\(path(codingPath)): \(problem)"
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt8.Type: return "a whole number"
        case is [Any].Type: return "a list"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array<") { return "a list" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
