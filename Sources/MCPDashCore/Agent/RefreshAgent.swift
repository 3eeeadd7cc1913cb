import Foundation

/// `mcpdash agent`: keeps every token fresh and every server checked while no one watches.
///
/// Once a second it looks at the config and the stored tokens: a token past its renewal time
/// (`RenewalSchedule`) is renewed under the same per-server lock as the dashboard and `token`
/// calls, and a server whose check interval has passed is checked. Each renewal and check runs
/// as its own child task, so a server that hangs delays nobody else. A changed config file is
/// read again (a broken one is logged and the old config kept); every action is one
/// `AgentEvent`; the heartbeat and the latest action go to the state database (`AgentStatus`).
public actor RefreshAgent {
    /// How the agent paces itself.
    public struct Options: Sendable {
        /// Seconds between two checks of a server; the config's `healthCheckIntervalSeconds` when nil.
        public var checkInterval: TimeInterval?
        /// How often the agent looks at its servers and tokens.
        public var tick: Duration = .seconds(1)
        /// The most health checks in flight at once.
        public var maximumConcurrentChecks = 16
        /// Where `/metrics` is served, for the status row.
        public var metricsAddress: String?

        /// Options with the defaults.
        public init(checkInterval: TimeInterval? = nil, metricsAddress: String? = nil) {
            self.checkInterval = checkInterval
            self.metricsAddress = metricsAddress
        }
    }

    /// Reads the config (again); it throws what the loader throws.
    public typealias ConfigSource = @Sendable () throws -> MCPDashConfig

    private struct TokenState {
        var inFlight = false
        var failures = 0
        var retryAt: Date?
        var failing = false
        var reportedLoginRequired: String?
    }

    private struct CheckState {
        var inFlight = false
        var nextAt: Date
        var last: HealthReport.Outcome?
    }

    /// What a renewal came to.
    private enum RenewalResult: Sendable {
        case renewed(LoginReport)
        case kept
        case failed(message: String, reason: AuthFailureReason?, loginRequired: Bool)
        /// The agent is stopping; the attempt says nothing about the token.
        case cancelled
    }

    private let source: ConfigSource
    private let stores: SecretStores
    private let database: StateDatabase
    private let metrics: AgentMetrics
    private let options: Options
    private let log: @Sendable (AgentEvent) -> Void
    private let minter = SelfSignedJWTMinter()

    private var config: MCPDashConfig
    private var stamp: ConfigStamp
    private var tokens: [AgentMetrics.TokenKey: TokenState] = [:]
    private var checks: [String: CheckState] = [:]
    private var status: AgentStatus
    private var lastHeartbeat = Date.distantPast

    /// An agent over the config `source` gives; throws when the first read fails.
    public init(source: @escaping ConfigSource, stores: SecretStores, database: StateDatabase, metrics: AgentMetrics,
                options: Options = Options(), log: @escaping @Sendable (AgentEvent) -> Void) throws {
        self.source = source
        self.stores = stores
        self.database = database
        self.metrics = metrics
        self.options = options
        self.log = log
        let config = try source()
        self.config = config
        self.stamp = ConfigStamp(config)
        self.status = AgentStatus(pid: getpid(), startedAt: Date(), metricsAddress: options.metricsAddress)
    }

    /// The config the agent works from now.
    public var currentConfig: MCPDashConfig { config }

    /// Runs until the task is cancelled, then records a clean stop.
    public func run() async {
        adopt(config, now: Date())
        metrics.config(brokenEntries: config.broken.count, applied: true)
        record(.started(servers: config.servers.count, metricsAddress: options.metricsAddress), now: Date())
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = Date()
                reloadIfChanged(now: now)
                let active = (try? database.activeAccounts()) ?? [:]
                scheduleRenewals(now: now, active: active, group: &group)
                scheduleChecks(now: now, active: active, group: &group)
                publishSecretAges(now: now)
                heartbeat(now: now)
                try? await Task.sleep(for: options.tick)
            }
        }
        status.stoppedAt = Date()
        try? database.save(status)
    }

    // MARK: - Config

    private func reloadIfChanged(now: Date) {
        let current = stamp.now()
        guard current != stamp else { return }
        stamp = current
        do {
            let fresh = try source()
            stamp = ConfigStamp(fresh)
            adopt(fresh, now: now)
            metrics.config(brokenEntries: fresh.broken.count, applied: true)
            record(.configReloaded(servers: fresh.servers.count, broken: fresh.broken.count), now: now)
        } catch {
            metrics.config(brokenEntries: config.broken.count, applied: false)
            let message = (error as? any UserFacingError)?.summary ?? SecretRedactor.shared.redact("\(error)")
            record(.configRejected(message: message), now: now)
        }
    }

    /// Makes `fresh` the config: new or changed servers are checked at once, gone ones forgotten.
    private func adopt(_ fresh: MCPDashConfig, now: Date) {
        let before = Dictionary(config.servers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        config = fresh
        let names = Set(fresh.servers.map(\.name))
        for server in fresh.servers {
            metrics.prepare(server: server.name)
            if checks[server.name] == nil || before[server.name] != server {
                checks[server.name, default: CheckState(nextAt: now)].nextAt = now
            }
        }
        checks = checks.filter { names.contains($0.key) }
        tokens = tokens.filter { names.contains($0.key.server) }
        metrics.retain(servers: names)
    }

    // MARK: - Renewals

    private var checkInterval: TimeInterval {
        options.checkInterval ?? TimeInterval(config.settings.healthCheckIntervalSeconds)
    }

    private func scheduleRenewals(now: Date, active: [String: String], group: inout DiscardingTaskGroup) {
        let stored = Dictionary(grouping: (try? database.allTokenMetadata()) ?? [], by: \.server)
        let margin = TimeInterval(config.settings.refreshMarginSeconds)
        var seen = Set<AgentMetrics.TokenKey>()
        for server in config.servers where server.auth.usesTokenEndpoint && !server.disabled {
            var candidates = (stored[server.name] ?? []).map { (AgentMetrics.TokenKey(server: server.name, account: $0.account), Optional($0)) }
            let account = active[server.name] ?? SecretAddress.defaultAccount
            if RenewalSchedule.obtainsUnattended(server.auth), !candidates.contains(where: { $0.0.account == account }) {
                candidates.append((AgentMetrics.TokenKey(server: server.name, account: account), nil))
            }
            for (key, metadata) in candidates {
                seen.insert(key)
                var state = tokens[key] ?? TokenState()
                let due = metadata.map { RenewalSchedule.isDue($0, margin: margin, now: now) } ?? true
                let loginRequired = metadata?.loginRequired
                if let loginRequired, state.reportedLoginRequired != loginRequired {
                    state.reportedLoginRequired = loginRequired
                    record(.loginRequired(server: key.server, account: key.account, message: loginRequired), now: now)
                } else if loginRequired == nil {
                    state.reportedLoginRequired = nil
                }
                metrics.token(key, expiresAt: metadata?.expiresAt, renewalDue: due, failing: state.failing || loginRequired != nil)
                if due, loginRequired == nil, !state.inFlight, now >= state.retryAt ?? .distantPast {
                    state.inFlight = true
                    let context = (server: server, config: config, stores: stores, database: database)
                    group.addTask {
                        let result = await Self.renew(context.server, config: context.config, stores: context.stores,
                                                      database: context.database, account: key.account, known: metadata)
                        await self.finish(key, result)
                    }
                }
                tokens[key] = state
            }
        }
        tokens = tokens.filter { seen.contains($0.key) || $0.value.inFlight }
        metrics.retain(tokens: seen)
    }

    private static func renew(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores, database: StateDatabase,
                              account: String, known: TokenMetadata?) async -> RenewalResult {
        let broker = TokenBroker(server: server, config: config, stores: stores, database: database, account: account)
        do {
            let report = try await broker.renew(replacing: known)
            return report.grant == .stored ? .kept : .renewed(report)
        } catch where Task.isCancelled {
            return .cancelled
        } catch let error as OAuthError {
            return .failed(message: error.message, reason: AuthFailureReason(renewal: error), loginRequired: error.kind == .loginRequired)
        } catch let error as any UserFacingError {
            return .failed(message: error.summary, reason: nil, loginRequired: false)
        } catch {
            return .failed(message: SecretRedactor.shared.redact("\(error)"), reason: nil, loginRequired: false)
        }
    }

    private func finish(_ key: AgentMetrics.TokenKey, _ result: RenewalResult) {
        let now = Date()
        var state = tokens[key] ?? TokenState()
        state.inFlight = false
        switch result {
        case .cancelled:
            break
        case .renewed(let report):
            state.failures = 0
            state.retryAt = nil
            state.failing = false
            metrics.refreshed(server: key.server, outcome: .success)
            record(.refreshed(server: key.server, account: key.account, grant: report.grant, expiresAt: report.expiresAt), now: now)
        case .kept:
            state.failures = 0
            state.retryAt = nil
            state.failing = false
            record(.keptRenewal(server: key.server, account: key.account), now: now)
        case .failed(let message, let reason, let loginRequired):
            state.failures += 1
            let wait = RenewalSchedule.backoff(failures: state.failures)
            state.retryAt = now.addingTimeInterval(wait)
            state.failing = true
            metrics.refreshed(server: key.server, outcome: .failure, reason: reason)
            if loginRequired {
                state.reportedLoginRequired = (try? database.tokenMetadata(server: key.server, account: key.account))??.loginRequired ?? message
                record(.loginRequired(server: key.server, account: key.account, message: message), now: now)
            } else {
                record(.refreshFailed(server: key.server, account: key.account, message: message, retryIn: wait), now: now)
            }
        }
        tokens[key] = state
    }

    // MARK: - Checks

    private func scheduleChecks(now: Date, active: [String: String], group: inout DiscardingTaskGroup) {
        var running = checks.values.filter(\.inFlight).count
        for server in config.servers where !server.disabled {
            guard running < options.maximumConcurrentChecks else { return }
            guard var state = checks[server.name], !state.inFlight, now >= state.nextAt else { continue }
            state.inFlight = true
            checks[server.name] = state
            running += 1
            let context = (config: config, stores: stores, database: database, minter: minter)
            let account = active[server.name] ?? SecretAddress.defaultAccount
            group.addTask {
                let report = await HealthCheck.check(server, config: context.config, stores: context.stores, minter: context.minter,
                                                     database: context.database, account: account)
                await self.finish(check: report, server: server)
            }
        }
    }

    private func finish(check report: HealthReport, server: ServerConfig) {
        let now = Date()
        guard var state = checks[report.server] else { return }
        state.inFlight = false
        state.nextAt = now.addingTimeInterval(checkInterval)
        // A server edited while its check ran is checked again with its new settings.
        if config.server(named: report.server) != server { state.nextAt = now }
        metrics.checked(report, at: now)
        if state.last != report.outcome {
            if let event = HealthCheck.journalEvent(for: report) { _ = try? database.append(event) }
            record(.healthChanged(server: report.server, outcome: report.outcome, detail: report.detail), now: now)
        }
        state.last = report.outcome
        checks[report.server] = state
    }

    // MARK: - Secrets, status

    private func publishSecretAges(now: Date) {
        // The default account's secrets are the server's; other accounts rotate on their own.
        let changes = Dictionary(grouping: ((try? database.secretChanges()) ?? []).filter { $0.account == SecretAddress.defaultAccount }, by: \.server)
        for server in config.servers {
            metrics.rotationPolicy(server: server.name, days: server.rotationPolicyDays ?? config.settings.rotationPolicyDays)
            for change in changes[server.name] ?? [] {
                metrics.secretAge(server: server.name, field: change.field, seconds: now.timeIntervalSince(change.changedAt))
            }
        }
    }

    private func record(_ event: AgentEvent, now: Date) {
        log(event)
        status.lastAction = event.line(now: now)
        status.lastActionAt = now
        status.heartbeatAt = now
        lastHeartbeat = now
        try? database.save(status)
    }

    private func heartbeat(now: Date) {
        guard now.timeIntervalSince(lastHeartbeat) >= AgentStatus.heartbeatInterval else { return }
        lastHeartbeat = now
        status.heartbeatAt = now
        try? database.save(status)
    }
}
