import Foundation
import MCPDashCore
@testable import MCPDashUI

/// Dashboards built the way the runtime builds them: a config parsed by the core, sessions in a
/// real state database, overviews from `ServerOverview.load`.
enum DashboardFixture {
    /// 2026-11-22 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_262_400)

    /// The demo-like config: OAuth (logged in), client credentials (signed out), bearer, stdio.
    static let config = #"""
        {"mcpServers": {
          "gekkovet": {"url": "https://mcp.gekkovet.example/mcp", "auth": {"method": "oauth"}, "tags": ["prod"]},
          "eka-dev": {"url": "https://api-dev.eka.example/mcp", "tags": ["dev"],
                      "auth": {"method": "clientCredentials", "tokenURL": "https://api-dev.eka.example/token", "clientId": "c", "clientSecret": "keyring:"}},
          "bearer-tools": {"url": "http://127.0.0.1:8714/mcp", "auth": {"method": "bearer", "token": "keyring:"}, "tags": ["dev"]},
          "files": {"command": "uvx", "args": ["mcp-server-filesystem", "/tmp"]}
        }}
        """#

    /// Overviews of `text` with a gekkovet session expiring in 41m12s.
    static func servers(_ text: String = config, sessions: [TokenMetadata]? = nil) throws -> [ServerOverview] {
        let parsed = try ConfigLoader.parse(Data(text.utf8), file: "servers.json", resolver: EnvironmentResolver(process: [:]))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-ui-\(UUID().uuidString)").path
        let database = try StateDatabase(path: directory + "/state.db")
        var gekkovet = TokenMetadata(server: "gekkovet", expiresAt: now.addingTimeInterval(41 * 60 + 12), scopes: "openid email",
                                     issuer: "https://auth.gekkovet.example", obtainedAt: now.addingTimeInterval(-1000),
                                     refreshObtainedAt: now.addingTimeInterval(-1000), subject: "vet@clinic.example")
        gekkovet.tokenEndpoint = "https://auth.gekkovet.example/token"
        for session in sessions ?? [gekkovet] { try database.save(session) }
        let stores = SecretStores(keyring: InMemorySecretStore(), file: InMemorySecretStore())
        return ServerOverview.load(parsed, stores: stores, database: database, now: now)
    }

    /// A state of `size` showing `servers`.
    static func state(_ servers: [ServerOverview], width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(now: now, size: Size(width: width, height: height))
        _ = Reducer.reduce(&state, .loaded(servers))
        return state
    }
}
