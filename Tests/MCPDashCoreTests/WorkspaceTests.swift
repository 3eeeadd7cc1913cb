import Foundation
@testable import MCPDashCore
import Testing

/// `Workspace`: every operation resolves the account itself, unknown names and a missing
/// database are typed errors, and the operations that need no network work on fakes.
@Suite("the workspace")
struct WorkspaceTests {
    static let config = """
        {"mcpServers": {
          "kb": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
          "oauth": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "oauth"}}
        }}
        """

    func workspace(database: Bool = true) throws -> (Workspace, InMemorySecretStore) {
        let config = try ConfigLoader.parse(Data(Self.config.utf8), file: "servers.json", resolver: EnvironmentResolver(process: [:]))
        let store = InMemorySecretStore()
        let stores = SecretStores(keyring: store, file: InMemorySecretStore())
        let path = database ? TestSupport.temporaryDirectory() + "/state.db" : "/proc/no-such-dir/state.db"
        return (Workspace(config: config, stores: stores, databasePath: path, environment: [:]), store)
    }

    @Test("the account is the one named, else the server's active one; the broker acts for it")
    func accounts() throws {
        let (workspace, _) = try workspace()
        #expect(workspace.account(nil, of: "kb") == SecretAddress.defaultAccount)
        try workspace.useAccount("clinic-b", of: "kb")
        #expect(workspace.account(nil, of: "kb") == "clinic-b")
        #expect(workspace.account("other", of: "kb") == "other")
        #expect(try workspace.broker("kb").account == "clinic-b", "a caller that names no account gets the active one")
        #expect(try workspace.broker("oauth").account == SecretAddress.defaultAccount, "accounts are per server")
    }

    @Test("an unknown server and an unopened database are typed errors naming what is there")
    func errors() throws {
        let (workspace, _) = try workspace()
        #expect(throws: UnknownServerError.self) { try workspace.server("nope") }
        let (noDatabase, _) = try self.workspace(database: false)
        #expect(noDatabase.database == nil)
        #expect(throws: StateDatabaseError.self) { try noDatabase.broker("kb") }
        #expect(throws: StateDatabaseError.self) { try noDatabase.useAccount("a", of: "kb") }
    }

    @Test("rollback puts the previous value back for the active account and keeps the current one as the next previous")
    func rollback() throws {
        let (workspace, store) = try workspace()
        try workspace.useAccount("clinic-b", of: "kb")
        try store.set("new-value", for: SecretAddress(server: "kb", field: "token", account: "clinic-b"))
        try store.set("old-value", for: SecretAddress(server: "kb", field: "token.previous", account: "clinic-b"))
        let report = try workspace.rollback("kb", field: nil)
        #expect(report.account == "clinic-b" && report.rolledBack)
        #expect(report.summary == "kb: token rolled back to the previous value")
        #expect(try store.get(SecretAddress(server: "kb", field: "token", account: "clinic-b")) == "old-value")
        #expect(try store.get(SecretAddress(server: "kb", field: "token.previous", account: "clinic-b")) == "new-value")
        #expect(try store.get(SecretAddress(server: "kb", field: "token.restoring", account: "clinic-b")) == nil)
        #expect(throws: OAuthError.self) { try workspace.rollback("oauth", field: nil) }
    }

    @Test("a token is read from the store for the resolved account; a static token needs no network")
    func token() async throws {
        let (workspace, store) = try workspace()
        try store.set("canary-default", for: SecretAddress(server: "kb", field: "token"))
        try store.set("canary-b", for: SecretAddress(server: "kb", field: "token", account: "clinic-b"))
        #expect(try await workspace.token("kb") == "canary-default")
        try workspace.useAccount("clinic-b", of: "kb")
        #expect(try await workspace.token("kb") == "canary-b")
        #expect(try await workspace.headers("kb")["Authorization"] == "Bearer canary-b")
    }

    @Test("status of an unreachable server reports it failing, journaled; refreshAll skips static credentials")
    func status() async throws {
        let (workspace, store) = try workspace()
        try store.set("canary-status", for: SecretAddress(server: "kb", field: "token"))
        var heard: [String] = []
        let reports = try await workspace.status(["kb"]) { heard.append($0.server) }
        #expect(reports.map(\.server) == ["kb"] && heard == ["kb"])
        #expect(reports.first?.outcome != .ok)
        #expect(try workspace.requireDatabase().events(server: "kb").contains { $0.operation == .status })
        let refreshed = await workspace.refreshAll()
        #expect(refreshed.map(\.server) == ["oauth"], "only servers with a token endpoint are refreshed")
    }

    @Test("accounts, events and list: one call each, the active account marked, the journal filtered, no database needed to list")
    func listings() throws {
        let (workspace, store) = try workspace()
        try store.set("canary-list", for: SecretAddress(server: "kb", field: "token", account: "clinic-b"))
        let accounts = try workspace.accounts("kb", use: "clinic-b")
        #expect(accounts.first { $0.active }?.account == "clinic-b", "\(accounts)")
        #expect(workspace.account(nil, of: "kb") == "clinic-b")
        let database = try workspace.requireDatabase()
        _ = try database.append(JournalEvent(time: Date().addingTimeInterval(-7200), server: "kb", operation: .login, outcome: .success, message: "old"))
        _ = try database.append(JournalEvent(server: "oauth", operation: .refresh, outcome: .failure, message: "new"))
        #expect(try workspace.events("kb").map(\.message).contains("old"))
        let recent = try workspace.events(since: Date().addingTimeInterval(-60)).map(\.message)
        #expect(recent.contains("new") && !recent.contains("old"), "\(recent)")
        #expect(try workspace.events(limit: 1).count == 1)
        #expect(Set(workspace.list().map(\.summary.name)) == ["kb", "oauth"])
        let (offline, _) = try self.workspace(database: false)
        #expect(offline.list().count == 2, "listing needs no state database")
        #expect(throws: StateDatabaseError.self) { try offline.events() }
        #expect(throws: UnknownServerError.self) { try workspace.accounts("nope") }
    }

    @Test("the dashboard's preload reads the same overviews as the workspace, and says why a database did not open")
    func preload() throws {
        let path = TestSupport.temporaryDirectory() + "/state.db"
        let database = try StateDatabase(path: path)
        let now = Date()
        try database.save(TokenMetadata(server: "oauth", expiresAt: now.addingTimeInterval(3600), scopes: "mcp", issuer: "https://as.example",
                                         obtainedAt: now, refreshObtainedAt: now))
        try database.save(TokenMetadata(server: "kb", account: "clinic-b", obtainedAt: now))
        try database.save(ClientRegistration(issuer: "https://as.example", clientId: "client-1", kind: .dynamic, redirectURIs: ["http://127.0.0.1:1/cb"],
                                             registeredAt: now))
        try database.setActiveAccount("clinic-b", server: "kb")
        try database.save(SecretChange(server: "kb", account: "clinic-b", field: "token", value: "canary-value", at: now, firstSeen: false))
        _ = try database.append(JournalEvent(time: now.addingTimeInterval(-60), server: "kb", account: "clinic-b", operation: .status,
                                             outcome: .failure, httpStatus: 401, message: "refused"))
        var whoami = JournalEvent(time: now.addingTimeInterval(-30), server: "oauth", operation: .whoami, outcome: .success, message: "ok")
        whoami.latencyMilliseconds = 12
        _ = try database.append(whoami)
        let (workspace, _) = try self.workspace()
        let config = workspace.config, stores = workspace.stores
        let direct = ServerOverview.load(config, stores: stores, database: database, now: now)
        let preload = StatePreload(path: path, now: now)
        let preloaded = Workspace(config: config, stores: stores, preload: preload, environment: [:])
        #expect(preloaded.overviewDrafts().joined(with: preload.takeRecords()) == direct)
        #expect(preload.takeRecords().sessions.isEmpty, "the records are handed over once")
        #expect(direct.first { $0.name == "kb" }?.account == "clinic-b" && direct.first { $0.name == "kb" }?.failureCount == 1)
        #expect(direct.first { $0.name == "oauth" }?.registration?.clientId == "client-1")
        #expect(direct.first { $0.name == "oauth" }?.whoamiLatencyMilliseconds == 12)
        #expect(preloaded.database?.path == path, "the workspace uses the database the preload opened")

        let absent = StatePreload(path: "/proc/no-such-dir/state.db", now: now)
        let offline = Workspace(config: config, stores: stores, preload: absent, environment: [:])
        #expect(offline.database == nil)
        #expect(offline.databaseError != nil, "why it did not open is kept for the operations that need it")
        #expect(offline.overviewDrafts().joined(with: absent.takeRecords()).map(\.session) == [nil, nil])
        #expect(throws: StateDatabaseError.self) { try offline.events() }
    }
}
