import Synchronization

/// Remembers, for one connection, that the primary key was refused and the secondary is in use
/// (the primary/secondary pair of seed 003).
public final class SecondaryKeyFallback: Sendable {
    private let active = Mutex(false)

    /// Creates a fallback that starts on the primary.
    public init() {}

    /// Whether the secondary key is in use.
    public var isActive: Bool { active.withLock { $0 } }

    /// Switches to the secondary; false when it was already in use (so a second 401 is final).
    public func activate() -> Bool {
        active.withLock { state in
            defer { state = true }
            return !state
        }
    }
}
