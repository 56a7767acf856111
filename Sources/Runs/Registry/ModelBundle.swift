import Foundation
import Learning
import Tables

/// A deployed model's folder, opened and verified:
///
///     bundle.json          the manifest (inputs, classes, metrics, lineage)
///     model.json           the model document (fitted parameters and preprocessing)
///     Dockerfile           runs `mlx serve` on this bundle
///     k8s/deployment.yaml  a Deployment with resource requests and health probes
///     k8s/service.yaml     a Service in front of it
///     checksums.sha256     SHA-256 of every file above (`sha256sum -c` reads it)
public struct ModelBundle: Sendable {
    public static let manifestFile = "bundle.json"
    public static let modelFile = "model.json"
    public static let checksumsFile = "checksums.sha256"

    public let directory: String
    public let manifest: BundleManifest
    public let model: TrainedModel

    /// Opens the bundle in `directory`, refusing it if a checksum does not
    /// match, the manifest or model is missing or unlisted, a symbolic link is anywhere in
    /// the folder, the format is newer than this mlx reads, or the manifest is not one
    /// the registry would have deployed (a name deploy refuses, a version below 1, an
    /// input listed twice).
    public init(directory: String) throws(BundleError) {
        // Messages name files as directory + "/" + file.
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        self.directory = directory
        try Self.refuseLinks(on: Self.checksumsFile, in: directory)
        try Self.refuseLinks(under: directory)
        let checksums = try Self.readChecksums(in: directory)
        for required in [Self.manifestFile, Self.modelFile] where checksums[required] == nil {
            throw BundleError("\(directory)/\(Self.checksumsFile) does not list \(required)")
        }
        // Every listed file that is present must match; the serving files must be present.
        for (file, expected) in checksums.sorted(by: { $0.key < $1.key }) {
            try Self.refuseLinks(on: file, in: directory)
            let path = directory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else {
                if file == Self.manifestFile || file == Self.modelFile { throw BundleError("\(path) is missing") }
                continue
            }
            let actual = ContentDigest.sha256(data)
            guard actual == expected else {
                throw BundleError("checksum mismatch for \(path): expected \(expected.prefix(16))…, the file has \(actual.prefix(16))…; refusing a bundle that was changed after deploy")
            }
        }
        let manifestData = try Self.read(directory + "/" + Self.manifestFile)
        do { manifest = try BundleManifest.decode(manifestData) } catch {
            throw BundleError("\(directory)/\(Self.manifestFile) is not a readable bundle manifest: \(DecodingProblem.describe(error))")
        }
        try Self.check(manifest, in: directory)
        do { model = try ModelDocument.decode(try Self.read(directory + "/" + Self.modelFile)) } catch let error as BundleError { throw error } catch {
            throw BundleError("\(directory)/\(Self.modelFile): \(error)")
        }
        try Self.check(manifest, describes: model, in: directory)
    }

    /// Refuses a manifest that says another model than `model.json` holds: clients read the
    /// estimator, task, target and classes from the manifest (`mlx models`, the metadata
    /// endpoints, the container's labels) and would be told something the answers contradict.
    static func check(_ manifest: BundleManifest, describes model: TrainedModel, in directory: String) throws(BundleError) {
        func quoted(_ name: String?) -> String { name.map { "'\($0)'" } ?? "none" }
        func listed(_ names: [String]?) -> String { names.map { $0.joined(separator: ", ") } ?? "none" }
        let fields: [(name: String, said: String, holds: String)] = [
            ("estimator", manifest.estimator, model.estimator),
            ("task", manifest.task, model.task.rawValue),
            ("target", quoted(manifest.target), quoted(model.targetName)),
            ("classes", listed(manifest.classes), listed(model.classLabels)),
        ]
        guard let (field, said, holds) = fields.first(where: { $0.said != $0.holds }) else { return }
        throw BundleError("\(directory)/\(manifestFile) gives \(field) \(said), but \(modelFile) holds \(holds); refusing a bundle whose files disagree")
    }

    /// Refuses a manifest that deploy would not have written: another format, a format or model
    /// version below 1, a name deploy refuses, an input listed twice.
    static func check(_ manifest: BundleManifest, in directory: String) throws(BundleError) {
        guard manifest.format == BundleManifest.currentFormat, manifest.formatVersion <= BundleManifest.currentFormatVersion else {
            throw BundleError("\(directory) is a \(manifest.format) version \(manifest.formatVersion) bundle; this mlx reads \(BundleManifest.currentFormat) up to version \(BundleManifest.currentFormatVersion)")
        }
        let file = "\(directory)/\(manifestFile)"
        guard manifest.formatVersion >= 1 else {
            throw BundleError("\(file): formatVersion is \(manifest.formatVersion), expected a format version from 1")
        }
        // The version is printed when serving and matched against URLs, which number versions from 1.
        guard manifest.version >= 1 else {
            throw BundleError("\(file): version is \(manifest.version), expected a version from 1, as deploy numbers them")
        }
        // The name is printed when serving and matched against URLs: it must be one deploy writes.
        do { try ModelRegistry.validate(name: manifest.name) } catch { throw BundleError("\(file): \(error.message)") }
        // A row holds each column once, so an input listed twice could never be given.
        var seen = Set<String>()
        if let input = manifest.inputs.first(where: { !seen.insert($0.name).inserted }) {
            throw BundleError("\(file) lists the input '\(input.name)' twice; a row holds each column once, so no request could give both")
        }
    }

    /// `checksums.sha256` as file → digest.
    static func readChecksums(in directory: String) throws(BundleError) -> [String: String] {
        let text = String(decoding: try read(directory + "/" + checksumsFile), as: UTF8.self)
        var result = [String: String]()
        for (index, line) in text.split(separator: "\n").enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit) else {
                throw BundleError("\(directory)/\(checksumsFile) line \(index + 1) is not '<sha256>  <file>'")
            }
            let file = parts[1].hasPrefix(" ") || parts[1].hasPrefix("*") ? String(parts[1].dropFirst()) : String(parts[1])
            guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                throw BundleError("\(directory)/\(checksumsFile) line \(index + 1) names a file outside the bundle: \(file)")
            }
            result[file] = parts[0].lowercased()
        }
        return result
    }

    /// Refuses a symbolic link anywhere on the way from `directory` (which may itself be one) to
    /// its `file`: a link can lead out of the bundle folder, which then no longer holds what it serves.
    static func refuseLinks(on file: String, in directory: String) throws(BundleError) {
        var path = directory
        for component in file.split(separator: "/") {
            path += "/" + component
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                throw BundleError("\(path) is a symbolic link (to \(target)); a bundle's files must be in its folder, not linked from elsewhere")
            }
        }
    }

    /// Refuses a symbolic link anywhere under `directory`, listed or not: the container image
    /// is built from the whole folder, and a link there would put something else in it.
    static func refuseLinks(under directory: String, depth: Int = 0) throws(BundleError) {
        // A bundle is a few files two folders deep; a deeper tree is not one deploy wrote.
        guard depth < 8, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw BundleError("\(path) is a symbolic link (to \(target)); a bundle's files must be in its folder, not linked from elsewhere")
            case S_IFDIR: try refuseLinks(under: path, depth: depth + 1)
            default: continue
            }
        }
    }

    static func read(_ path: String) throws(BundleError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw BundleError("\(path) is missing") }
        return data
    }
}

/// A bundle that cannot be served, and why.
public struct BundleError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
