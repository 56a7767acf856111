import Foundation
import Language
import Learning
import Tables

/// Versioned models inside the run store: `registry/<name>/<version>/`
/// holds a bundle, the `deployments` table its name, version, run and metrics.
public struct ModelRegistry {
    /// One deployed version, as `mlx models` lists it.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let version: Int
        public let run: Int?
        public let createdAt: Date
        public let estimator: String
        public let metrics: [String: Double]
        public let directory: String
    }

    let store: RunStore

    public init(store: RunStore) { self.store = store }

    /// The registry folder.
    public var directory: String { store.directory + "/registry" }

    /// Names become Kubernetes resource names (`mlx-<name>`), so they follow
    /// the DNS label rules. The refusal shows the name's control characters as
    /// symbols: it may come from a bundle's manifest and go to a terminal.
    public static func validate(name: String) throws(DeployNameError) {
        let allowed = name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        guard !name.isEmpty, name.utf8.count <= 48, allowed, name.first != "-", name.last != "-" else {
            throw DeployNameError(
                "a model name is 1 to 48 lowercase letters, digits and dashes, not starting or ending with a dash (it names a Kubernetes Deployment), got \"\(name.visible)\"")
        }
    }

    /// Writes the next version of `request.name`: allocates the version and
    /// writes the bundle inside one write transaction, so two deploys of the
    /// same name at once get different versions.
    public func deploy(_ request: DeployRequest, lineage: RunRecord?) throws -> Deployment {
        try Self.validate(name: request.name)
        let lineage = lineage.flatMap { $0.number > 0 ? $0 : nil }
        let model = request.model.document
        return try store.database.transaction { () throws(StoreError) -> Deployment in
            let version = (try store.database.rows("SELECT max(version) FROM deployments WHERE name = ?", [.text(request.name)]).first?.integer(0) ?? 0) + 1
            let manifest = Self.manifest(request, version: version, lineage: lineage)
            let folder = directory + "/\(request.name)/\(version)"
            let manifestDigest = try write(manifest, model: model, to: folder)
            let metrics = RunStore.json(manifest.metrics)
            let modelObject = try store.objects.put(model, named: request.model.digest)
            try store.database.run(
                "INSERT INTO deployments (name, version, run, created_at, estimator, model_object, manifest_sha256, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(request.name), SQLiteValue(version), SQLiteValue(lineage?.number), .real(manifest.createdAt.timeIntervalSince1970),
                    .text(manifest.estimator), .text(modelObject), .text(manifestDigest), .text(metrics),
                ])
            return Deployment(name: request.name, version: version, location: folder, model: modelObject)
        }
    }

    static func manifest(_ request: DeployRequest, version: Int, lineage: RunRecord?) -> BundleManifest {
        let data = (lineage?.inputs ?? []).map {
            BundleManifest.Lineage.DataFile(path: $0.path, sha256: $0.fingerprint.sha256, bytes: $0.fingerprint.byteCount, rows: $0.fingerprint.rowCount)
        }
        return BundleManifest(
            format: BundleManifest.currentFormat, formatVersion: BundleManifest.currentFormatVersion, name: request.name, version: version,
            createdAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), estimator: request.trained.estimator,
            task: request.trained.task.rawValue, inputs: request.inputs, target: request.trained.targetName, classes: request.trained.classLabels,
            metrics: request.model.testedMetrics ?? [:],
            lineage: BundleManifest.Lineage(run: lineage?.number, runID: lineage?.contentID, script: lineage?.script, data: data, git: lineage?.git))
    }

    /// Writes the bundle's files and their checksums into `folder` (through a
    /// temporary folder renamed into place); returns the manifest's SHA-256.
    private func write(_ manifest: BundleManifest, model: Data, to folder: String) throws(StoreError) -> String {
        let manager = FileManager.default
        let temporary = directory + "/.tmp-\(getpid())-\(RandomToken.make())"
        do {
            let manifestData = try manifest.encoded()
            let files: [(String, Data)] = [
                (ModelBundle.manifestFile, manifestData), (ModelBundle.modelFile, model),
                ("Dockerfile", Data(ContainerFiles.dockerfile(manifest).utf8)),
                ("k8s/deployment.yaml", Data(ContainerFiles.deployment(manifest, modelBytes: model.count).utf8)),
                ("k8s/service.yaml", Data(ContainerFiles.service(manifest).utf8)),
            ]
            try manager.createDirectory(atPath: temporary + "/k8s", withIntermediateDirectories: true)
            // On the disk before the row that lists the version is committed, like the store's objects.
            for (name, data) in files { try DurableFiles.write(data, to: temporary + "/" + name) }
            let checksums = files.map { "\(ContentDigest.sha256($0.1))  \($0.0)\n" }.joined()
            try DurableFiles.write(Data(checksums.utf8), to: temporary + "/" + ModelBundle.checksumsFile)
            for inner in [temporary + "/k8s", temporary] { try DurableFiles.syncFolder(inner) }
            // A folder left by a deploy that was killed before it committed.
            if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
            let parent = (folder as NSString).deletingLastPathComponent
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try manager.moveItem(atPath: temporary, toPath: folder)
            for outer in [parent, directory] { try DurableFiles.syncFolder(outer) }
            return ContentDigest.sha256(manifestData)
        } catch {
            try? manager.removeItem(atPath: temporary)
            let reason = (error as? StoreError)?.message ?? error.localizedDescription
            throw StoreError("cannot write the bundle for \(manifest.name) version \(manifest.version): \(reason)")
        }
    }

    /// Every deployed version, by name and then version.
    public func entries() throws(StoreError) -> [Entry] {
        try store.database.rows("SELECT name, version, run, created_at, estimator, metrics FROM deployments ORDER BY name, version").map(entry)
    }

    /// The bundle folder `reference` names: `name` (its latest version) or `name@version`.
    public func resolve(_ reference: String) throws(StoreError) -> Entry {
        // Kept empty, so that `iris@` is refused rather than read as `iris`.
        let parts = reference.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts.first ?? ""
        let versions = try store.database.rows(
            "SELECT name, version, run, created_at, estimator, metrics FROM deployments WHERE name = ? ORDER BY version", [.text(name)]
        ).map(entry)
        guard let latest = versions.last else {
            let known = try entries().map(\.name)
            let hint = known.isEmpty ? "nothing has been deployed yet" : "deployed models: " + Array(Set(known)).sorted().joined(separator: ", ")
            throw StoreError("no model named '\(name)' (\(hint))")
        }
        guard parts.count == 2 else { return latest }
        let text = parts[1], digits = text.hasPrefix("v") ? String(text.dropFirst()) : text
        // A version is written one way only, as a server's URLs write it: `01` or `+1` is not `1`.
        guard let version = Int(digits), String(version) == digits else {
            throw StoreError(
                text.isEmpty
                    ? "'\(reference)' names no version: give \(name)@VERSION (versions 1 to \(latest.version)), or \(name) for the latest"
                    : "'\(name)' has no version '\(text)': a version is a whole number without leading zeros or a sign (versions 1 to \(latest.version))")
        }
        guard let match = versions.first(where: { $0.version == version }) else {
            throw StoreError("'\(name)' has no version \(text) (versions 1 to \(latest.version))")
        }
        return match
    }

    /// The run that deployed `reference` (`name@version`).
    func deployingRun(_ reference: String) throws(StoreError) -> Int {
        guard reference.split(separator: "@", omittingEmptySubsequences: false).count == 2 else {
            throw StoreError("'\(reference)' is not a run: give its number, last, at least 4 hex digits of its id, or NAME@VERSION of a deployed model")
        }
        let deployed = try resolve(reference)
        guard let run = deployed.run else { throw StoreError("\(deployed.name)@\(deployed.version) was deployed by no recorded run") }
        return run
    }

    /// The runs whose deployed bundles give, in their lineage, an id that starts with `prefix`:
    /// the run's content id as it stood at the deploy, which its later cells extend.
    func runs(deployedWithIDStarting prefix: String) throws(StoreError) -> [Int] {
        var runs = [Int]()
        for deployed in try entries() {
            guard let run = deployed.run, !runs.contains(run),
                let data = FileManager.default.contents(atPath: deployed.directory + "/" + ModelBundle.manifestFile),
                let manifest = try? BundleManifest.decode(data), manifest.lineage.runID?.hasPrefix(prefix) == true
            else { continue }
            runs.append(run)
        }
        return runs
    }

    private func entry(_ row: SQLiteRow) -> Entry {
        let name = row.text(0) ?? "", version = row.integer(1) ?? 0
        return Entry(
            name: name, version: version, run: row.integer(2), createdAt: Date(timeIntervalSince1970: row.real(3) ?? 0), estimator: row.text(4) ?? "",
            metrics: RunStore.decode([String: Double].self, row.text(5)) ?? [:], directory: directory + "/\(name)/\(version)")
    }
}
