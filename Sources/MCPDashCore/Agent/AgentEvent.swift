import Foundation

/// One thing the refresh agent did or saw, logged as one line and remembered as its last action.
public enum AgentEvent: Equatable, Sendable {
    /// The agent started with this many servers; metrics are served at the address when given.
    case started(servers: Int, metricsAddress: String?)
    /// A token was renewed.
    case refreshed(server: String, account: String, grant: Grant, expiresAt: Date?)
    /// Another mcpdash process renewed the token first; the agent kept that one.
    case keptRenewal(server: String, account: String)
    /// A renewal failed; the agent tries again after `retryIn` seconds.
    case refreshFailed(server: String, account: String, message: String, retryIn: TimeInterval)
    /// The session needs a person to log in; the agent stops trying until one does.
    case loginRequired(server: String, account: String, message: String)
    /// A server's health check came out differently from the one before.
    case healthChanged(server: String, outcome: HealthReport.Outcome, detail: String)
    /// The config file changed and was read again.
    case configReloaded(servers: Int, broken: Int)
    /// The config file changed but cannot be read; the agent keeps the config it had.
    case configRejected(message: String)
    /// The agent is stopping.
    case stopping(reason: String)

    /// The server the event is about, when it is about one.
    public var server: String? {
        switch self {
        case .refreshed(let server, _, _, _), .keptRenewal(let server, _), .refreshFailed(let server, _, _, _),
             .loginRequired(let server, _, _), .healthChanged(let server, _, _): server
        default: nil
        }
    }

    /// Whether the event reports a problem (logged as such).
    public var isProblem: Bool {
        switch self {
        case .refreshFailed, .loginRequired, .configRejected: true
        case .healthChanged(_, let outcome, _): outcome != .ok
        default: false
        }
    }

    /// The event as one line, relative to `now`; secrets never reach it (messages are redacted at their source and again here).
    public func line(now: Date = Date()) -> String {
        let text: String
        switch self {
        case .started(let servers, let address):
            text = "started: watching \(servers) server\(servers == 1 ? "" : "s")" + (address.map { "; metrics on http://\($0)/metrics" } ?? "")
        case .refreshed(let server, let account, let grant, let expiresAt):
            text = "refreshed \(Self.name(server, account)) (\(grant.rawValue)): \(expiresAt.map { ExpiryText.describe($0, now: now) } ?? "no expiry given")"
        case .keptRenewal(let server, let account):
            text = "kept \(Self.name(server, account)): another mcpdash process renewed it first"
        case .refreshFailed(let server, let account, let message, let retryIn):
            text = "refresh of \(Self.name(server, account)) failed: \(message); retrying in \(ExpiryText.duration(Int(retryIn.rounded(.up))))"
        case .loginRequired(let server, let account, let message):
            text = "\(Self.name(server, account)) needs a login (\(message)); not retrying until `mcpdash login \(server)`"
        case .healthChanged(let server, let outcome, let detail):
            text = "\(server) is \(outcome.rawValue): \(detail)"
        case .configReloaded(let servers, let broken):
            text = "config reloaded: \(servers) server\(servers == 1 ? "" : "s")" + (broken > 0 ? ", \(broken) broken entr\(broken == 1 ? "y" : "ies") skipped" : "")
        case .configRejected(let message):
            text = "config change not applied (\(message)); keeping the config read before"
        case .stopping(let reason):
            text = "stopping: \(reason)"
        }
        return SecretRedactor.shared.redact(text)
    }

    private static func name(_ server: String, _ account: String) -> String {
        account == SecretAddress.defaultAccount ? server : "\(server) (account \(account))"
    }
}
