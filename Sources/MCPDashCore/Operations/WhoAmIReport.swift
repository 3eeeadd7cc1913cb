import Foundation

/// What `mcpdash whoami` found: the identity the server sees and what the client knows.
public struct WhoAmIReport: Codable, Equatable, Sendable {
    /// The claims of the credential, as far as the client can read them.
    public struct Claims: Codable, Equatable, Sendable {
        /// `sub`.
        public let subject: String?
        /// `iss`.
        public let issuer: String?
        /// `aud`.
        public let audience: [String]
        /// Granted scopes.
        public let scopes: [String]
        /// `exp`.
        public let expiresAt: Date?
        /// True when `aud` is set but names neither the server's resource URI nor its origin.
        public let audienceMismatch: Bool
    }

    /// The server's config name.
    public let server: String
    /// Its endpoint.
    public let endpoint: String
    /// The name and version the server reported.
    public let serverInfo: String
    /// The negotiated protocol version.
    public let protocolVersion: String
    /// How many tools it lists; nil when the identity tool answered and they were not listed.
    public let toolCount: Int?
    /// The identity tool called, when the server has one.
    public let identityTool: String?
    /// What the identity tool answered (its text content).
    public let identity: String?
    /// The credential's claims, when it is a JWT.
    public let claims: Claims?
    /// The auth method used.
    public let authMethod: String
    /// Round-trip time of the identity call (or of `tools/list` without one), in milliseconds.
    public let latencyMilliseconds: Double
    /// With `--repeat`, the round trip of each further identity call (or `tools/list`) in the same session, in milliseconds.
    public var repeatedLatenciesMilliseconds: [Double]? = nil
    /// True when the primary key was refused and the secondary was accepted: rotate the primary.
    public var usedSecondaryKey: Bool = false
    /// When the verdict came from the cache instead of the server, the time the server gave it.
    public var cachedAt: Date? = nil

    /// The median of `repeatedLatenciesMilliseconds`, when there are any.
    public var repeatedMedianMilliseconds: Double? {
        guard let latencies = repeatedLatenciesMilliseconds, !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
