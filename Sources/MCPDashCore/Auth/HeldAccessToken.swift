import Foundation
import Synchronization

/// The access token one connection sends, read from the store once and sent again while the
/// stored session it came from is unchanged.
///
/// Every request of a connection needs the token; reading it from the keyring each time costs a
/// Secret Service round trip per request. The copy is kept in this process's memory only, and
/// only for the session whose `obtainedAt` it was read under: a refresh, a login or a logout by
/// any process changes or removes the session's metadata (read from the state database before
/// every request), and the next request reads the store again.
public final class HeldAccessToken: Sendable {
    private struct Held {
        let token: String
        let obtainedAt: Date
    }

    private let held = Mutex<Held?>(nil)

    /// Creates an empty holder.
    public init() {}

    /// The token read under the session obtained at `obtainedAt`, if it is the one held.
    public func token(obtainedAt: Date) -> String? {
        held.withLock { held in held.flatMap { $0.obtainedAt == obtainedAt ? $0.token : nil } }
    }

    /// Holds `token`, read under the session obtained at `obtainedAt`.
    public func keep(_ token: String, obtainedAt: Date) {
        held.withLock { $0 = Held(token: token, obtainedAt: obtainedAt) }
    }

    /// Drops the held token (a server refused it).
    public func forget() {
        held.withLock { $0 = nil }
    }
}
