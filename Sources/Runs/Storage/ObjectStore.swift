import Foundation
import Tables

/// Content-addressed files: each object is named by the SHA-256 of its bytes
/// (`objects/ab/cdef…`), written to a temporary file and renamed into place,
/// so a reader never sees half an object and a killed writer leaves only a
/// temporary file behind.
public struct ObjectStore: Sendable {
    /// The `objects` folder.
    public let directory: String

    init(directory: String) {
        self.directory = directory
    }

    /// Stores `data`; returns its name (64 hex digits). Storing the same bytes twice is free.
    @discardableResult
    public func put(_ data: Data) throws(StoreError) -> String {
        let name = ContentDigest.sha256(data)
        let path = self.path(of: name)
        if FileManager.default.fileExists(atPath: path) { return name }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.tmp-\(getpid())-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw StoreError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError("cannot write object \(name.prefix(12)) to the run store: \(error)")
        }
        return name
    }

    /// The bytes of object `name`, checked against their name.
    public func get(_ name: String) throws(StoreError) -> Data {
        guard let data = FileManager.default.contents(atPath: path(of: name)) else {
            throw StoreError("object \(name.prefix(12)) is missing from the run store (removed by hand?)")
        }
        let actual = ContentDigest.sha256(data)
        guard actual == name else { throw StoreError("object \(name.prefix(12)) in the run store is corrupt: its bytes hash to \(actual.prefix(12))") }
        return data
    }

    public func contains(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(of: name)) }

    /// Every stored object's name with its size and modification time, and stray temporary files.
    func list() -> (objects: [(name: String, size: Int, modified: Date)], temporaries: [(path: String, modified: Date)]) {
        var objects = [(name: String, size: Int, modified: Date)](), temporaries = [(path: String, modified: Date)]()
        let manager = FileManager.default
        for folder in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where folder.count == 2 {
            for file in (try? manager.contentsOfDirectory(atPath: directory + "/" + folder)) ?? [] {
                let path = directory + "/" + folder + "/" + file
                let attributes = (try? manager.attributesOfItem(atPath: path)) ?? [:]
                let modified = attributes[.modificationDate] as? Date ?? .distantPast
                if file.hasPrefix(".tmp-") {
                    temporaries.append((path, modified))
                } else if file.count == 62 {
                    objects.append((folder + file, (attributes[.size] as? Int) ?? 0, modified))
                }
            }
        }
        return (objects, temporaries)
    }

    func remove(_ name: String) { try? FileManager.default.removeItem(atPath: path(of: name)) }

    func path(of name: String) -> String {
        directory + "/" + name.prefix(2) + "/" + name.dropFirst(2)
    }
}
