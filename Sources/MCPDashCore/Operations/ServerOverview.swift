import Foundation

/// Everything the dashboard shows about one server, read from the config, the state database
/// and the journal without contacting the server (and without reading any secret).
public struct ServerOverview: Equatable, Sendable {
    /// The config's view: name, transport, auth, storage, tags, endpoint.
    public var summary: ServerSummary
    /// The active account.
    public var account: String
    /// Whether the method's token expires (OAuth, client credentials, device code, JWT).
    public var hasExpiringToken: Bool
    /// The stored session of the active account, when there is one.
    public var session: TokenMetadata?
    /// The client registration at the session's issuer.
    public var registration: ClientRegistration?
    /// The latest health check or whoami outcome in the journal.
    public var lastCheck: JournalEvent?
    /// The latest successful whoami's round trip, in milliseconds.
    public var whoamiLatencyMilliseconds: Int?
    /// Failures in the last 24 hours, oldest hour first (24 buckets).
    public var failuresByHour: [Int]
    /// The latest failure in the last 24 hours.
    public var lastFailure: JournalEvent?
    /// The secret `rotate` would replace, when the server has one in the secret store.
    public var rotatableField: String? = nil
    /// Whether a refresh token (or, for client credentials, the secret to ask again) is held.
    public var renewable: Bool = false
    /// Whether the method gets its tokens from an authorization server (login, refresh, logout apply).
    public var usesTokenEndpoint: Bool = false

    /// When each of the server's secrets (of the active account) was stored or first seen.
    public var secrets: [SecretChange] = []
    /// The rotation policy, in days, the server's static secrets are judged against.
    public var rotationPolicyDays: Int = 90
    /// How long each self-minted JWT lives, for the `jwt` method.
    public var mintedLifetimeSeconds: Int? = nil

    /// Whether the server needs a login: a token method with no session, or one the server ended.
    public var needsLogin: Bool { usesTokenEndpoint && (session == nil || session?.loginRequired != nil) }

    /// Creates an overview from its parts.
    public init(summary: ServerSummary, account: String, hasExpiringToken: Bool, session: TokenMetadata?, registration: ClientRegistration?,
                lastCheck: JournalEvent?, whoamiLatencyMilliseconds: Int?, failuresByHour: [Int], lastFailure: JournalEvent?) {
        self.summary = summary
        self.account = account
        self.hasExpiringToken = hasExpiringToken
        self.session = session
        self.registration = registration
        self.lastCheck = lastCheck
        self.whoamiLatencyMilliseconds = whoamiLatencyMilliseconds
        self.failuresByHour = failuresByHour
        self.lastFailure = lastFailure
    }

    /// The server's name.
    public var name: String { summary.name }

    /// The secrets older than the rotation policy at `now`, oldest first.
    public func secretsPastPolicy(now: Date) -> [SecretChange] {
        secrets.filter { $0.ageDays(now: now) > rotationPolicyDays }.sorted { $0.changedAt < $1.changedAt }
    }

    /// What EXPIRES shows at `now`: the session's token, else a static JWT's `exp`, else a secret
    /// past the policy, else a minted JWT's lifetime, else the oldest secret's age.
    public func expiry(now: Date) -> CredentialExpiry {
        if let date = session?.expiresAt { return .token(date) }
        if let date = secrets.compactMap(\.expiresAt).min() { return .staticToken(date) }
        let oldest = secrets.min { $0.changedAt < $1.changedAt }
        if let oldest, oldest.ageDays(now: now) > rotationPolicyDays {
            return .secretAge(days: oldest.ageDays(now: now), policyDays: rotationPolicyDays, firstSeen: oldest.firstSeen)
        }
        if let mintedLifetimeSeconds { return .minted(lifetimeSeconds: mintedLifetimeSeconds) }
        if let oldest { return .secretAge(days: oldest.ageDays(now: now), policyDays: rotationPolicyDays, firstSeen: oldest.firstSeen) }
        return .unknown
    }

    /// Whether the operator is logged in at `now`, from what is stored alone.
    public func loginState(now: Date) -> LoginState {
        guard summary.error == nil, !summary.disabled else { return .notApplicable }
        if usesTokenEndpoint {
            guard let session else { return renewable ? .onDemand : .loginRequired }
            if session.loginRequired != nil { return .loginRequired }
            if let expiry = session.expiresAt, expiry <= now, !renewable { return .expired }
            return .ok
        }
        if let date = secrets.compactMap(\.expiresAt).min() { return date <= now ? .expired : .ok }
        return .notApplicable
    }
    /// Failures in the last 24 hours.
    public var failureCount: Int { failuresByHour.reduce(0, +) }

    /// Reads every server of `config` at `now`.
    public static func load(_ config: MCPDashConfig, stores: SecretStores, database: StateDatabase?, now: Date = Date()) -> [ServerOverview] {
        load(config, stores: stores, records: .read(from: database, now: now))
    }

    /// Joins every server of `config` with the `records` read from the state database.
    public static func load(_ config: MCPDashConfig, stores: SecretStores, records: OverviewRecords) -> [ServerOverview] {
        // One server at a time, drafted and joined: `list` of 100,000 servers never holds
        // every draft beside every overview.
        OverviewDrafts.overviews(config, stores: stores, records: records)
    }
}
