/// Whether a secret store can be used right now, as one typed answer with a one-line hint.
///
/// "Locked" and "not found" are different things: a lookup on a locked keyring returns
/// nothing without an error, so health is asked for explicitly.
public enum SecretStoreHealth: Equatable, Sendable {
    /// Ready to read and write.
    case ready
    /// No D-Bus session bus to talk to.
    case noSessionBus(detail: String)
    /// The bus has no Secret Service provider (no gnome-keyring or KeePassXC running).
    case noSecretService(detail: String)
    /// The Secret Service has no default collection to store into.
    case noDefaultCollection
    /// The default collection is locked.
    case locked
    /// The store cannot be used for another reason (file permissions, I/O).
    case unavailable(detail: String)

    /// True when reads and writes can proceed.
    public var isReady: Bool { self == .ready }

    /// A short label: `ready`, `locked`…
    public var label: String {
        switch self {
        case .ready: "ready"
        case .noSessionBus: "no session bus"
        case .noSecretService: "no Secret Service provider"
        case .noDefaultCollection: "no default collection"
        case .locked: "locked"
        case .unavailable: "unavailable"
        }
    }

    /// One line on what to do.
    public var hint: String {
        switch self {
        case .ready:
            "nothing to do"
        case .noSessionBus:
            "start a session bus (run inside `dbus-run-session`, or log in to a desktop session); on SSH hosts consider --insecure-storage"
        case .noSecretService:
            "install and start a Secret Service provider: `gnome-keyring-daemon --start --components=secrets` (or KeePassXC with Secret Service enabled)"
        case .noDefaultCollection:
            "create a default keyring (unlock gnome-keyring once with a non-empty password: `gnome-keyring-daemon --unlock`)"
        case .locked:
            "unlock the keyring (log in to the desktop, or `printf %s PASSWORD | gnome-keyring-daemon --unlock`)"
        case .unavailable:
            "check the file's path and permissions"
        }
    }

    /// The label with its detail, for one-line reports.
    public var summary: String {
        switch self {
        case .noSessionBus(let detail), .noSecretService(let detail), .unavailable(let detail):
            "\(label): \(detail)"
        default:
            label
        }
    }
}
