/// The config's part of every server's overview, built without the state database:
/// `joined(with:)` adds the `OverviewRecords` read from it.
///
/// The dashboard builds the drafts while `StatePreload` is still reading, so only the join
/// waits for the database (docs/decisions.md, "The dashboard reads its state beside its config").
public struct OverviewDrafts: Sendable {
    /// A usable server's overview without its records, and the secret fields its method has.
    private struct Draft: Sendable {
        var overview: ServerOverview
        var fields: Set<String>
    }

    private let usable: [Draft]
    private let broken: [ServerOverview]

    /// The drafts of every server of `config`, broken entries included.
    public init(_ config: MCPDashConfig, stores: SecretStores) {
        broken = config.broken.map(Self.brokenOverview)
        usable = config.servers.map { Self.draft($0, config: config, stores: stores) }
    }

    /// Every overview of `config` joined with `records`, each server drafted and joined in turn.
    static func overviews(_ config: MCPDashConfig, stores: SecretStores, records: OverviewRecords) -> [ServerOverview] {
        ordered(config.servers.map { join(draft($0, config: config, stores: stores), with: records) }, broken: config.broken.map(Self.brokenOverview))
    }

    /// The usable servers' overviews, with the broken entries' among them by name when there are any.
    private static func ordered(_ joined: [ServerOverview], broken: [ServerOverview]) -> [ServerOverview] {
        broken.isEmpty ? joined : (joined + broken).sorted { $0.name < $1.name }
    }

    /// The overview of an entry the config could not read.
    private static func brokenOverview(_ entry: BrokenServer) -> ServerOverview {
        ServerOverview(summary: ServerSummary(broken: entry), account: SecretAddress.defaultAccount, hasExpiringToken: false, session: nil,
                       registration: nil, lastCheck: nil, whoamiLatencyMilliseconds: nil, failuresByHour: Array(repeating: 0, count: 24),
                       lastFailure: nil)
    }

    /// The config's part of `server`'s overview.
    private static func draft(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores) -> Draft {
        var overview = ServerOverview(summary: ServerSummary(server, config: config, stores: stores), account: SecretAddress.defaultAccount,
                                      hasExpiringToken: server.auth.hasExpiringToken, session: nil, registration: nil, lastCheck: nil,
                                      whoamiLatencyMilliseconds: nil, failuresByHour: EventDigest().failuresByHour, lastFailure: nil)
        overview.rotatableField = SecretRotation.rotatableField(of: server)
        overview.usesTokenEndpoint = server.auth.usesTokenEndpoint
        switch server.auth {
        case .clientCredentials, .workloadIdentity: overview.renewable = true
        default: break
        }
        overview.rotationPolicyDays = server.rotationPolicyDays ?? config.settings.rotationPolicyDays
        if case .jwt(let auth) = server.auth { overview.mintedLifetimeSeconds = auth.lifetimeSeconds }
        return Draft(overview: overview, fields: Set(server.secretFields.map(\.field)))
    }

    /// Every overview, each with its server's active account, that account's session and its
    /// registration, the journal's digest and the secrets' changes; sorted by name when some
    /// entries are broken.
    public func joined(with records: OverviewRecords) -> [ServerOverview] {
        Self.ordered(usable.map { Self.join($0, with: records) }, broken: broken)
    }

    /// `draft`'s overview with its server's records.
    private static func join(_ draft: Draft, with records: OverviewRecords) -> ServerOverview {
        var overview = draft.overview
        let name = overview.name
        let account = records.activeAccounts[name] ?? SecretAddress.defaultAccount
        let session = records.sessions[OverviewRecords.key(server: name, account: account)]
        let digest = records.digests[name] ?? EventDigest()
        overview.account = account
        overview.session = session
        overview.registration = session?.issuer.flatMap { records.registrations[$0] }
        overview.lastCheck = digest.lastCheck
        overview.whoamiLatencyMilliseconds = digest.whoamiLatencyMilliseconds
        overview.failuresByHour = digest.failuresByHour
        overview.lastFailure = digest.lastFailure
        if !overview.renewable { overview.renewable = session?.refreshObtainedAt != nil }
        overview.secrets = (records.secretChanges[name] ?? []).filter { $0.account == account && draft.fields.contains($0.field) }
        return overview
    }
}
