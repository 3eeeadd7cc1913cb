import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps mcpdash's own files private: 0600 files in 0700 directories, wherever they live.
///
/// Permissions are tightened only on what the current user owns (a shared parent such as `/tmp`
/// is left alone), and never loosened.
public enum PrivateFiles {
    /// Creates `directory` (and parents) as 0700, or tightens it to 0700 when it exists and is ours.
    /// One `stat` answers the usual case, a directory that is already there.
    public static func directory(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) != 0 || info.st_mode & S_IFMT != S_IFDIR {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        tighten(directory, to: 0o700)
    }

    /// Creates `path` empty with mode 0600 when it does not exist; else tightens it to 0600 when it is ours.
    public static func file(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        tighten(path, to: 0o600)
    }

    /// Tightens an existing `path` to `mode` when the current user owns it; a missing path is left alone.
    public static func tighten(_ path: String, to mode: mode_t) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o777 & ~mode != 0 else { return }
        _ = chmod(path, mode)
    }
}
