import Foundation
import Testing

/// The django-oauth-toolkit OIDC provider (`Tests/Peers/oidc_peer.py`) and an MCP server that
/// trusts it through token introspection, both on loopback for one test.
struct OIDCProvider: Sendable {
    /// What the provider wrote about itself.
    struct Description: Decodable, Sendable {
        struct Client: Decodable, Sendable {
            let client_id: String
            let client_secret: String?
        }

        struct User: Decodable, Sendable {
            let username: String
            let password: String
            let email: String
        }

        let issuer: String
        let port: Int
        let user: User
        let clients: [String: Client]
    }

    /// The provider.
    let description: Description
    /// The MCP server that introspects its tokens.
    let resource: PeerServer

    /// A client's id.
    func clientId(_ name: String) -> String { description.clients[name]?.client_id ?? "" }
    /// A client's secret.
    func clientSecret(_ name: String) -> String { description.clients[name]?.client_secret ?? "" }
    /// The environment the scripted browser logs in with.
    var browserEnvironment: [String: String?] {
        ["BROWSER": PeerServer.browser, "MCPDASH_BROWSER_USER": description.user.username, "MCPDASH_BROWSER_PASSWORD": description.user.password]
    }

    /// Starts the provider (access tokens living `accessTTL` seconds) and its resource server, and runs `body`.
    static func with<T: Sendable>(accessTTL: Int = 3600, _ body: @Sendable (OIDCProvider) async throws -> T) async throws -> T {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-oidc-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        return try await PeerServer.with(["--out", out, "--access-ttl", "\(accessTTL)"], script: "oidc_peer.py") { _ in
            let description = try JSONDecoder().decode(Description.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
            let introspection = "\(description.clients["resource"]?.client_id ?? ""):\(description.clients["resource"]?.client_secret ?? "")"
            return try await PeerServer.with(["--auth", "introspect", "--issuer", description.issuer, "--introspection-client", introspection]) { resource in
                try await body(OIDCProvider(description: description, resource: resource))
            }
        }
    }
}
