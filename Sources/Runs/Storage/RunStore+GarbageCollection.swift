import Foundation

/// `mlx gc`: removing objects no run refers to any more, and the temporary
/// files of writers that were killed.
extension RunStore {
    /// What a collection removed (or, for a dry run, would remove) and what it kept.
    public struct GarbageReport: Equatable, Sendable {
        /// A removed file: an object's name (64 hex digits) or a temporary file's path.
        public struct Removal: Equatable, Sendable {
            /// The object's name, or the temporary file's path.
            public var name: String
            /// Its size in bytes.
            public var size: Int
        }

        /// Objects no run refers to.
        public var objects: [Removal] = []
        /// Temporary files older than `temporaryAge`.
        public var temporaries: [Removal] = []
        /// Objects no run refers to yet that were kept because a live run may still commit a reference to them.
        public var keptForLiveRuns = 0
        /// A run still being recorded: numbered once its row is written, which
        /// a script's run in CI leaves to the reader after it ends.
        public struct LiveRun: Equatable, Sendable {
            public var number: Int?
            /// The script it runs; nil for a REPL session.
            public var script: String?

            public init(number: Int?, script: String?) {
                self.number = number
                self.script = script
            }
        }

        /// The oldest run still being recorded, if any.
        public var oldestLiveRun: LiveRun?
        /// Objects some run refers to.
        public var referenced = 0

        /// Nothing removed or kept yet.
        public init() {}

        /// The bytes the removals free.
        public var bytesFreed: Int { (objects + temporaries).reduce(0) { $0 + $1.size } }
    }

    /// A killed writer's temporary file is this old (seconds) before it is
    /// removed: a younger one may belong to a writer that is still going.
    public static let temporaryAge: TimeInterval = 3600

    /// Removes every object no run refers to, except those written after the
    /// oldest live run started, and temporary files older than `temporaryAge`.
    /// With `dryRun`, removes nothing and reports what it would remove.
    public func collectGarbage(dryRun: Bool, now: Date = Date()) throws(StoreError) -> GarbageReport {
        var report = GarbageReport()
        let cutoff = try liveCutoff(now: now, report: &report)
        // Read after the live runs: a run that commits a reference later is live now, or starts after `now`.
        let referenced = try referencedObjects()
        let (objects, temporaries) = self.objects.list()
        for object in objects {
            if referenced.contains(object.name) {
                report.referenced += 1
            } else if mayBeLive(object, cutoff: cutoff) {
                report.keptForLiveRuns += 1
            } else {
                if !dryRun { self.objects.remove(object.name) }
                report.objects.append(GarbageReport.Removal(name: object.name, size: object.size))
            }
        }
        for file in temporaries where now.timeIntervalSince(file.modified) > Self.temporaryAge {
            if !dryRun { try? FileManager.default.removeItem(atPath: file.name) }
            report.temporaries.append(GarbageReport.Removal(name: file.name, size: file.size))
        }
        return report
    }

    /// Whether `object` was written or reused since `cutoff`; looked up again
    /// because a live run may have reused it since the folder was listed.
    private func mayBeLive(_ object: ObjectStore.StoredFile, cutoff: Date) -> Bool {
        object.modified >= cutoff || (objects.modified(object.name) ?? .distantPast) >= cutoff
    }

    /// Objects modified at or after this time may belong to a live run whose
    /// row does not refer to them yet: the start of the oldest live run (in
    /// the database, or only in its journal so far), or
    /// `now` if none is live, less a second because file times come from a
    /// coarser clock than the one runs are stamped with.
    private func liveCutoff(now: Date, report: inout GarbageReport) throws(StoreError) -> Date {
        try bringInJournaledRuns()
        let oldest = try liveRunStarts().min { $0.started < $1.started }
        report.oldestLiveRun = oldest?.run
        return min(oldest?.started ?? now, now).addingTimeInterval(-1)
    }
}
