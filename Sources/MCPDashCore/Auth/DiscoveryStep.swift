/// One URL of the discovery chain, with what it answered.
public struct DiscoveryStep: Codable, Equatable, Sendable {
    /// Protected Resource Metadata (RFC 9728) or authorization-server metadata (RFC 8414 / OIDC).
    public let kind: String
    /// Why this URL: from the challenge, path or root well-known, issuer-derived.
    public let source: String
    /// The URL.
    public let url: String
    /// Its HTTP status, nil when unreachable.
    public let status: Int?
    /// What it said, in one line.
    public let note: String
}
