import Foundation

/// What identifies one version of the config on disk: the inode, size and modification time of each file it is read from.
///
/// Editors replace a file (a new inode) or rewrite it in place (a new time or size); either
/// changes the stamp, and the agent reads the config again.
public struct ConfigStamp: Equatable, Sendable {
    private struct File: Equatable, Sendable {
        let inode: UInt64
        let size: Int64
        let modifiedSeconds: Int
        let modifiedNanoseconds: Int
    }

    private let paths: [String]
    private let files: [File?]

    /// The stamp of the config's input files (a file that does not exist has a stamp too: its absence).
    public init(_ config: MCPDashConfig) {
        self.init(paths: config.inputFiles.isEmpty ? [config.path] : config.inputFiles)
    }

    private init(paths: [String]) {
        self.paths = paths
        // One stat(2) per file: the dashboard asks every second, and building FileManager's
        // attribute dictionary was a visible part of its idle tick.
        files = paths.map { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return File(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                        modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        }
    }

    /// The stamp of the same files now, read without the config (which the dashboard's
    /// once-a-second check would otherwise copy).
    public func now() -> ConfigStamp {
        ConfigStamp(paths: paths)
    }
}
