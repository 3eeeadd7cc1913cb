import Foundation

/// What identifies one version of the config on disk: the inode, size and modification time of each file it is read from.
///
/// Editors replace a file (a new inode) or rewrite it in place (a new time or size); either
/// changes the stamp, and the agent reads the config again.
public struct ConfigStamp: Equatable, Sendable {
    private struct File: Equatable, Sendable {
        let inode: UInt64
        let size: UInt64
        let modified: Date
    }

    private let files: [File?]

    /// The stamp of the config's input files (a file that does not exist has a stamp too: its absence).
    public init(_ config: MCPDashConfig) {
        files = (config.inputFiles.isEmpty ? [config.path] : config.inputFiles).map { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            return File(inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                        size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
                        modified: attributes[.modificationDate] as? Date ?? .distantPast)
        }
    }
}
