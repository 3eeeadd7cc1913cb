import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One refresh owner per server and account across every mcpdash process: an exclusive
/// `flock` on a file in the state directory.
///
/// Rotating refresh tokens break when two processes redeem the same one; whoever holds this
/// lock refreshes, and the others re-read the result when they get it.
public final class RefreshLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The lock file for `server`/`account` next to the state database.
    public static func path(stateDatabase: String, server: String, account: String) -> String {
        let directory = (stateDatabase as NSString).deletingLastPathComponent + "/locks"
        let safe = "\(server)@\(account)".unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "-_.@".unicodeScalars.contains($0) ? String($0) : "_" }.joined()
        return "\(directory)/\(safe).lock"
    }

    /// Waits (polling, so the task stays cancellable) until the lock is held, for at most `timeout`.
    public static func acquire(path: String, server: String, timeout: Duration = .seconds(60)) async throws(OAuthError) -> RefreshLock {
        try? PrivateFiles.directory((path as NSString).deletingLastPathComponent)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw OAuthError(.unsupported, server: server, message: "cannot open the refresh lock \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard ContinuousClock.now < deadline, !Task.isCancelled else {
                close(descriptor)
                throw OAuthError(.timeout, server: server, message: "another mcpdash process has been refreshing this token for over \(timeout)",
                                 hint: "the lock is \(path); it is released when that process ends")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return RefreshLock(descriptor: descriptor)
    }

    /// Releases the lock.
    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
