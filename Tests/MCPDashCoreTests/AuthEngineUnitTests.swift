import Foundation
import JWTKit
import MCP
import Testing
@testable import MCPDashCore

/// The auth engine's pure parts: PKCE, scope choice, metadata and token parsing, client
/// authentication, the token vault's write order, the refresh lock and secret ages.
@Suite("auth engine units")
struct AuthEngineUnitTests {
    @Test("PKCE S256 matches RFC 7636 appendix B; fresh verifiers are 43 unreserved characters and differ")
    func pkce() {
        #expect(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let one = PKCE(), two = PKCE()
        #expect(one.verifier.count == 43)
        #expect(one.verifier != two.verifier)
        #expect(one.verifier.allSatisfy { $0.isLetter || $0.isNumber || "-_".contains($0) })
        #expect(one.method == "S256")
    }

    @Test("scopes: configured, else the challenge's, else the PRM's")
    func scopeChoice() {
        #expect(AuthorizationCodeLogin.scopes(configured: ["a"], challenged: ["b"], supported: ["c"]) == ["a", "b"])
        #expect(AuthorizationCodeLogin.scopes(configured: ["a"], challenged: [], supported: ["c"]) == ["a"])
        #expect(AuthorizationCodeLogin.scopes(configured: [], challenged: ["b"], supported: ["c"]) == ["b"])
        #expect(AuthorizationCodeLogin.scopes(configured: [], challenged: [], supported: ["c"]) == ["c"])
        #expect(AuthorizationCodeLogin.scopes(configured: [], challenged: [], supported: []).isEmpty)
    }

    @Test("step-up asks for the union, in order, without duplicates; it follows only an insufficient_scope 403 since the last login")
    func stepUp() throws {
        #expect(ScopeStepUp.union(["a", "b"], ["b", "c", "c"]) == ["a", "b", "c"])
        let database = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db")
        try database.save(TokenMetadata(server: "s", scopes: "mcp:write", obtainedAt: Date()))
        #expect(ScopeStepUp.additionalScopes(server: "s", account: "default", database: database).isEmpty)
        try database.append(JournalEvent(server: "s", account: "default", operation: .whoami, outcome: .failure, httpStatus: 403,
                                         challenge: #"Bearer error="insufficient_scope", scope="mcp:read""#, message: "Forbidden"))
        #expect(ScopeStepUp.additionalScopes(server: "s", account: "default", database: database) == ["mcp:write", "mcp:read"])
        try database.append(JournalEvent(server: "s", account: "default", operation: .login, outcome: .success, message: "logged in"))
        #expect(ScopeStepUp.additionalScopes(server: "s", account: "default", database: database).isEmpty)
    }

    @Test("the resource is canonical: no fragment, no trailing slash")
    func canonicalResource() {
        #expect(AuthDiscovery.canonicalResource("https://mcp.example/mcp/") == "https://mcp.example/mcp")
        #expect(AuthDiscovery.canonicalResource("https://mcp.example/#x") == "https://mcp.example")
        #expect(AuthDiscovery.canonicalResource("https://mcp.example/mcp") == "https://mcp.example/mcp")
    }

    @Test("authorization-server endpoints must be https, or plain http on loopback only")
    func endpointSecurity() {
        #expect(OAuthHTTP.insecurity(of: "https://auth.example/token") == nil)
        #expect(OAuthHTTP.insecurity(of: "http://127.0.0.1:9000/token") == nil)
        #expect(OAuthHTTP.insecurity(of: "http://localhost/token") == nil)
        #expect(OAuthHTTP.insecurity(of: "http://auth.example/token")?.contains("only https") == true)
        #expect(OAuthHTTP.insecurity(of: "not a url") != nil)
    }

    @Test("registration asks for a public client when allowed, else the server's first secret method")
    func registrationMethod() {
        #expect(ClientRegistrar.registrationMethod(supported: []) == .none)
        #expect(ClientRegistrar.registrationMethod(supported: ["client_secret_basic", "none"]) == .none)
        #expect(ClientRegistrar.registrationMethod(supported: ["client_secret_post", "client_secret_basic"]) == .clientSecretPost)
        #expect(ClientRegistrar.registrationMethod(supported: ["private_key_jwt", "client_secret_basic"]) == .clientSecretBasic)
    }

    @Test("client authentication: Basic form-encodes id and secret, post sends both fields, a public client only its id")
    func clientAuthentication() {
        var fields: [(String, String)] = []
        var headers: [(String, String)] = []
        ClientIdentity(clientId: "a b", secret: "s:1", method: .clientSecretBasic, kind: .preRegistered).authenticate(fields: &fields, headers: &headers)
        #expect(fields.isEmpty)
        #expect(headers.first?.1 == "Basic " + Data("a%20b:s%3A1".utf8).base64EncodedString())
        fields = []
        headers = []
        ClientIdentity(clientId: "id", secret: "s", method: .clientSecretPost, kind: .dynamic).authenticate(fields: &fields, headers: &headers)
        #expect(fields.map(\.0) == ["client_id", "client_secret"])
        #expect(headers.isEmpty)
        fields = []
        ClientIdentity(clientId: "id", secret: nil, method: .none, kind: .dynamic).authenticate(fields: &fields, headers: &headers)
        #expect(fields.map(\.0) == ["client_id"])
    }

    @Test("private_key_jwt sends a fresh RS256 client assertion for the endpoint (RFC 7523), verifiable with the public key")
    func privateKeyJWT() async throws {
        struct Assertion: JWTPayload {
            var iss: IssuerClaim
            var sub: SubjectClaim
            var aud: AudienceClaim
            var exp: ExpirationClaim
            var jti: IDClaim
            func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
        }
        let pem = try String(contentsOfFile: TestSupport.fixture("test-client-key.pem"), encoding: .utf8)
        let publicPEM = try String(contentsOfFile: TestSupport.fixture("test-client-key.pub.pem"), encoding: .utf8)
        let client = ClientIdentity(clientId: "mcpdash-client", secret: pem, method: .privateKeyJWT, kind: .preRegistered)
        let (fields, headers) = try await client.authenticated(fields: [("grant_type", "client_credentials")], headers: [],
                                                               audience: "https://as.example/token")
        #expect(headers.isEmpty)
        #expect(fields.first { $0.0 == "client_assertion_type" }?.1 == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        #expect(!fields.contains { $0.0 == "client_secret" }, "the private key itself is never sent")
        let assertion = try #require(fields.first { $0.0 == "client_assertion" }?.1)
        let keys = await JWTKeyCollection().add(rsa: try Insecure.RSA.PublicKey(pem: publicPEM), digestAlgorithm: .sha256)
        let claims = try await keys.verify(assertion, as: Assertion.self)
        #expect(claims.iss.value == "mcpdash-client" && claims.sub.value == "mcpdash-client")
        #expect(claims.aud.value == ["https://as.example/token"])
        let (again, _) = try await client.authenticated(fields: [], headers: [], audience: "https://as.example/token")
        #expect(again.first { $0.0 == "client_assertion" }?.1 != assertion, "each request gets a fresh assertion (jti)")
    }

    @Test("token responses: expires_in as number or string; no access_token is not a token")
    func tokenResponses() {
        let numeric = TokenResponse(object: ["access_token": "a", "expires_in": 60, "refresh_token": "r", "scope": "x y"])
        #expect(numeric?.expiresIn == 60)
        #expect(numeric?.expiresAt(from: Date(timeIntervalSince1970: 0)) == Date(timeIntervalSince1970: 60))
        #expect(TokenResponse(object: ["access_token": "a", "expires_in": "3600"])?.expiresIn == 3600)
        #expect(TokenResponse(object: ["token_type": "Bearer"]) == nil)
        #expect(TokenResponse(object: ["access_token": ""]) == nil)
    }

    @Test("token-endpoint errors say what they mean")
    func tokenErrors() {
        func error(_ object: [String: Value]?, status: Int = 400) -> OAuthError {
            TokenEndpoint.error(from: .init(status: status, object: object, headers: [:]), url: "https://as/token", server: "s")
        }
        #expect(error(["error": "invalid_grant"]).kind == .loginRequired)
        #expect(error(["error": "invalid_client"], status: 401).kind == .invalidClient)
        #expect(error(["error": "invalid_client"], status: 401).hint?.contains("--forget registration") == true)
        #expect(error(["error": "unsupported_grant_type"]).kind == .tokenEndpoint)
        #expect(error(nil, status: 502).kind == .malformedResponse)
    }

    @Test("metadata keeps the fields discovery needs and requires an issuer")
    func metadata() {
        let metadata = AuthorizationServerMetadata(object: [
            "issuer": "https://as", "token_endpoint": "https://as/token", "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": true,
        ])
        #expect(metadata?.codeChallengeMethods == ["S256"])
        #expect(metadata?.authorizationResponseIssuerSupported == true)
        #expect(AuthorizationServerMetadata(object: ["token_endpoint": "https://as/token"]) == nil)
    }

    @Test("the vault writes the refresh token first, counts rotations, and keeps the old refresh token when none is sent")
    func vaultOrder() throws {
        let store = RecordingOrderStore()
        let database = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db")
        let vault = TokenVault(store: store, database: database, server: "s")
        let context = TokenVault.Context(issuer: "https://as", tokenEndpoint: "https://as/token", clientId: "c", requestedScopes: ["mcp:read"])
        try vault.save(#require(TokenResponse(object: ["access_token": "a1", "refresh_token": "r1", "expires_in": 60])), context: context)
        #expect(store.writes == ["refreshToken", "accessToken"])
        try vault.save(#require(TokenResponse(object: ["access_token": "a2", "refresh_token": "r2", "expires_in": 60])), context: context)
        #expect(try vault.metadata()?.rotationCount == 1)
        try vault.save(#require(TokenResponse(object: ["access_token": "a3", "expires_in": 60])), context: context)
        #expect(try vault.value(TokenVault.Field.refreshToken) == "r2")
        #expect(try vault.metadata()?.scopes == "mcp:read")
        try vault.markLoginRequired("invalid_grant")
        #expect(try vault.metadata()?.loginRequired == "invalid_grant")
        try vault.save(#require(TokenResponse(object: ["access_token": "a4"])), context: context)
        #expect(try vault.metadata()?.loginRequired == nil)
        #expect(try vault.forget() == 2)
        #expect(try vault.metadata() == nil)
    }

    @Test("a connection reads its access token and DPoP key from the store once, and again when the session changes or ends")
    func heldAccessToken() async throws {
        let store = RecordingOrderStore()
        let database = try StateDatabase(path: TestSupport.temporaryDirectory() + "/state.db")
        let config = try TestSupport.parse(#"{"mcpServers": {"s": {"url": "https://api.example/mcp", "auth": {"method": "oauth"}}}}"#)
        let server = try #require(config.servers.first)
        let broker = TokenBroker(server: server, config: config, stores: SecretStores(keyring: store, file: InMemorySecretStore()),
                                 database: database, account: SecretAddress.defaultAccount)
        let credentials = RequestCredentials(server: server, resolver: broker.resolver, minter: SelfSignedJWTMinter(), broker: broker)
        let context = TokenVault.Context(issuer: "https://as", tokenEndpoint: "https://as/token", clientId: "c")
        let now = Date()
        // A DPoP-typed session whose key is missing: the key is looked for once, its absence remembered.
        try broker.vault.save(#require(TokenResponse(object: ["access_token": "first", "expires_in": 3600, "token_type": "DPoP"])), context: context, now: now)
        func authorization() async throws -> String? {
            try await credentials.headers(body: Data(), now: now).first { $0.0 == "Authorization" }?.1
        }
        for _ in 0..<3 { #expect(try await authorization() == "Bearer first") }
        #expect(store.reads.filter { $0 == TokenVault.Field.accessToken } .count == 1)
        #expect(store.reads.filter { $0 == TokenVault.Field.dpopKey } .count == 1)
        // Another process logs in again: the next request reads the new session's token.
        try broker.vault.save(#require(TokenResponse(object: ["access_token": "second", "expires_in": 3600])), context: context,
                              now: now.addingTimeInterval(1))
        #expect(try await authorization() == "Bearer second")
        #expect(store.reads.filter { $0 == TokenVault.Field.accessToken } .count == 2)
        // Another process logs out: the held token is not sent.
        try broker.vault.forget()
        await #expect(throws: MCPTransportError.self) { _ = try await authorization() }
        // A Bearer-typed session is bound to no key: a new connection does not look for one.
        try broker.vault.save(#require(TokenResponse(object: ["access_token": "third", "expires_in": 3600, "token_type": "Bearer"])), context: context,
                              now: now.addingTimeInterval(2))
        let bearer = RequestCredentials(server: server, resolver: broker.resolver, minter: SelfSignedJWTMinter(), broker: broker)
        let before = store.reads.filter { $0 == TokenVault.Field.dpopKey }.count
        #expect(try await bearer.headers(body: Data(), now: now).first { $0.0 == "Authorization" }?.1 == "Bearer third")
        #expect(store.reads.filter { $0 == TokenVault.Field.dpopKey }.count == before)
    }

    @Test("the refresh lock excludes a second holder until released")
    func refreshLock() async throws {
        let path = TestSupport.temporaryDirectory() + "/locks/s@default.lock"
        let first = try await RefreshLock.acquire(path: path, server: "s")
        await #expect(throws: OAuthError.self) { _ = try await RefreshLock.acquire(path: path, server: "s", timeout: .milliseconds(200)) }
        first.release()
        let second = try await RefreshLock.acquire(path: path, server: "s", timeout: .seconds(2))
        second.release()
    }

    @Test("the overlay store shows the candidate and keeps writes away from the real store")
    func overlay() throws {
        let base = InMemorySecretStore()
        let address = SecretAddress(server: "s", field: "token")
        try base.set("old", for: address)
        let overlay = OverlaySecretStore(base, overrides: [address: "new"])
        #expect(try overlay.get(address) == "new")
        try overlay.set("written", for: SecretAddress(server: "s", field: "accessToken"))
        try overlay.delete(address)
        #expect(try base.get(address) == "old")
        #expect(try base.get(SecretAddress(server: "s", field: "accessToken")) == nil)
        #expect(try overlay.list(server: "s").map(\.field) == ["accessToken"])
    }

    @Test("doctor warns about a secret rotated longer ago than the server's policy")
    func secretAges() throws {
        let path = TestSupport.temporaryDirectory() + "/state.db"
        let database = try StateDatabase(path: path)
        let now = Date()
        try database.save(SecretChange(server: "kailash", account: "default", field: "apiKey", changedAt: now.addingTimeInterval(-100.5 * 86_400)))
        try database.save(SecretChange(server: "eka", account: "default", field: "clientSecret", changedAt: now.addingTimeInterval(-10 * 86_400)))
        let config = try TestSupport.parse(#"""
            {"mcpServers": {"kailash": {"url": "https://k.example/mcp", "rotationPolicyDays": 90},
                            "eka": {"url": "https://e.example/mcp"}}}
            """#)
        let check = try #require(Doctor.secretAgeCheck(config, statePath: path, now: now))
        #expect(check.status == .warning)
        #expect(check.notes == ["kailash/apiKey is 100 days old (policy 90)"])
    }
}

/// A store that remembers the order of its writes.
final class RecordingOrderStore: SecretStore, @unchecked Sendable {
    private let inner = InMemorySecretStore()
    private(set) var writes: [String] = []
    private(set) var reads: [String] = []
    var kind: StorageKind { .memory }
    func health() -> SecretStoreHealth { .ready }
    func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        reads.append(address.field)
        return try inner.get(address)
    }
    func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        writes.append(address.field)
        try inner.set(value, for: address)
    }
    func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool { try inner.delete(address) }
    func list(server: String?) throws(SecretStoreError) -> [SecretAddress] { try inner.list(server: server) }
}
