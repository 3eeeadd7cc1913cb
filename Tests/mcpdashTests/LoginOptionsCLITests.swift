import Foundation
import Testing

/// What an operator can ask of a login (`--device`, `--redirect-port`, `--redirect-host`,
/// `--scopes`) and the checks a login makes beyond the conformance suite's: an expired
/// registration, `openid` asked of a server that is no OpenID provider, id_token `azp`, `iat`
/// and `nbf`. Against `Tests/Peers/conformance_peer.py` on loopback.
@Suite("login options and checks beyond the conformance suite", .serialized)
struct LoginOptionsCLITests {
    let cli = CLIRunner()
    let name = "opts-\(UUID().uuidString.prefix(8).lowercased())"

    func configure(_ peer: ConformancePeer, auth: String = #"{"method": "oauth"}"#) throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": \#(auth)}}}"#)
    }

    func login(_ extra: [String] = []) async throws -> CLIRunner.Result {
        try await cli.run(["login", name, "--timeout", "30"] + extra, environment: ["BROWSER": PeerServer.browser])
    }

    @Test("login --device on a browser-login server: the device grant at its authorization server, resource in both requests")
    func deviceFlag() async throws {
        try await ConformancePeer.with("device-grant") { peer in
            try configure(peer, auth: #"{"method": "oauth", "clientId": "device-client"}"#)
            let login = try await login(["--device"])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("enter the code WDJB-MJHT"), "\(login.stderr)")
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            try await peer.expectPassed(["device-authorization-resource", "device-token-resource", "valid-bearer-token"])
            #expect(try await peer.counts()["as GET /authorize"] == nil, "the browser login ran")
        }
    }

    @Test("--redirect-host localhost, --redirect-port and --scopes shape the authorization request; the login completes")
    func redirectAndScopes() async throws {
        try await ConformancePeer.with("scope-from-www-authenticate") { peer in
            try configure(peer)
            // Below Linux's ephemeral range (32768–60999), where the other tests' connections and
            // peers take their ports, so the fixed callback port is free.
            let port = Int.random(in: 20_000...32_000)
            let login = try await login(["--redirect-host", "localhost", "--redirect-port", "\(port)", "--scopes", "extra:one"])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("redirect_uri=http%3A%2F%2Flocalhost%3A\(port)%2Fcallback"), "\(login.stderr)")
            #expect(login.stderr.contains("scope=mcp%3Abasic%20extra%3Aone") || login.stderr.contains("scope=extra%3Aone%20mcp%3Abasic"),
                    "\(login.stderr)")
            try await peer.expectPassed(["scope-from-www-authenticate"])
            let bad = try await self.login(["--redirect-host", "evil.example"])
            #expect(bad.status == 64 && bad.stderr.contains("127.0.0.1 or localhost"), "\(bad.stderr)")
        }
    }

    @Test("a registration whose client secret has expired is not reused: the next login registers again")
    func expiredRegistration() async throws {
        try await ConformancePeer.with("registration-expired") { peer in
            try configure(peer)
            for _ in 0..<2 {
                let login = try await login()
                #expect(login.status == 0, "\(login.stderr)")
            }
            #expect(try await peer.counts()["as POST /register"] == 2)
            let events = try await cli.run(["events", name])
            #expect(events.stdout.contains("registering again"), "\(events.stdout)")
        }
    }

    @Test("openid asked of a server that is no OpenID provider: plain OAuth, said in a warning, and the login works")
    func openIDWithoutProvider() async throws {
        try await ConformancePeer.with("metadata-default") { peer in
            try configure(peer, auth: #"{"method": "oauth", "scopes": ["openid", "email"]}"#)
            let login = try await login()
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stderr.contains("is not an OpenID provider"), "\(login.stderr)")
            #expect(login.stderr.contains("scope=email&") && !login.stderr.contains("openid%20"), "\(login.stderr)")
        }
    }

    @Test("an id_token with a second audience and no azp, issued in the future, or not valid yet is refused",
          arguments: [("enterprise-idp-azp", "azp"), ("enterprise-idp-iat", "issued in the future"), ("enterprise-idp-nbf", "not valid yet")])
    func idTokenChecks(scenario: String, words: String) async throws {
        try await ConformancePeer.with(scenario) { peer in
            let context = try await peer.context()
            let auth = #"{"method": "enterprise", "clientId": "\#(try #require(context["client_id"]))", "idp": {"issuer": "\#(try #require(context["idp_issuer"]))", "clientId": "\#(try #require(context["idp_client_id"]))"}}"#
            try configure(peer, auth: auth)
            let login = try await login()
            #expect(login.status == 77 && login.stderr.contains(words), "\(login.status) \(login.stderr)")
            #expect(try await peer.counts()["as POST /token"] == nil, "a token was requested with a refused id_token")
        }
    }
}
