import Foundation

/// How a server stands, in the dashboard's words: the same classification for every face
/// (the table's glyph, the detail pane, help, and the CLI when it needs one word).
public enum ServerCondition: Int, Equatable, Sendable, Comparable {
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

    public static func < (lhs: ServerCondition, rhs: ServerCondition) -> Bool { lhs.rawValue < rhs.rawValue }

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

    /// Classifies `server` at `now` from its latest health check this session (if any), whether
    /// an operation is running on it, and the expiry warning threshold.
    public static func classify(_ server: ServerOverview, health report: HealthReport?, busy: Bool, now: Date, warnSeconds: Int) -> ServerCondition {
        if server.summary.error != nil { return .failing }
        if server.summary.disabled { return .disabled }
        if busy { return .busy }
        if let report {
            if report.outcome == .unauthorized, server.hasExpiringToken, server.session == nil { return .signedOut }
            if report.outcome != .ok { return .failing }
        } else if let check = server.lastCheck, check.outcome == .failure {
            return server.hasExpiringToken && (server.session == nil || server.session?.loginRequired != nil) ? .signedOut : .failing
        }
        if server.needsLogin { return .signedOut }
        if let expiry = server.session?.expiresAt {
            let remaining = expiry.timeIntervalSince(now)
            if remaining <= 0, server.session?.refreshObtainedAt == nil { return .failing }
            if remaining < TimeInterval(warnSeconds), server.session?.refreshObtainedAt == nil { return .expiring }
        }
        if report?.outcome == .ok || server.lastCheck?.outcome == .success { return .ok }
        return .unknown
    }
}
