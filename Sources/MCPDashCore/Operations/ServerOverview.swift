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
    /// Failures in the last 24 hours.
    public var failureCount: Int { failuresByHour.reduce(0, +) }

    /// Reads every server of `config` at `now`.
    public static func load(_ config: MCPDashConfig, stores: SecretStores, database: StateDatabase?, now: Date = Date()) -> [ServerOverview] {
        let digests = (try? database?.eventDigests(now: now)) ?? [:]
        var sessions: [String: TokenMetadata] = [:]
        for session in (try? database?.allTokenMetadata()) ?? [] { sessions[session.server + "\u{0}" + session.account] = session }
        var registrations: [String: ClientRegistration] = [:]
        for registration in (try? database?.registrations()) ?? [] { registrations[registration.issuer] = registration }
        let activeAccounts = (try? database?.activeAccounts()) ?? [:]
        let broken = config.broken.map { entry in
            ServerOverview(summary: ServerSummary(broken: entry), account: SecretAddress.defaultAccount, hasExpiringToken: false, session: nil,
                           registration: nil, lastCheck: nil, whoamiLatencyMilliseconds: nil, failuresByHour: Array(repeating: 0, count: 24),
                           lastFailure: nil)
        }
        let usable = config.servers.map { server in
            let account = activeAccounts[server.name] ?? SecretAddress.defaultAccount
            let session = sessions[server.name + "\u{0}" + account]
            let digest = digests[server.name] ?? EventDigest()
            var overview = ServerOverview(summary: ServerSummary(server, config: config, stores: stores), account: account,
                                          hasExpiringToken: server.auth.hasExpiringToken, session: session,
                                          registration: session?.issuer.flatMap { registrations[$0] },
                                          lastCheck: digest.lastCheck, whoamiLatencyMilliseconds: digest.whoamiLatencyMilliseconds,
                                          failuresByHour: digest.failuresByHour, lastFailure: digest.lastFailure)
            overview.rotatableField = SecretRotation.rotatableField(of: server)
            overview.usesTokenEndpoint = server.auth.usesTokenEndpoint
            if case .clientCredentials = server.auth { overview.renewable = true } else { overview.renewable = session?.refreshObtainedAt != nil }
            return overview
        }
        return broken.isEmpty ? usable : (usable + broken).sorted { $0.name < $1.name }
    }
}
