import Foundation

/// What identifies one version of the config on disk: the file's and its `.env`'s inode, size and modification time.
///
/// Editors replace a file (a new inode) or rewrite it in place (a new time or size); either
/// changes the stamp, and the agent reads the config again.
struct ConfigStamp: Equatable, Sendable {
    private struct File: Equatable, Sendable {
        let inode: UInt64
        let size: UInt64
        let modified: Date
    }

    private let files: [File?]

    /// The stamp of `configPath` and of `envFile`, or the `.env` beside the config when none is named
    /// (a file that does not exist has a stamp too: its absence).
    init(configPath: String, envFile: String?) {
        let directory = (configPath as NSString).deletingLastPathComponent
        files = [configPath, envFile ?? directory + "/.env"].map { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            return File(inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                        size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
                        modified: attributes[.modificationDate] as? Date ?? .distantPast)
        }
    }
}
