/// The one-glyph status of a server row.
public enum ServerStatus: Int, Equatable, Sendable, Comparable {
    /// The last check failed or the token expired.
    case failing = 0
    /// No usable session: log in.
    case signedOut = 1
    /// The token expires within the warning threshold.
    case expiring = 2
    /// An operation is running.
    case busy = 3
    /// Not checked yet.
    case unknown = 4
    /// The last check succeeded and nothing is due.
    case ok = 5
    /// Disabled in the config.
    case disabled = 6

    public static func < (lhs: ServerStatus, rhs: ServerStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The glyph (or its ASCII stand-in).
    public func glyph(unicode: Bool) -> String {
        switch self {
        case .failing: unicode ? "✗" : "x"
        case .signedOut: unicode ? "○" : "o"
        case .expiring: unicode ? "◐" : "!"
        case .busy: unicode ? "…" : "~"
        case .unknown: unicode ? "·" : "?"
        case .ok: unicode ? "●" : "*"
        case .disabled: "-"
        }
    }

    /// The role that colours it.
    public var role: ThemeRole {
        switch self {
        case .failing: .danger
        case .signedOut, .expiring: .warning
        case .ok: .ok
        case .busy: .accent
        case .unknown, .disabled: .muted
        }
    }

    /// The word for it, for detail and help.
    public var word: String {
        switch self {
        case .failing: "failing"
        case .signedOut: "signed out"
        case .expiring: "expiring"
        case .busy: "working"
        case .unknown: "not checked"
        case .ok: "ok"
        case .disabled: "disabled"
        }
    }
}
