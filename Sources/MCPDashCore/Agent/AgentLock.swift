import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One refresh agent per state database: an exclusive `flock` on `locks/agent.lock`, which
/// also records the holder's pid so a second agent can name it.
public final class AgentLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The lock file beside the per-server refresh locks of `stateDatabase`.
    public static func path(stateDatabase: String) -> String {
        (stateDatabase as NSString).deletingLastPathComponent + "/locks/agent.lock"
    }

    /// Takes the lock at once, or throws `alreadyRunning` naming the agent that holds it.
    public static func acquire(path: String, pid: Int32 = getpid()) throws(AgentError) -> AgentLock {
        try? PrivateFiles.directory((path as NSString).deletingLastPathComponent)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AgentError(.cannotLock, summary: "cannot open the agent lock \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var bytes = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &bytes, bytes.count, 0)
            close(descriptor)
            let holder = count > 0 ? Int32(String(decoding: bytes.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) : nil
            throw AgentError(.alreadyRunning, summary: "another mcpdash agent is already running\(holder.map { " (pid \($0))" } ?? "") for this state",
                             hint: "one agent per user and host keeps every token fresh; stop it first (`kill \(holder.map(String.init) ?? "PID")`) to start another")
        }
        let text = Array("\(pid)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
        return AgentLock(descriptor: descriptor)
    }

    /// Releases the lock.
    public func release() {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
