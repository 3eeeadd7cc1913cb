import Foundation
import Testing

/// The client auth scenarios of the MCP conformance suite (`src/scenarios/client/auth/`),
/// one test each, named as the suite names them. Each starts the scenario's servers
/// (`Tests/Peers/conformance_peer.py`), drives the real `mcpdash` binary through it as an
/// operator would (login, then whoami), and asserts the checks the suite makes: no FAILURE,
/// no WARNING, and the scenario's own checks recorded as SUCCESS.
@Suite("The MCP conformance suite's client auth scenarios, against mcpdash", .serialized)
struct ConformanceScenarioTests {
    let cli = CLIRunner()
    let name = "conf-\(UUID().uuidString.prefix(8).lowercased())"

    static let flow = ["authorization-server-metadata", "client-registration", "authorization-request", "token-request"]
    static let resourceChecks = ["resource-parameter-in-authorization", "resource-parameter-in-token", "resource-parameter-valid-uri",
                                 "resource-parameter-consistency"]

    func configure(_ peer: ConformancePeer, auth: String = #"{"method": "oauth"}"#) throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": \#(auth)}}}"#)
    }

    func login(_ extra: [String] = []) async throws -> CLIRunner.Result {
        try await cli.run(["login", name, "--timeout", "30"] + extra, environment: ["BROWSER": PeerServer.browser])
    }

    func whoami(_ extra: [String] = []) async throws -> CLIRunner.Result {
        try await cli.run(["whoami", name, "--fresh"] + extra, environment: ["BROWSER": PeerServer.browser])
    }

    /// Logs in and calls the server, both of which must succeed.
    func loginAndCall(_ peer: ConformancePeer, auth: String = #"{"method": "oauth"}"#,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try configure(peer, auth: auth)
        let login = try await login()
        #expect(login.status == 0, "login: \(login.stderr)", sourceLocation: sourceLocation)
        let whoami = try await whoami()
        #expect(whoami.status == 0, "whoami: \(whoami.stderr)", sourceLocation: sourceLocation)
    }

    /// A login that must be refused before any token is requested, with `exit` and a message containing `words`.
    func refusedLogin(_ peer: ConformancePeer, exit: Int32, words: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try configure(peer)
        let login = try await login()
        #expect(login.status == exit, "login: \(login.status) \(login.stderr)", sourceLocation: sourceLocation)
        #expect(login.stderr.contains(words), "\(login.stderr)", sourceLocation: sourceLocation)
        #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil, "a token was stored", sourceLocation: sourceLocation)
    }

    // MARK: - Metadata discovery (tier 1)

    @Test("auth/metadata-default: path PRM named in the challenge, RFC 8414 metadata at the root; the root PRM is never asked")
    func metadataDefault() async throws {
        try await ConformancePeer.with("metadata-default") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["prm-pathbased-requested"] + Self.flow)
        }
    }

    @Test("auth/metadata-var1: path PRM found without the challenge, OIDC metadata at the root")
    func metadataVar1() async throws {
        try await ConformancePeer.with("metadata-var1") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["prm-pathbased-requested"] + Self.flow)
        }
    }

    @Test("auth/metadata-var2: root PRM, RFC 8414 metadata with the issuer's path inserted; the root metadata is never asked")
    func metadataVar2() async throws {
        try await ConformancePeer.with("metadata-var2") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(Self.flow)
        }
    }

    @Test("auth/metadata-var3: PRM at a custom location named by the challenge, OIDC metadata appended to the issuer's path")
    func metadataVar3() async throws {
        try await ConformancePeer.with("metadata-var3") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(Self.flow)
        }
    }

    @Test("auth/basic-cimd: a Client ID Metadata Document URL is the client_id where the server supports it; no registration")
    func basicCIMD() async throws {
        try await ConformancePeer.with("basic-cimd") { peer in
            let url = try #require(try await peer.context()["client_metadata_url"])
            try await loginAndCall(peer, auth: #"{"method": "oauth", "clientMetadataURL": "\#(url)"}"#)
            try await peer.expectPassed(["cimd-client-id-used", "authorization-request", "token-request"])
            #expect(try await peer.counts()["as POST /register"] == nil, "registered although the client id is a metadata document")
        }
    }

    // MARK: - Scope selection (tier 1)

    @Test("auth/scope-from-www-authenticate: the challenge's scope is requested")
    func scopeFromWWWAuthenticate() async throws {
        try await ConformancePeer.with("scope-from-www-authenticate") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["scope-from-www-authenticate"])
        }
    }

    @Test("auth/scope-from-scopes-supported: without a challenged scope, every scope of the PRM's scopes_supported")
    func scopeFromScopesSupported() async throws {
        try await ConformancePeer.with("scope-from-scopes-supported") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["scope-from-scopes-supported"])
        }
    }

    @Test("auth/scope-omitted-when-undefined: no scope anywhere, no scope parameter")
    func scopeOmittedWhenUndefined() async throws {
        try await ConformancePeer.with("scope-omitted-when-undefined") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["scope-omitted-when-undefined"])
        }
    }

    @Test("auth/scope-step-up: initialize is open; the tools/list challenge's scope first, then on 403 the union, and the call succeeds")
    func scopeStepUp() async throws {
        try await ConformancePeer.with("scope-step-up") { peer in
            try configure(peer)
            let login = try await login()
            #expect(login.status == 0, "login: \(login.stderr)")
            #expect(login.stdout.contains("scopes mcp:basic"), "\(login.stdout)")
            let plain = try await whoami()
            #expect(plain.status == 77, "\(plain.stderr)")
            #expect(plain.stderr.contains("needs scope mcp:write") && plain.stderr.contains("--step-up"), "\(plain.stderr)")
            let whoami = try await whoami(["--step-up"])
            #expect(whoami.status == 0, "whoami --step-up: \(whoami.stderr)")
            #expect(whoami.stderr.contains("logging in for mcp:basic mcp:write"), "\(whoami.stderr)")
            try await peer.expectPassed(["scope-step-up-initial", "scope-step-up-escalation", "sep-2350-scope-union-on-reauth"])
            let events = try await cli.run(["events", name])
            #expect(events.stdout.contains("whoami needs scope mcp:write"), "\(events.stdout)")
        }
    }

    @Test("auth/scope-retry-limit: a server that refuses every scope gets no loop of logins; the refusal is said once")
    func scopeRetryLimit() async throws {
        try await ConformancePeer.with("scope-retry-limit") { peer in
            try configure(peer)
            let login = try await login()
            #expect(login.status == 0, "login: \(login.stderr)")
            let whoami = try await whoami(["--step-up"])
            #expect(whoami.status == 77, "\(whoami.stderr)")
            #expect(whoami.stderr.contains("did not log in again"), "\(whoami.stderr)")
            try await peer.expectPassed(["scope-retry-limit"])
            let attempts = try await peer.checks().filter { $0.id == "scope-retry-auth-attempt" }.count
            #expect(attempts == 1, "\(attempts) authorization requests")
        }
    }

    // MARK: - Token endpoint authentication (tier 1)

    @Test("auth/token-endpoint-auth-basic, -post, -none: the registered method is used, and resource is sent to both endpoints",
          arguments: ["basic", "post", "none"])
    func tokenEndpointAuth(method: String) async throws {
        try await ConformancePeer.with("token-endpoint-auth-\(method)") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["token-endpoint-auth-method"] + Self.resourceChecks)
        }
    }

    @Test("auth/pre-registration: a configured client id and secret, by HTTP Basic, where the server offers no registration")
    func preRegistration() async throws {
        try await ConformancePeer.with("pre-registration") { peer in
            let context = try await peer.context()
            try await cli.storeSecret(server: name, field: "clientSecret", value: try #require(context["client_secret"]))
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "clientSecret") } }
            try await loginAndCall(peer, auth: #"{"method": "oauth", "clientId": "\#(try #require(context["client_id"]))", "clientSecret": "keyring:"}"#)
            try await peer.expectPassed(["pre-registration-auth"])
        }
    }

    // MARK: - 2025-03-26 back-compat

    @Test("auth/2025-03-26-oauth-metadata-backcompat: no PRM; RFC 8414 metadata at the MCP server's own origin")
    func metadataBackcompat20250326() async throws {
        try await ConformancePeer.with("2025-03-26-oauth-metadata-backcompat") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(Self.flow)
        }
    }

    @Test("auth/2025-03-26-oauth-endpoint-fallback: no metadata at all; /authorize, /token and /register at the server's origin")
    func endpointFallback20250326() async throws {
        try await ConformancePeer.with("2025-03-26-oauth-endpoint-fallback") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["client-registration", "authorization-request", "token-request"])
            let events = try await cli.run(["events", name])
            #expect(events.stdout.contains("2025-03-26 default endpoints"), "\(events.stdout)")
        }
    }

    // MARK: - Client credentials (extension)

    @Test("auth/client-credentials-basic: client_secret_basic, the token endpoint found through PRM and metadata, resource sent")
    func clientCredentialsBasic() async throws {
        try await ConformancePeer.with("client-credentials-basic") { peer in
            let context = try await peer.context()
            try await cli.storeSecret(server: name, field: "clientSecret", value: try #require(context["client_secret"]))
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "clientSecret") } }
            try await loginAndCall(peer, auth: #"{"method": "clientCredentials", "clientId": "\#(try #require(context["client_id"]))", "clientSecret": "keyring:"}"#)
            try await peer.expectPassed(["client-credentials-basic-auth", "valid-bearer-token"])
        }
    }

    @Test("auth/client-credentials-jwt: private_key_jwt with an ES256 or RS256 key, aud the issuer, a fresh jti each time",
          arguments: ["ES256", "RS256"])
    func clientCredentialsJWT(algorithm: String) async throws {
        try await ConformancePeer.with("client-credentials-jwt") { peer in
            let context = try await peer.context()
            let key = try #require(context[algorithm == "ES256" ? "private_key_pem" : "rsa_private_key_pem"])
            try await cli.storeSecret(server: name, field: "privateKey", value: key)
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "privateKey") } }
            let auth = #"{"method": "clientCredentials", "style": "privateKeyJWT", "signingAlgorithm": "\#(algorithm)", "clientId": "\#(try #require(context["client_id"]))", "privateKey": "keyring:"}"#
            try await loginAndCall(peer, auth: auth)
            // A second grant signs a new assertion: the server refuses a replayed jti.
            let again = try await login()
            #expect(again.status == 0, "second grant: \(again.stderr)")
            try await peer.expectPassed(["client-credentials-jwt-verified", "valid-bearer-token"])
            let output = again.stdout + again.stderr
            #expect(!output.contains("PRIVATE KEY") && !output.contains(String(key.split(separator: "\n")[1].prefix(20))), "key material in the output")
        }
    }

    @Test("client-credentials-jwt with another key: the server's invalid_client, said plainly, and no token")
    func clientCredentialsJWTWrongKey() async throws {
        try await ConformancePeer.with("client-credentials-jwt") { peer in
            let context = try await peer.context()
            try await cli.storeSecret(server: name, field: "privateKey", value: try #require(context["wrong_private_key_pem"]))
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "privateKey") } }
            try configure(peer, auth: #"{"method": "clientCredentials", "style": "privateKeyJWT", "clientId": "\#(try #require(context["client_id"]))", "privateKey": "keyring:"}"#)
            let login = try await login()
            #expect(login.status == 77, "\(login.status) \(login.stderr)")
            #expect(login.stderr.contains("invalid_client") && login.stderr.contains("--field privateKey"), "\(login.stderr)")
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
        }
    }

    // MARK: - Enterprise-managed authorization (extension)

    func enterpriseAuth(_ context: [String: String]) throws -> String {
        #"{"method": "enterprise", "clientId": "\#(try #require(context["client_id"]))", "clientSecret": "keyring:", "idp": {"issuer": "\#(try #require(context["idp_issuer"]))", "clientId": "\#(try #require(context["idp_client_id"]))"}}"#
    }

    @Test("auth/enterprise-managed-authorization: an OIDC login at the IdP, its id_token exchanged for an ID-JAG, redeemed by jwt-bearer")
    func enterpriseManagedAuthorization() async throws {
        try await ConformancePeer.with("enterprise-managed-authorization") { peer in
            let context = try await peer.context()
            try await cli.storeSecret(server: name, field: "clientSecret", value: try #require(context["client_secret"]))
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "clientSecret") } }
            try await loginAndCall(peer, auth: try enterpriseAuth(context))
            try await peer.expectPassed(["complete-flow-token-exchange", "complete-flow-jwt-bearer", "valid-bearer-token"])
            // A new access token comes from the stored IdP login: no second browser trip.
            let refreshed = try await cli.run(["refresh", name])
            #expect(refreshed.status == 0, "\(refreshed.stderr)")
            let counts = try await peer.counts()
            #expect(counts["idp GET /authorize"] == 1 && counts["idp POST /token"] == 3, "\(counts)")
            let idToken = try #require(try await cli.lookupSecret(server: name, field: "idp.idToken"), "the IdP login is not in the keyring")
            let events = try await cli.run(["events", name])
            #expect(events.stdout.contains("exchanged the") && !events.stdout.contains(idToken), "\(events.stdout)")
        }
    }

    @Test("enterprise-managed authorization with a wrong client secret at the MCP server's authorization server: invalid_client, no token")
    func enterpriseWrongClientSecret() async throws {
        try await ConformancePeer.with("enterprise-managed-authorization") { peer in
            let context = try await peer.context()
            try await cli.storeSecret(server: name, field: "clientSecret", value: "not-the-secret")
            defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "clientSecret") } }
            try configure(peer, auth: try enterpriseAuth(context))
            let login = try await login()
            #expect(login.status == 77 && login.stderr.contains("invalid_client") && login.stderr.contains("--field clientSecret"), "\(login.status) \(login.stderr)")
            #expect(try await cli.lookupSecret(server: name, field: "accessToken") == nil)
        }
    }

    // MARK: - DPoP (extension)

    @Test("auth/dpop: a DPoP-bound token (a proof at the token endpoint), presented with the DPoP scheme and a fresh proof per request")
    func dpop() async throws {
        try await ConformancePeer.with("dpop") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["sep-1932-client-token-request-proof", "sep-1932-client-dpop-auth-scheme", "sep-1932-client-fresh-proof"])
            let key = try #require(try await cli.lookupSecret(server: name, field: "dpopKey"), "no DPoP key in the keyring")
            #expect(key.contains("PRIVATE KEY"))
            // A refresh proves possession of the same key; the bound session keeps working.
            let refreshed = try await cli.run(["refresh", name])
            #expect(refreshed.status == 0, "\(refreshed.stderr)")
            let again = try await whoami()
            #expect(again.status == 0, "\(again.stderr)")
            try await peer.expectPassed(["sep-1932-client-fresh-proof"])
            let database = try Data(contentsOf: URL(fileURLWithPath: cli.home + "/state/mcpdash/state.db"))
            #expect(database.range(of: Data(key.split(separator: "\n")[1].utf8)) == nil, "the DPoP key is in the state database")
        }
    }

    @Test("auth/dpop-nonce: the authorization server's and the MCP server's use_dpop_nonce are each answered with their nonce")
    func dpopNonce() async throws {
        try await ConformancePeer.with("dpop-nonce") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["sep-1932-client-token-request-proof", "sep-1932-client-dpop-auth-scheme", "sep-1932-client-fresh-proof",
                                         "sep-1932-client-as-nonce", "sep-1932-client-rs-nonce"])
        }
    }

    @Test("an MCP server demanding a new DPoP nonce on every answer gets one retry per request, then a plain refusal: no loop")
    func dpopNonceChurn() async throws {
        try await ConformancePeer.with("dpop-nonce-churn") { peer in
            try configure(peer)
            let login = try await login()
            #expect(login.status == 0, "login: \(login.stderr)")
            let whoami = try await whoami()
            #expect(whoami.status == 77, "\(whoami.status) \(whoami.stderr)")
            #expect(whoami.stderr.contains("HTTP 401"), "\(whoami.stderr)")
            let posts = try await peer.counts()["mcp POST /mcp"] ?? 0
            #expect(posts <= 8, "\(posts) MCP requests")
        }
    }

    // MARK: - Workload identity (extension)

    /// A config of the workload-identity method reading its JWT from `assertion`.
    func workloadAuth(_ context: [String: String], assertion: String, scopes: [String] = []) throws -> String {
        let scopeList = scopes.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"{"method": "workloadIdentity", "clientId": "\#(try #require(context["client_id"]))", "assertion": \#(assertion), "scopes": [\#(scopeList)]}"#
    }

    @Test("auth/wif-jwt-bearer: the platform's JWT from a file, by the jwt-bearer grant; the token is served")
    func wifJWTBearer() async throws {
        try await ConformancePeer.with("wif-jwt-bearer") { peer in
            let context = try await peer.context()
            let file = cli.home + "/workload-token"
            try (try #require(context["valid_jwt"]) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try await loginAndCall(peer, auth: try workloadAuth(context, assertion: #"{"file": "\#(file)"}"#))
            try await peer.expectPassed(["wif-assertion-verified", "valid-bearer-token"])
            // A due token is requested again with the file's current JWT, without a login.
            let refreshed = try await cli.run(["refresh", name])
            #expect(refreshed.status == 0, "\(refreshed.stderr)")
            #expect(try await peer.counts()["as POST /token"] == 2)
        }
    }

    @Test("wif-jwt-bearer refusals are said once, as the server said them: no retry, no other grant",
          arguments: [("expired_jwt", [String](), "expired"), ("wrong_audience_jwt", [], "audience"),
                      ("valid_jwt", ["wif.rejected"], "invalid_scope"), ("valid_jwt", ["wif.trigger-unauthorized"], "unauthorized_client")])
    func wifRefusals(token: String, scopes: [String], words: String) async throws {
        try await ConformancePeer.with("wif-jwt-bearer") { peer in
            let context = try await peer.context()
            try configure(peer, auth: try workloadAuth(context, assertion: #"{"env": "WORKLOAD_JWT"}"#, scopes: scopes))
            let login = try await cli.run(["login", name], environment: ["WORKLOAD_JWT": try #require(context[token])])
            #expect(login.status == 77, "\(login.status) \(login.stderr)")
            #expect(login.stderr.contains(words), "\(login.stderr)")
            #expect(try await peer.counts()["as POST /token"] == 1, "the grant was retried")
            #expect(!login.stderr.contains(try #require(context[token])), "the workload token is in the output")
            let checks = try await peer.checks()
            #expect(!checks.contains { $0.id == "wif-no-retry" || $0.id == "wif-grant-fallback" }, "\(checks.map(\.summary))")
        }
    }

    @Test("a workload token that is not a JWT, or a command that fails, never reaches the authorization server")
    func wifUnusableAssertion() async throws {
        try await ConformancePeer.with("wif-jwt-bearer") { peer in
            let context = try await peer.context()
            try configure(peer, auth: try workloadAuth(context, assertion: #"{"command": ["/bin/echo", "not-a-jwt"]}"#))
            let notJWT = try await login()
            #expect(notJWT.status == 77 && notJWT.stderr.contains("is not a JWT"), "\(notJWT.stderr)")
            try configure(peer, auth: try workloadAuth(context, assertion: #"{"command": ["/bin/false"]}"#))
            let failing = try await login()
            #expect(failing.status == 77 && failing.stderr.contains("failed"), "\(failing.stderr)")
            try configure(peer, auth: try workloadAuth(context, assertion: #"{"file": "/nonexistent/token"}"#))
            let missing = try await login()
            #expect(missing.status == 77 && missing.stderr.contains("cannot be read"), "\(missing.stderr)")
            #expect(try await peer.counts()["as POST /token"] == nil)
        }
    }

    // MARK: - Draft scenarios

    @Test("auth/resource-mismatch: PRM naming another resource gets no authorization request")
    func resourceMismatch() async throws {
        try await ConformancePeer.with("resource-mismatch") { peer in
            try await refusedLogin(peer, exit: 77, words: "will not log in for another resource")
            try await peer.expectPassed(["resource-mismatch-rejected"])
        }
    }

    @Test("auth/offline-access-scope: offline_access is requested where the authorization server lists it; refresh_token registered")
    func offlineAccessScope() async throws {
        try await ConformancePeer.with("offline-access-scope") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["sep-2207-offline-access-requested", "sep-2207-client-metadata-grant-types"])
        }
    }

    @Test("auth/offline-access-not-supported: offline_access is not requested where the authorization server does not list it")
    func offlineAccessNotSupported() async throws {
        try await ConformancePeer.with("offline-access-not-supported") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["sep-2207-offline-access-not-requested"])
        }
    }

    @Test("auth/authorization-server-migration: a new issuer in the PRM gets a new registration; the old client id never reaches it")
    func authorizationServerMigration() async throws {
        try await ConformancePeer.with("authorization-server-migration") { peer in
            try configure(peer)
            let first = try await login()
            #expect(first.status == 0, "login: \(first.stderr)")
            // The first call is served (whoami's one tools/call); the next is refused: the server
            // moved to another authorization server.
            let served = try await whoami()
            #expect(served.status == 0, "the first call: \(served.stderr)")
            let refused = try await whoami()
            #expect(refused.status == 77 && refused.stderr.contains("authorization server has changed"), "\(refused.stderr)")
            let again = try await login()
            #expect(again.status == 0, "second login: \(again.stderr)")
            let whoami = try await whoami()
            #expect(whoami.status == 0, "whoami after the migration: \(whoami.stderr)")
            try await peer.expectPassed(["sep-2352-reregister-on-as-change", "sep-2352-no-reuse-on-as-change",
                                         "sep-2352-no-cross-as-credential-reuse"])
        }
    }

    @Test("auth/iss-supported: the authorization response's iss matches and the code is redeemed")
    func issSupported() async throws {
        try await ConformancePeer.with("iss-supported") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["sep-2468-client-compare-iss-supported"])
        }
    }

    @Test("auth/iss-not-advertised: no iss and none promised: the code is redeemed")
    func issNotAdvertised() async throws {
        try await ConformancePeer.with("iss-not-advertised") { peer in
            try await loginAndCall(peer)
            try await peer.expectPassed(["sep-2468-client-proceed-no-iss"])
        }
    }

    @Test("auth/iss-supported-missing: iss promised but absent: the code is not redeemed")
    func issSupportedMissing() async throws {
        try await ConformancePeer.with("iss-supported-missing") { peer in
            try await refusedLogin(peer, exit: 77, words: "promises an iss parameter")
            try await peer.expectPassed(["sep-2468-client-reject-missing-iss"])
        }
    }

    @Test("auth/iss-wrong-issuer: iss of another issuer: the code is not redeemed")
    func issWrongIssuer() async throws {
        try await ConformancePeer.with("iss-wrong-issuer") { peer in
            try await refusedLogin(peer, exit: 77, words: "came from issuer https://evil.example.com")
            try await peer.expectPassed(["sep-2468-client-compare-iss-supported"])
        }
    }

    @Test("auth/iss-unexpected: a wrong iss where none was promised: the code is not redeemed")
    func issUnexpected() async throws {
        try await ConformancePeer.with("iss-unexpected") { peer in
            try await refusedLogin(peer, exit: 77, words: "came from issuer https://evil.example.com")
            try await peer.expectPassed(["sep-2468-client-compare-iss-unadvertised"])
        }
    }

    @Test("auth/iss-normalized: the issuer with a trailing slash is another issuer: the code is not redeemed")
    func issNormalized() async throws {
        try await ConformancePeer.with("iss-normalized") { peer in
            try await refusedLogin(peer, exit: 77, words: "not redeemed")
            try await peer.expectPassed(["sep-2468-client-no-normalization"])
        }
    }

    @Test("auth/metadata-issuer-mismatch: metadata naming another issuer is rejected before any authorization request")
    func metadataIssuerMismatch() async throws {
        try await ConformancePeer.with("metadata-issuer-mismatch") { peer in
            try await refusedLogin(peer, exit: 77, words: "names another issuer")
            try await peer.expectPassed(["sep-2468-client-validate-metadata-issuer"])
        }
    }
}
