/// Why the state database could not be used.
public enum StateDatabaseError: Error, Equatable, Sendable, UserFacingError {
    /// The file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// A read or write failed.
    case queryFailed(path: String, reason: String)

    /// One line: what failed.
    public var summary: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the state database \(path): \(reason)"
        case .queryFailed(let path, let reason): "the state database \(path) failed: \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String? {
        "check that the directory is writable; MCPDASH_STATE_DB or XDG_STATE_HOME choose another location"
    }
}
