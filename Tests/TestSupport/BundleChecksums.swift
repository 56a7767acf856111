import Foundation
import Tables

/// Edits to a deployed bundle, made as a tool that changes its files would make them.
public enum BundleChecksums {
    /// `checksums.sha256` written anew for the files it lists as they are now, so that only
    /// the checks after the checksums can refuse an edited bundle.
    public static func rewrite(in bundle: String) throws {
        let path = bundle + "/checksums.sha256"
        let files = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { String($0.dropFirst(66)) }
        let lines = try files.map { file in
            ContentDigest.sha256(try Data(contentsOf: URL(fileURLWithPath: bundle + "/" + file))) + "  " + file + "\n"
        }
        try lines.joined().write(toFile: path, atomically: true, encoding: .utf8)
    }
}
