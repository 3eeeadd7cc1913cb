/// Whether the operator is logged in to a server, as `mcpdash list` says it without the network.
public enum LoginState: String, Codable, Equatable, Sendable {
    /// A usable credential is held (or renewable without the operator).
    case ok
    /// A token method has no session, or the authorization server ended it: `mcpdash login`.
    case loginRequired = "login required"
    /// The credential has expired and nothing can renew it unattended.
    case expired
    /// Client credentials or workload identity without a token yet: one is fetched on first use.
    case onDemand = "on demand"
    /// The method has no login (a static secret without an expiry, or none at all).
    case notApplicable = "—"

    /// The text the LOGIN column shows.
    public var text: String { rawValue }
}
