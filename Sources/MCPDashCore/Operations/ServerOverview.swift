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
    /// The most recent failures, newest first (at most five).
    public var recentFailures: [JournalEvent]
    /// The secret `rotate` would replace, when the server has one in the secret store.
    public var rotatableField: String? = nil
    /// Whether a refresh token (or, for client credentials, the secret to ask again) is held.
    public var renewable: Bool = false

    /// Creates an overview from its parts.
    public init(summary: ServerSummary, account: String, hasExpiringToken: Bool, session: TokenMetadata?, registration: ClientRegistration?,
                lastCheck: JournalEvent?, whoamiLatencyMilliseconds: Int?, failuresByHour: [Int], recentFailures: [JournalEvent]) {
        self.summary = summary
        self.account = account
        self.hasExpiringToken = hasExpiringToken
        self.session = session
        self.registration = registration
        self.lastCheck = lastCheck
        self.whoamiLatencyMilliseconds = whoamiLatencyMilliseconds
        self.failuresByHour = failuresByHour
        self.recentFailures = recentFailures
    }

    /// The server's name.
    public var name: String { summary.name }
    /// Failures in the last 24 hours.
    public var failureCount: Int { failuresByHour.reduce(0, +) }

    /// Reads every server of `config` at `now`.
    public static func load(_ config: MCPDashConfig, stores: SecretStores, database: StateDatabase?, now: Date = Date()) -> [ServerOverview] {
        let events = (try? database?.events(since: now.addingTimeInterval(-86_400), limit: 20_000)) ?? []
        let sessions = (try? database?.allTokenMetadata()) ?? []
        let registrations = (try? database?.registrations()) ?? []
        let activeAccounts = (try? database?.activeAccounts()) ?? [:]
        var byServer: [String: [JournalEvent]] = [:]
        for event in events { if let server = event.server { byServer[server, default: []].append(event) } }
        return config.servers.map { server in
            let account = activeAccounts[server.name] ?? SecretAddress.defaultAccount
            let session = sessions.first { $0.server == server.name && $0.account == account }
            let serverEvents = byServer[server.name] ?? []
            var buckets = [Int](repeating: 0, count: 24)
            for event in serverEvents where event.outcome == .failure {
                let hoursAgo = Int(now.timeIntervalSince(event.time) / 3600)
                if (0..<24).contains(hoursAgo) { buckets[23 - hoursAgo] += 1 }
            }
            let checks = serverEvents.filter { ["status", "whoami"].contains($0.operation) && $0.outcome != .info }
            let latency = serverEvents.first { $0.operation == "whoami" && $0.outcome == .success }?.latencyMilliseconds
            var overview = ServerOverview(summary: ServerSummary(server, config: config, stores: stores), account: account,
                                          hasExpiringToken: server.auth.hasExpiringToken, session: session,
                                          registration: session?.issuer.flatMap { issuer in registrations.first { $0.issuer == issuer } },
                                          lastCheck: checks.first, whoamiLatencyMilliseconds: latency, failuresByHour: buckets,
                                          recentFailures: Array(serverEvents.filter { $0.outcome == .failure }.prefix(5)))
            overview.rotatableField = SecretRotation.rotatableField(of: server)
            if case .clientCredentials = server.auth { overview.renewable = true } else { overview.renewable = session?.refreshObtainedAt != nil }
            return overview
        }
    }
}
