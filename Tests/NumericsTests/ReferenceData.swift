import Foundation

/// Loads reference values that independent tools (NIST, numpy, scipy) produced.
///
/// The files live next to this source in `References/`, each with the script
/// that generated it, so a reviewer can regenerate and compare.
enum ReferenceData {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("References")

    /// The decoded contents of `References/<name>`.
    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(type, from: data)
    }

    /// The text of `References/<name>`.
    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}
