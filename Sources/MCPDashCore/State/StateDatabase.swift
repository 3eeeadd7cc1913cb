import Foundation
import GRDB

/// The SQLite state of mcpdash: token metadata, client registrations and the event journal.
///
/// WAL mode with a busy timeout, so the dashboard and several CLI processes can use it at
/// once. No secret is ever written here: journal text passes through the `SecretRedactor`.
public final class StateDatabase: Sendable {
    /// The database file's path.
    public let path: String
    private let pool: any DatabaseWriter
    private let redactor: SecretRedactor

    /// How a process uses the database.
    public enum Access: Sendable {
        /// Concurrent readers beside one writer (a GRDB pool): the dashboard and the agent, which
        /// run many operations at once for a long time.
        case concurrent
        /// One connection for everything (a GRDB queue), in WAL mode all the same: a command that
        /// runs one operation and exits. It opens in half the work of a pool.
        case serial
    }

    /// The default location: `$XDG_STATE_HOME/mcpdash/state.db`, or `MCPDASH_STATE_DB` when set.
    public static func defaultPath(environment: [String: String]) -> String {
        if let override = environment["MCPDASH_STATE_DB"], !override.isEmpty { return override }
        return XDGDirectories(environment: environment).state + "/mcpdash/state.db"
    }

    /// Opens (creating and migrating as needed) the database at `path`.
    public init(path: String, redactor: SecretRedactor = .shared, access: Access = .concurrent) throws(StateDatabaseError) {
        self.path = path
        self.redactor = redactor
        let directory = (path as NSString).deletingLastPathComponent
        do {
            // The database holds no secret, but it does hold who logged in where: 0600 in 0700.
            // SQLite gives its -wal and -shm files the database file's mode.
            try PrivateFiles.directory(directory)
            PrivateFiles.file(path)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            switch access {
            case .concurrent:
                // In WAL mode, NORMAL syncs at checkpoints, not at every commit (docs/decisions.md).
                configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
                pool = try DatabasePool(path: path, configuration: configuration)
            case .serial:
                // Other processes may have the database open as a pool: WAL is kept (a no-op
                // when the file is already in WAL mode, as every database mcpdash made is).
                configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") }
                pool = try DatabaseQueue(path: path, configuration: configuration)
            }
            try Self.migrator.migrate(pool)
            for sibling in [path + "-wal", path + "-shm"] { PrivateFiles.tighten(sibling, to: 0o600) }
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    // MARK: - Schema

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: TokenMetadata.databaseTableName) { table in
                table.column("server", .text).notNull()
                table.column("account", .text).notNull()
                table.column("expiresAt", .datetime)
                table.column("scopes", .text)
                table.column("issuer", .text)
                table.column("tokenType", .text)
                table.column("obtainedAt", .datetime).notNull()
                table.column("refreshObtainedAt", .datetime)
                table.column("rotationCount", .integer).notNull().defaults(to: 0)
                table.column("subject", .text)
                table.primaryKey(["server", "account"])
            }
            try db.create(table: ClientRegistration.databaseTableName) { table in
                table.column("issuer", .text).primaryKey()
                table.column("clientId", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("redirectURIs", .text).notNull()
                table.column("tokenEndpointAuthMethod", .text)
                table.column("registeredAt", .datetime).notNull()
                table.column("clientSecretExpiresAt", .datetime)
                table.column("server", .text)
            }
            try db.create(table: JournalEvent.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .datetime).notNull().indexed()
                table.column("server", .text).indexed()
                table.column("account", .text)
                table.column("operation", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("httpStatus", .integer)
                table.column("challenge", .text)
                table.column("message", .text).notNull()
            }
            try db.execute(sql: """
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'the event journal is append-only'); END;
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'the event journal is append-only'); END;
                """)
        }
        migrator.registerMigration("v2-token-endpoints") { db in
            try db.alter(table: TokenMetadata.databaseTableName) { table in
                table.add(column: "tokenEndpoint", .text)
                table.add(column: "revocationEndpoint", .text)
                table.add(column: "clientId", .text)
                table.add(column: "resource", .text)
                table.add(column: "loginRequired", .text)
            }
        }
        migrator.registerMigration("v3-secret-changes") { db in
            try db.create(table: SecretChange.databaseTableName) { table in
                table.column("server", .text).notNull()
                table.column("account", .text).notNull()
                table.column("field", .text).notNull()
                table.column("changedAt", .datetime).notNull()
                table.primaryKey(["server", "account", "field"])
            }
        }
        migrator.registerMigration("v4-verdicts") { db in
            try db.create(table: TokenVerdict.databaseTableName) { table in
                table.column("server", .text).notNull()
                table.column("account", .text).notNull()
                table.column("fingerprint", .text).notNull()
                table.column("valid", .boolean).notNull()
                table.column("checkedAt", .datetime).notNull()
                table.column("httpStatus", .integer)
                table.column("challenge", .text)
                table.column("detail", .text).notNull()
                table.primaryKey(["server", "account"])
            }
        }
        migrator.registerMigration("v5-active-accounts") { db in
            try db.create(table: "active_accounts") { table in
                table.column("server", .text).primaryKey()
                table.column("account", .text).notNull()
            }
        }
        migrator.registerMigration("v6-registration-scope") { db in
            try db.alter(table: ClientRegistration.databaseTableName) { table in table.add(column: "scope", .text) }
        }
        migrator.registerMigration("v7-event-latency") { db in
            try db.alter(table: JournalEvent.databaseTableName) { table in table.add(column: "latencyMilliseconds", .integer) }
        }
        migrator.registerMigration("v8-client-bindings") { db in
            try db.create(table: "client_bindings") { table in
                table.column("server", .text).notNull()
                table.column("clientId", .text).notNull()
                table.column("issuer", .text).notNull()
                table.column("boundAt", .datetime).notNull()
                table.primaryKey(["server", "clientId"])
            }
        }
        migrator.registerMigration("v9-agent") { db in
            try db.create(table: AgentStatus.databaseTableName) { table in
                table.column("id", .integer).primaryKey()
                table.column("pid", .integer).notNull()
                table.column("startedAt", .datetime).notNull()
                table.column("heartbeatAt", .datetime).notNull()
                table.column("lastAction", .text)
                table.column("lastActionAt", .datetime)
                table.column("metricsAddress", .text)
                table.column("stoppedAt", .datetime)
            }
        }
        migrator.registerMigration("v10-secret-sightings") { db in
            try db.alter(table: SecretChange.databaseTableName) { table in
                table.add(column: "fingerprint", .text)
                table.add(column: "firstSeen", .boolean).notNull().defaults(to: false)
                table.add(column: "expiresAt", .datetime)
            }
        }
        return migrator
    }

    // MARK: - Token metadata

    /// Stores (or replaces) the metadata of a server's token.
    public func save(_ metadata: TokenMetadata) throws(StateDatabaseError) {
        try write { db in try Self.write(metadata, replacing: true, in: db) }
    }

    /// The metadata of `server`'s token for `account`.
    public func tokenMetadata(server: String, account: String = SecretAddress.defaultAccount) throws(StateDatabaseError) -> TokenMetadata? {
        try read { db in
            try TokenMetadata.fetchOne(db, sql: "SELECT \(TokenMetadata.selection) FROM token_metadata WHERE server = ? AND account = ?",
                                       arguments: [server, account])
        }
    }

    /// Every token's metadata.
    public func allTokenMetadata() throws(StateDatabaseError) -> [TokenMetadata] {
        try read { db in try TokenMetadata.fetchAll(db, sql: "SELECT \(TokenMetadata.selection) FROM token_metadata ORDER BY server, account") }
    }

    /// Forgets the metadata of `server`'s token for `account`.
    public func deleteTokenMetadata(server: String, account: String = SecretAddress.defaultAccount) throws(StateDatabaseError) {
        try write { db in _ = try TokenMetadata.deleteOne(db, key: ["server": server, "account": account]) }
    }

    // MARK: - Client registrations

    /// Stores the registration at its issuer, replacing an earlier one there.
    public func save(_ registration: ClientRegistration) throws(StateDatabaseError) {
        try write { db in try Self.write(registration, replacing: true, in: db) }
    }

    /// The registration at exactly `issuer`.
    public func registration(issuer: String) throws(StateDatabaseError) -> ClientRegistration? {
        try read { db in try ClientRegistration.fetchOne(db, sql: "SELECT * FROM client_registrations WHERE issuer = ?", arguments: [issuer]) }
    }

    /// Every stored registration, by issuer.
    public func registrations() throws(StateDatabaseError) -> [ClientRegistration] {
        try read { db in try ClientRegistration.fetchAll(db, sql: "SELECT * FROM \(ClientRegistration.databaseTableName) ORDER BY issuer") }
    }

    /// The issuer a pre-registered client of `server` was first used with, when it has been used.
    public func clientBinding(server: String, clientId: String) throws(StateDatabaseError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT issuer FROM client_bindings WHERE server = ? AND clientId = ?", arguments: [server, clientId])
        }
    }

    /// Binds a pre-registered client of `server` to `issuer`; an existing binding is kept.
    public func bindClient(server: String, clientId: String, issuer: String, at date: Date = Date()) throws(StateDatabaseError) {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO client_bindings (server, clientId, issuer, boundAt) VALUES (?, ?, ?, ?)",
                           arguments: [server, clientId, issuer, StoredDate.text(date)])
        }
    }

    /// Forgets every issuer binding of `server`'s pre-registered clients.
    public func deleteClientBindings(server: String) throws(StateDatabaseError) {
        try write { db in try db.execute(sql: "DELETE FROM client_bindings WHERE server = ?", arguments: [server]) }
    }

    /// Forgets the registration at `issuer`.
    public func deleteRegistration(issuer: String) throws(StateDatabaseError) {
        try write { db in _ = try ClientRegistration.deleteOne(db, key: issuer) }
    }

    // MARK: - Secret ages

    /// Records that a secret's value was just replaced.
    public func save(_ change: SecretChange) throws(StateDatabaseError) {
        try write { db in try change.save(db) }
    }

    /// The record of one secret, when there is one.
    public func secretChange(server: String, account: String, field: String) throws(StateDatabaseError) -> SecretChange? {
        try read { db in try SecretChange.fetchOne(db, key: ["server": server, "account": account, "field": field]) }
    }

    /// When each secret of `server` (every server when nil) was last stored by mcpdash or first seen.
    public func secretChanges(server: String? = nil) throws(StateDatabaseError) -> [SecretChange] {
        // Plain SQL, as every read the dashboard's start makes: the query interface looks at
        // the table's schema first.
        try read { db in
            try SecretChange.fetchAll(db, sql: "SELECT * FROM \(SecretChange.databaseTableName)\(server == nil ? "" : " WHERE server = ?") ORDER BY server, account, field",
                                      arguments: StatementArguments(server.map { [$0] } ?? []))
        }
    }

    // MARK: - Accounts

    /// The account a server uses when none is named; nil when none was chosen.
    public func activeAccount(server: String) throws(StateDatabaseError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT account FROM active_accounts WHERE server = ?", arguments: [server]) }
    }

    /// The active account of every server that has chosen one.
    public func activeAccounts() throws(StateDatabaseError) -> [String: String] {
        try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT server, account FROM active_accounts").map { ($0["server"] as String, $0["account"] as String) },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    /// Makes `account` the one `server` uses when none is named.
    public func setActiveAccount(_ account: String, server: String) throws(StateDatabaseError) {
        try write { db in
            try db.execute(sql: "INSERT INTO active_accounts (server, account) VALUES (?, ?) ON CONFLICT(server) DO UPDATE SET account = excluded.account",
                           arguments: [server, account])
        }
    }

    // MARK: - Verdicts

    /// Stores the latest verdict for a server and account; its text is redacted first.
    public func save(_ verdict: TokenVerdict) throws(StateDatabaseError) {
        var redacted = verdict
        redacted.detail = redactor.redact(verdict.detail)
        redacted.challenge = verdict.challenge.map(redactor.redact)
        try write { db in try redacted.save(db) }
    }

    /// The latest verdict for a server and account.
    public func verdict(server: String, account: String = SecretAddress.defaultAccount) throws(StateDatabaseError) -> TokenVerdict? {
        try read { db in try TokenVerdict.fetchOne(db, key: ["server": server, "account": account]) }
    }

    // MARK: - Agent

    /// Stores the refresh agent's status; its last action is redacted first.
    public func save(_ status: AgentStatus) throws(StateDatabaseError) {
        var redacted = status
        redacted.lastAction = status.lastAction.map(redactor.redact)
        try write { db in try redacted.save(db) }
    }

    /// The refresh agent's latest status; nil when no agent ever ran here.
    public func agentStatus() throws(StateDatabaseError) -> AgentStatus? {
        try read { db in try AgentStatus.fetchOne(db, key: 1) }
    }

    // MARK: - Event journal

    /// Appends an event; its message and challenge are redacted first.
    @discardableResult
    public func append(_ event: JournalEvent) throws(StateDatabaseError) -> JournalEvent {
        var redacted = event
        redacted.message = redactor.redact(event.message)
        redacted.challenge = event.challenge.map(redactor.redact)
        return try write { db in
            try Self.write(redacted, replacing: false, in: db)
            redacted.id = db.lastInsertedRowID
            return redacted
        }
    }

    /// Per server, over the 24 hours before `now`: failures by hour, the latest check, the latest
    /// whoami round trip and the latest failure — aggregated in SQL, so a long journal costs little.
    public func eventDigests(now: Date = Date()) throws(StateDatabaseError) -> [String: EventDigest] {
        let since = StoredDate.text(now.addingTimeInterval(-86_400))
        return try read { db in
            var digests: [String: EventDigest] = [:]
            let hourly = try Row.fetchAll(db, sql: """
                SELECT server, CAST((julianday(?) - julianday(time)) * 24 AS INTEGER) AS hoursAgo, COUNT(*) AS failures
                FROM events WHERE outcome = 'failure' AND time >= ? AND server IS NOT NULL GROUP BY server, hoursAgo
                """, arguments: [StoredDate.text(now), since])
            for row in hourly {
                let server: String = row["server"], hoursAgo: Int = row["hoursAgo"], failures: Int = row["failures"]
                guard (0..<24).contains(hoursAgo) else { continue }
                digests[server, default: EventDigest()].failuresByHour[23 - hoursAgo] += failures
            }
            // An append-only journal's ids grow with time: the latest event per server is its
            // largest id. One statement finds the latest check, the latest successful whoami and
            // the latest failure of every server (three statements cost three preparations); an
            // event may be the latest of more than one, and the latest of a kind among those
            // returned is the latest of that kind.
            let kinds: [(condition: String, arguments: [String], matches: (JournalEvent) -> Bool)] = [
                ("operation IN (?, ?) AND outcome != 'info'", [OperationKind.status.rawValue, OperationKind.whoami.rawValue],
                 { ($0.operation == .status || $0.operation == .whoami) && $0.outcome != .info }),
                ("operation = ? AND outcome = 'success'", [OperationKind.whoami.rawValue], { $0.operation == .whoami && $0.outcome == .success }),
                ("outcome = 'failure'", [], { $0.outcome == .failure }),
            ]
            let latest = kinds.map { "SELECT MAX(id) FROM events WHERE server IS NOT NULL AND time >= ? AND \($0.condition) GROUP BY server" }
            var arguments: [String] = []
            for kind in kinds { arguments += [since] + kind.arguments }
            let events = try JournalEvent.fetchAll(db, sql: "SELECT \(JournalEvent.selection) FROM events WHERE id IN (\(latest.joined(separator: " UNION "))) ORDER BY id",
                                                  arguments: StatementArguments(arguments))
            // In id order, so each kind's last match is its latest.
            for event in events {
                guard let server = event.server else { continue }
                if kinds[0].matches(event) { digests[server, default: EventDigest()].lastCheck = event }
                if kinds[1].matches(event) { digests[server, default: EventDigest()].whoamiLatencyMilliseconds = event.latencyMilliseconds }
                if kinds[2].matches(event) { digests[server, default: EventDigest()].lastFailure = event }
            }
            return digests
        }
    }

    /// Events, newest first, optionally for one server and since a time. Plain SQL: the query
    /// interface's statement building costs about 4 million instructions (a login asks once).
    public func events(server: String? = nil, since: Date? = nil, limit: Int = 1000) throws(StateDatabaseError) -> [JournalEvent] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let server {
            conditions.append("server = ?")
            arguments.append(server)
        }
        if let since {
            conditions.append("time >= ?")
            arguments.append(StoredDate.text(since))
        }
        arguments.append(limit)
        let sql = "SELECT \(JournalEvent.selection) FROM events"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY time DESC, id DESC LIMIT ?"
        return try read { db in try JournalEvent.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    }

    // MARK: - Access

    /// Writes `record` as a new row, or (`replacing`) over the row with its primary key, in one
    /// statement (`StoredRow`).
    private static func write<Record: StoredRow>(_ record: Record, replacing: Bool, in db: Database) throws {
        try db.execute(sql: Record.insertSQL(replacing: replacing), arguments: StatementArguments(record.rowValues))
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StateDatabaseError) -> T {
        do { return try pool.read(body) } catch { throw .queryFailed(path: path, reason: "\(error)") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StateDatabaseError) -> T {
        do { return try pool.write(body) } catch { throw .queryFailed(path: path, reason: "\(error)") }
    }
}
