import Foundation

/// Reads a config as an editable document and writes it back safely: through a symlink to
/// its target, atomically, with its permissions, and with the previous version kept as
/// `PATH.bak` (0600, with any secret that moved to the secret store written as `keyring:`).
public enum ConfigFile {
    /// The document at `path`; an empty one when the file does not exist yet.
    public static func read(_ path: String) throws(ConfigError) -> ConfigDocument {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigDocument() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "permission denied or not a regular file")
        }
        do {
            return try ConfigDocument(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw .syntax(file: path, line: error.line, column: error.column, message: error.message)
        }
    }

    /// Writes `document` to `path`; returns the backup's path when there was a previous version.
    @discardableResult
    public static func write(_ document: ConfigDocument, to path: String, scrubbing moved: [String] = []) throws(ConfigEditError) -> String? {
        try write(Data(document.bytes), to: path, scrubbing: moved)
    }

    /// Writes `data` to `path` as `write(_:to:scrubbing:)` does.
    @discardableResult
    public static func write(_ data: Data, to path: String, scrubbing moved: [String] = []) throws(ConfigEditError) -> String? {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        do {
            try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var backup: String? = nil
            let mode = (try? manager.attributesOfItem(atPath: target)[.posixPermissions] as? Int) ?? nil
            if let previous = manager.contents(atPath: target) {
                var text = String(decoding: previous, as: UTF8.self)
                for value in moved.sorted(by: { $0.count > $1.count }) where !value.isEmpty {
                    text = text.replacingOccurrences(of: value, with: SecretSource.keyringReference)
                }
                let backupPath = target + ".bak"
                PrivateFiles.file(backupPath)
                try Data(text.utf8).write(to: URL(fileURLWithPath: backupPath))
                PrivateFiles.tighten(backupPath, to: 0o600)
                backup = backupPath
            }
            try data.write(to: URL(fileURLWithPath: target), options: .atomic)
            if let mode { try manager.setAttributes([.posixPermissions: mode], ofItemAtPath: target) }
            return backup
        } catch {
            throw .cannotWrite(file: path, reason: (error as NSError).localizedDescription)
        }
    }
}
