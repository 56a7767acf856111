import Foundation
import Tables

/// Content-addressed files: each object is named by the SHA-256 of its bytes
/// (`objects/ab/cdef…`), written to a temporary file and renamed into place,
/// so a reader never sees half an object and a killed writer leaves only a
/// temporary file behind. Both the bytes and the rename reach the disk before
/// `put` returns: a database row that names an object is committed after it,
/// and must not outlive it in a crash of the operating system.
public struct ObjectStore: Sendable {
    /// The `objects` folder.
    public let directory: String

    init(directory: String) {
        self.directory = directory
    }

    /// Stores `data`; returns its name (64 hex digits). Storing the same bytes twice is free.
    @discardableResult
    public func put(_ data: Data) throws(StoreError) -> String {
        try put(data, named: ContentDigest.sha256(data))
    }

    /// Stores `data` whose SHA-256 the caller already knows (`name`).
    @discardableResult
    public func put(_ data: Data, named name: String) throws(StoreError) -> String {
        let path = self.path(of: name)
        if reuse(name) { return name }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.tmp-\(getpid())-\(RandomToken.make())"
        do {
            let newFolder = !FileManager.default.fileExists(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try DurableFiles.write(data, to: temporary)
            guard rename(temporary, path) == 0 else { throw StoreError(String(cString: strerror(errno))) }
            try DurableFiles.syncFolder(folder)
            if newFolder { try DurableFiles.syncFolder(directory) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError("cannot write object \(name.prefix(12)) to the run store: \((error as? StoreError)?.message ?? "\(error)")")
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

    /// Whether object `name` is stored; if it is, its modification time
    /// becomes now. A live run that reuses an object its row does not refer
    /// to yet then looks as new to `mlx gc` as one it wrote.
    func reuse(_ name: String) -> Bool {
        if utimes(path(of: name), nil) == 0 { return true }
        // A store the process may read but not touch still has the object.
        return errno != ENOENT && contains(name)
    }

    /// A file in the objects folder: an object (`name` is its 64 hex digits)
    /// or a temporary file a writer left (`name` is its path).
    struct StoredFile {
        var name: String
        var size: Int
        var modified: Date
    }

    /// Every stored object, and the temporary files killed writers left behind.
    func list() -> (objects: [StoredFile], temporaries: [StoredFile]) {
        var objects = [StoredFile](), temporaries = [StoredFile]()
        let manager = FileManager.default
        for folder in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where folder.count == 2 {
            for file in (try? manager.contentsOfDirectory(atPath: directory + "/" + folder)) ?? [] {
                let path = directory + "/" + folder + "/" + file
                guard let (size, modified) = Self.sizeAndModification(path) else { continue }
                if file.hasPrefix(".tmp-") {
                    temporaries.append(StoredFile(name: path, size: size, modified: modified))
                } else if file.count == 62 {
                    objects.append(StoredFile(name: folder + file, size: size, modified: modified))
                }
            }
        }
        return (objects, temporaries)
    }

    /// The modification time of object `name`, if it is stored.
    func modified(_ name: String) -> Date? { Self.sizeAndModification(path(of: name))?.modified }

    private static func sizeAndModification(_ path: String) -> (size: Int, modified: Date)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) * 1e-9
        return (Int(info.st_size), Date(timeIntervalSince1970: modified))
    }

    func remove(_ name: String) { try? FileManager.default.removeItem(atPath: path(of: name)) }

    func path(of name: String) -> String {
        // Through String(Substring), not `+` of a substring: that generic append is
        // instantiated on first use, which cost a recorded run's thread 0.05 ms.
        let split = name.index(name.startIndex, offsetBy: 2, limitedBy: name.endIndex) ?? name.endIndex
        return directory + "/" + String(name[..<split]) + "/" + String(name[split...])
    }
}
