import Foundation

/// One operator's mcpdash, opened once: the config, the secret stores and the state database,
/// with one method per operation. Both faces call these: each CLI command is one call, and so
/// is each dashboard effect.
///
/// Every method takes a server by name and an account that may be nil; the account is resolved
/// here (the one named, else the server's active one), so no caller can act on the wrong account
/// by forgetting it.
public struct Workspace: Sendable {
    /// The config in use.
    public let config: MCPDashConfig
    /// The secret stores.
    public let stores: SecretStores
    /// The state database, when it opened (opened on first use).
    public var database: StateDatabase? { try? opener.result.get() }
    /// Why the state database did not open, for the operations that cannot do without it.
    public var databaseError: StateDatabaseError? {
        if case .failure(let error) = opener.result { return error }
        return nil
    }
    /// The process environment (browsers, editors, `${VAR}`s).
    public let environment: [String: String]
    /// The state database's path, when the workspace was given one (part of a cached answer's key).
    public let databasePath: String?
    private let opener: DatabaseOpener

    /// A workspace over `config` and `stores`, its state database at `databasePath` opened for
    /// `access` when an operation first needs it (one that cannot do without it reports why it
    /// did not open).
    public init(config: MCPDashConfig, stores: SecretStores, databasePath: String, environment: [String: String],
                access: StateDatabase.Access = .concurrent) {
        self.config = config
        self.stores = stores
        self.environment = environment
        self.databasePath = databasePath
        self.opener = DatabaseOpener {
            Result { () throws(StateDatabaseError) in try StateDatabase(path: databasePath, access: access) }
        }
    }

    /// A workspace over `config` and `stores` whose state database `preload` opens (its first
    /// use waits for it).
    public init(config: MCPDashConfig, stores: SecretStores, preload: StatePreload, environment: [String: String]) {
        self.config = config
        self.stores = stores
        self.environment = environment
        self.databasePath = preload.path
        self.opener = DatabaseOpener { preload.database }
    }

    /// A workspace over an open (or absent) database.
    public init(config: MCPDashConfig, stores: SecretStores, database: StateDatabase?, environment: [String: String]) {
        self.config = config
        self.stores = stores
        self.environment = environment
        self.databasePath = database?.path
        self.opener = DatabaseOpener(database, reason: .cannotOpen(path: "the state database", reason: "it was not opened"))
    }

    // MARK: - Lookups

    /// The server called `name`: its own config error when its entry is broken, else an error listing the configured ones.
    public func server(_ name: String) throws -> ServerConfig {
        guard let server = try config.usableServer(named: name) else { throw UnknownServerError(name: name, config: config) }
        return server
    }

    /// The account an operation on `server` acts for: `requested`, else the server's active one.
    public func account(_ requested: String?, of server: String) -> String {
        Accounts.resolve(requested, server: server, database: database)
    }

    /// The state database, or why it is not there.
    public func requireDatabase() throws(StateDatabaseError) -> StateDatabase {
        guard let database else { throw databaseError ?? .cannotOpen(path: "the state database", reason: "unavailable") }
        return database
    }

    /// The token broker of `name` for `account` (else the active one).
    public func broker(_ name: String, account requested: String? = nil) throws -> TokenBroker {
        let server = try server(name)
        return TokenBroker(server: server, config: config, stores: stores, database: try requireDatabase(),
                           account: account(requested, of: name))
    }

    // MARK: - Operations

    /// `login`: obtains tokens by the server's method.
    public func login(_ name: String, account requested: String? = nil, options: LoginOptions,
                      progress: @escaping LoginProgress = { _ in }) async throws -> LoginReport {
        try await Login.run(try server(name), config: config, stores: stores, database: try requireDatabase(),
                            account: account(requested, of: name), options: options, progress: progress)
    }

    /// `refresh`: renews the token now.
    public func refresh(_ name: String, account requested: String? = nil) async throws -> LoginReport {
        try await broker(name, account: requested).renew(force: true)
    }

    /// `refresh --all`: renews every enabled server with a token endpoint that `tags` select, one
    /// after the other; each server's outcome, in config order.
    public func refreshAll(tags: [String] = [], account requested: String? = nil) async -> [(server: String, outcome: Result<LoginReport, any Error>)] {
        var outcomes: [(server: String, outcome: Result<LoginReport, any Error>)] = []
        for server in config.servers where server.auth.usesTokenEndpoint && !server.disabled && server.matches(tags: tags) {
            do {
                outcomes.append((server.name, .success(try await refresh(server.name, account: requested))))
            } catch {
                outcomes.append((server.name, .failure(error)))
            }
        }
        return outcomes
    }

    /// `logout`: revokes (when asked) and forgets the session.
    public func logout(_ name: String, account requested: String? = nil, revoke: Bool, forget: Logout.Scope) async throws -> Logout.Report {
        try await Logout.run(try server(name), config: config, stores: stores, database: try requireDatabase(),
                             account: account(requested, of: name), revoke: revoke, forget: forget)
    }

    /// `rotate`: replaces a stored secret after a real call proves the new value.
    public func rotate(_ name: String, account requested: String? = nil, field: String?, newValue: String) async throws -> SecretRotation.Report {
        try await SecretRotation.rotate(try server(name), config: config, stores: stores, database: try requireDatabase(),
                                        account: account(requested, of: name), field: field, newValue: newValue)
    }

    /// `rotate --rollback`: puts the previous value back.
    public func rollback(_ name: String, account requested: String? = nil, field: String?) throws -> SecretRotation.Report {
        try SecretRotation.rollback(try server(name), config: config, stores: stores, database: try requireDatabase(),
                                    account: account(requested, of: name), field: field)
    }

    /// `whoami`: asks the server who it thinks the credential is; with `repeats` above 1, asks
    /// again that many times less one in the same session, timing each answer.
    public func whoami(_ name: String, account requested: String? = nil, tool: String = "whoami", useCache: Bool = true,
                       repeats: Int = 1) async throws -> WhoAmIReport {
        try await WhoAmI.run(try server(name), config: config, stores: stores, journal: database, toolName: tool,
                             useCache: useCache, account: account(requested, of: name), repeats: repeats)
    }

    /// `diagnose`: why the server refuses.
    public func diagnose(_ name: String, account requested: String? = nil) async throws -> TriageReport {
        await Triage.diagnose(try server(name), config: config, stores: stores, journal: database, account: account(requested, of: name))
    }

    /// `token`: a valid access token (refreshed when due), or the static one; from the token
    /// cache while it holds one (`TokenCache`).
    public func token(_ name: String, account requested: String? = nil) async throws -> String {
        try await cached(.token, name, account: requested, encode: { $0 }, decode: { $0 }, reveals: { [$0] },
                         sendsProof: { _ in false }) { broker in
            try await broker.presentableToken()
        }
    }

    /// `headers`: the HTTP headers that authenticate to the server; from the token cache while it holds them.
    public func headers(_ name: String, account requested: String? = nil) async throws -> [String: String] {
        try await cached(.headers, name, account: requested, encode: HeaderLines.encode, decode: HeaderLines.decode,
                         reveals: { Array($0.values) }, sendsProof: { $0["DPoP"] != nil }) { broker in
            try await broker.requestHeaders()
        }
    }

    /// The answer of `kind` from the token cache, else from `fetch`, then kept in the cache for
    /// as long as `TokenCachePolicy` allows. Every value served from the cache is taught to the
    /// redactor, as a value read from the store would be.
    private func cached<Answer>(_ kind: TokenCacheKey.Kind, _ name: String, account requested: String?,
                                encode: (Answer) -> String, decode: (String) -> Answer?, reveals: (Answer) -> [String],
                                sendsProof: (Answer) -> Bool, fetch: (TokenBroker) async throws -> Answer) async throws -> Answer {
        let server = try server(name)
        guard let cache = stores.tokenCache, config.settings.tokenCacheSeconds > 0, let entry = config.entries[server.name],
              stores.store(for: server, in: config).kind != .file, let generation = cache.generation(server: server.name) else {
            return try await fetch(broker(name, account: requested))
        }
        let key = TokenCacheKey(kind: kind, server: server.name, entry: entry, environment: config.environment, account: requested,
                                settings: config.settings, scope: [databasePath ?? "", environment["DBUS_SESSION_BUS_ADDRESS"] ?? ""])
        if let hit = cache.value(for: key, in: generation), let answer = decode(hit) {
            for value in reveals(answer) { SecretRedactor.shared.remember(value) }
            return answer
        }
        let broker = try broker(name, account: requested)
        let answer = try await fetch(broker)
        let metadata = broker.managesTokens ? try? broker.vault.metadata() : nil
        if let seconds = TokenCachePolicy.lifetime(kind, server: server, storage: broker.store.kind, metadata: metadata,
                                                   sendsProof: sendsProof(answer), settings: config.settings, now: Date()) {
            cache.store(encode(answer), for: key, seconds: seconds, in: generation)
        }
        return answer
    }

    /// `status`: initialize and ping `names` (every server `tags` select when empty), concurrently;
    /// `finished` hears each report as it comes.
    public func status(_ names: [String] = [], tags: [String] = [], concurrency: Int = 16,
                       finished: (HealthReport) -> Void = { _ in }) async throws -> [HealthReport] {
        let servers = try names.isEmpty ? config.servers.filter { $0.matches(tags: tags) } : names.map { try server($0) }
        return await HealthCheck.run(servers, config: config, stores: stores, journal: database, concurrency: concurrency, finished: finished)
    }

    /// `accounts --use`: makes `account` the server's active one (and clears the server's
    /// entries in the token cache, whose answers for the active account were another's).
    public func useAccount(_ account: String, of name: String) throws {
        defer { stores.tokenCache?.clear(server: name) }
        try Accounts.use(account, server: try server(name), database: try requireDatabase())
    }

    /// `accounts NAME`: the server's accounts (making `use` the active one first, when given).
    public func accounts(_ name: String, use: String? = nil) throws -> [Accounts.Summary] {
        let server = try server(name)
        let database = try requireDatabase()
        if let use {
            defer { stores.tokenCache?.clear(server: name) }
            try Accounts.use(use, server: server, database: database)
        }
        return try Accounts.list(server, config: config, stores: stores, database: database)
    }

    /// `events [NAME]`: the journal, newest first, of one server or all, since `since`, at most `limit`.
    public func events(_ name: String? = nil, since: Date? = nil, limit: Int = 200) throws -> [JournalEvent] {
        try requireDatabase().events(server: name, since: since, limit: limit)
    }

    /// `list`: every server with what is known offline, those with any of `tags` when given.
    /// Needs no database: without one, nobody has logged in yet.
    public func list(tags: [String] = [], now: Date = Date()) -> [ServerListing] {
        ServerListing.list(config, stores: stores, database: database, now: now).filter { ServerConfig.tags($0.summary.tags, match: tags) }
    }

    /// What the dashboard's table shows of every server.
    public func overviews() -> [ServerOverview] {
        ServerOverview.load(config, stores: stores, database: database)
    }

    /// The config's part of every server's overview, to be joined with the state database's
    /// records (the dashboard's start, while `StatePreload` reads them).
    public func overviewDrafts() -> OverviewDrafts {
        OverviewDrafts(config, stores: stores)
    }
}
