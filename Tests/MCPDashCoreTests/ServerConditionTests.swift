import Foundation
@testable import MCPDashCore
import Testing

/// `ServerCondition.classify`: the one classification of a server's state both faces use.
@Suite("server conditions")
struct ServerConditionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func overviews(sessions: [TokenMetadata] = []) throws -> [String: ServerOverview] {
        let config = try ConfigLoader.parse(Data("""
            {"mcpServers": {
              "oauth": {"url": "https://o.example/mcp", "auth": {"method": "oauth"}},
              "kb": {"url": "https://k.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
              "off": {"url": "https://x.example/mcp", "disabled": true}
            }}
            """.utf8), file: "servers.json", resolver: EnvironmentResolver(process: [:]))
        let database = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db", redactor: SecretRedactor())
        for session in sessions { try database.save(session) }
        let stores = SecretStores(keyring: InMemorySecretStore(), file: InMemorySecretStore())
        return Dictionary(uniqueKeysWithValues: ServerOverview.load(config, stores: stores, database: database, now: Self.now).map { ($0.name, $0) })
    }

    func health(_ server: String, _ outcome: HealthReport.Outcome) -> HealthReport {
        HealthReport(server: server, transport: .http, outcome: outcome, latencyMilliseconds: nil, httpStatus: nil, detail: "")
    }

    @Test("disabled, busy, failing, signed out, not checked, ok, expiring, expired")
    func classification() throws {
        var servers = try overviews()
        func classify(_ name: String, _ report: HealthReport? = nil, busy: Bool = false) -> ServerCondition {
            ServerCondition.classify(servers[name]!, health: report, busy: busy, now: Self.now, warnSeconds: 300)
        }
        #expect(classify("off") == .disabled)
        #expect(classify("kb", busy: true) == .busy)
        #expect(classify("kb", health("kb", .failed)) == .failing)
        #expect(classify("kb") == .unknown)
        #expect(classify("kb", health("kb", .ok)) == .ok)
        #expect(classify("oauth", health("oauth", .unauthorized)) == .signedOut)

        servers = try overviews(sessions: [TokenMetadata(server: "oauth", expiresAt: Self.now + 120, obtainedAt: Self.now - 3000)])
        #expect(classify("oauth", health("oauth", .ok)) == .expiring, "two minutes left, under the five-minute warning")
        servers = try overviews(sessions: [TokenMetadata(server: "oauth", expiresAt: Self.now - 10, obtainedAt: Self.now - 3600)])
        #expect(classify("oauth", health("oauth", .ok)) == .failing, "expired without a refresh token")
        #expect(ServerCondition.failing < .ok, "failing sorts first")
        #expect(ServerCondition.signedOut.word == "signed out")
    }
}
