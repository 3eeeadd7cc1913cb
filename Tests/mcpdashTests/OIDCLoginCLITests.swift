import Foundation
import MCPDashCore
import Testing

/// OIDC browser login, client credentials and the device grant against django-oauth-toolkit,
/// with an MCP server that checks every token at the provider's introspection endpoint.
@Suite("OIDC, client credentials and device code against a live django-oauth-toolkit")
struct OIDCLoginCLITests {
    let cli = CLIRunner()
    let name = "oidc-\(UUID().uuidString.prefix(8).lowercased())"

    func cleanUp() async {
        for field in ["accessToken", "refreshToken", "idToken"] { try? await cli.clearSecret(server: name, field: field) }
    }

    @Test("OIDC login verifies the id_token, labels the account by email, and the MCP server accepts the token")
    func oidcLogin() async throws {
        try await OIDCProvider.with { provider in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(provider.resource.url)",
                  "auth": {"method": "oauth", "clientId": "\#(provider.clientId("public"))", "scopes": ["openid", "email", "mcp:read"]}}}}
                """#)
            defer { Task { await cleanUp() } }
            let login = try await cli.run(["login", name, "--timeout", "60"], environment: provider.browserEnvironment)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout.contains("\(name): logged in as alice@example.com"), "\(login.stdout)")
            #expect(login.stderr.contains("authorization server: \(provider.description.issuer)"))
            #expect(login.stderr.contains("nonce="))
            #expect(try await cli.lookupSecret(server: name, field: "idToken") != nil)
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains(#""username":"alice""#), "\(whoami.stdout)")
            let refresh = try await cli.run(["refresh", name])
            #expect(refresh.status == 0, "\(refresh.stderr)")
            let logout = try await cli.run(["logout", name, "--revoke"])
            #expect(logout.status == 0, "\(logout.stderr)")
            #expect(logout.stdout.contains("revoked the refresh_token and access_token"))
        }
    }

    @Test("client credentials by HTTP Basic and by form post; no refresh token, so a due token is requested anew", arguments: ["basic", "post"])
    func clientCredentials(style: String) async throws {
        try await OIDCProvider.with(accessTTL: 30) { provider in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(provider.resource.url)",
                  "auth": {"method": "clientCredentials", "style": "\#(style)", "tokenURL": "\#(provider.description.issuer)/token/",
                           "clientId": "\#(provider.clientId("service"))", "clientSecret": "${SERVICE_SECRET}", "scopes": ["mcp:read"]}}}}
                """#)
            defer { Task { await cleanUp() } }
            let environment: [String: String?] = ["SERVICE_SECRET": provider.clientSecret("service")]
            let login = try await cli.run(["login", name], environment: environment)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout.contains("scopes mcp:read; no refresh token"), "\(login.stdout)")
            let first = try #require(try await cli.lookupSecret(server: name, field: "accessToken"))
            // 30 s tokens are inside the 60 s margin: using the server requests a new one first.
            let whoami = try await cli.run(["whoami", name], environment: environment)
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains(provider.clientId("service")))
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") != first)
            let secret = provider.clientSecret("service")
            let events = try await cli.run(["events", name])
            #expect(!(login.stdout + login.stderr + whoami.stdout + events.stdout).contains(secret))
        }
    }

    @Test("a wrong client secret is the server's invalid_client, said plainly")
    func wrongClientSecret() async throws {
        try await OIDCProvider.with { provider in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(provider.resource.url)",
                  "auth": {"method": "clientCredentials", "tokenURL": "\#(provider.description.issuer)/token/",
                           "clientId": "\#(provider.clientId("service"))", "clientSecret": "${SERVICE_SECRET}"}}}}
                """#)
            let canary = "canary-wrong-secret-\(UUID().uuidString.prefix(8))"
            let login = try await cli.run(["login", name], environment: ["SERVICE_SECRET": canary])
            #expect(login.status == 77)
            #expect(login.stderr.contains("invalid_client"), "\(login.stderr)")
            #expect(!login.stderr.contains(canary))
        }
    }

    @Test("the device grant: code and URL shown, approval in a browser, polling until the token arrives")
    func deviceCode() async throws {
        try await OIDCProvider.with { provider in
            let issuer = provider.description.issuer
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(provider.resource.url)",
                  "auth": {"method": "deviceCode", "clientId": "\#(provider.clientId("device"))", "issuer": "\#(issuer)",
                           "deviceAuthorizationURL": "\#(issuer)/device-authorization/", "scopes": ["mcp:read"]}}}}
                """#)
            defer { Task { await cleanUp() } }
            let login = try await cli.run(["login", name, "--timeout", "60"], environment: provider.browserEnvironment)
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("to log in, visit \(issuer)/device/ and enter the code "), "\(login.stderr)")
            #expect(login.stdout.contains("\(name): logged in"))
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains(#""username":"alice""#))
        }
    }

    @Test("Eka's client credentials: a JSON body with an X-API-KEY header from the keyring")
    func ekaJSONClientCredentials() async throws {
        let apiKey = "canary-eka-key-\(UUID().uuidString.prefix(8))"
        try await PeerServer.with(["--auth", "raw", "--token-json", "eka-client:eka-secret-0123:\(apiKey)"]) { peer in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(peer.url)",
                  "auth": {"method": "clientCredentials", "style": "json", "tokenURL": "http://127.0.0.1:\#(peer.port)/token",
                           "clientId": "eka-client", "clientSecret": "${EKA_SECRET}", "extraHeaders": {"X-API-KEY": "keyring:"}}}}}
                """#)
            try await cli.storeSecret(server: name, field: "header:X-API-KEY", value: apiKey)
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "header:X-API-KEY"); await cleanUp() } }
            let login = try await cli.run(["login", name], environment: ["EKA_SECRET": "eka-secret-0123"])
            #expect(login.status == 0, "\(login.stderr)")
            let token = try await cli.run(["token", name], environment: ["EKA_SECRET": "eka-secret-0123"])
            #expect(token.stdout == "eka-access-1-eka-client\n", "\(token.stdout)\(token.stderr)")
            #expect(!(login.stdout + login.stderr).contains(apiKey))
        }
    }
}
