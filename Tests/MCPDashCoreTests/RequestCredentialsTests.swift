import Crypto
import Foundation
import JWTKit
import Testing
@testable import MCPDashCore

@Suite("Request credentials")
struct RequestCredentialsTests {
    let store = InMemorySecretStore()

    func headers(_ auth: AuthConfig, url: String = "https://api.example/mcp", body: String = "{}", now: Date = Date(timeIntervalSince1970: 1_700_000_000),
                 secrets: [String: String] = [:], environment: [String: String] = [:]) async throws -> [String: String] {
        for (field, value) in secrets { try store.set(value, for: SecretAddress(server: "s", field: field)) }
        let server = ServerConfig(name: "s", transport: .http(HTTPEndpoint(url: url, headers: ["X-Plain": "1"])), auth: auth)
        let credentials = RequestCredentials(server: server, resolver: SecretResolver(store: store, environment: EnvironmentResolver(process: environment), server: "s"),
                                             minter: SelfSignedJWTMinter())
        return Dictionary(try await credentials.headers(body: Data(body.utf8), now: now), uniquingKeysWith: { first, _ in first })
    }

    @Test("bearer, raw token, API key and header sets, from the keyring and the environment")
    func staticMethods() async throws {
        #expect(try await headers(.bearer(BearerAuth(token: .keyring)), secrets: ["token": "t1"]) == ["X-Plain": "1", "Authorization": "Bearer t1"])
        #expect(try await headers(.bearer(BearerAuth(token: .environment(template: "${EKA}"), scheme: "")), environment: ["EKA": "raw"])["Authorization"] == "raw")
        #expect(try await headers(.apiKey(APIKeyAuth(header: "X-API-Key", key: .keyring)), secrets: ["apiKey": "k"])["X-API-Key"] == "k")
        let tenant = try await headers(.headers(HeaderSetAuth(headers: ["X-Tenant-ID": "tenant_123"], secretHeaders: ["X-API-Key": .keyring])),
                                       secrets: ["header:X-API-Key": "k2"])
        #expect(tenant["X-Tenant-ID"] == "tenant_123")
        #expect(tenant["X-API-Key"] == "k2")
    }

    @Test("HMAC signs \"timestamp.body\" with SHA-256, as Kailash's guide computes it")
    func hmac() async throws {
        let headers = try await headers(.hmac(HMACAuth(secret: .keyring)), body: #"{"action": "search"}"#, secrets: ["hmacSecret": "shh"])
        #expect(headers["X-Timestamp"] == "1700000000")
        let expected = HMAC<SHA256>.authenticationCode(for: Data(#"1700000000.{"action": "search"}"#.utf8), using: SymmetricKey(data: Data("shh".utf8)))
        #expect(headers["X-Signature"] == expected.map { String(format: "%02x", $0) }.joined())
        // Python: hmac.new(b"shh", b'1700000000.{"action": "search"}', hashlib.sha256).hexdigest()
        #expect(headers["X-Signature"] == "43c09a079637e130b494a00cd8f9d55d0e1c30faa225fbea1555167807f23bbc")
    }

    @Test("a self-minted HS256 JWT verifies with the shared secret and carries the configured claims and lifetime")
    func selfMintedJWT() async throws {
        let now = Date()
        let settings = SelfSignedJWTAuth(signingKey: .keyring, claims: ["user_id": .string("user_123"), "tenant_id": .string("tenant_456")], lifetimeSeconds: 1800)
        let header = try #require(try await headers(.jwt(settings), now: now, secrets: ["signingKey": "jwt-secret-of-at-least-32-bytes!"])["Authorization"])
        let token = String(header.dropFirst("Bearer ".count))
        struct Claims: JWTPayload {
            let user_id: String
            let tenant_id: String
            let exp: ExpirationClaim
            let iat: IssuedAtClaim
            func verify(using algorithm: some JWTAlgorithm) async throws { try exp.verifyNotExpired() }
        }
        let keys = await JWTKeyCollection().add(hmac: "jwt-secret-of-at-least-32-bytes!", digestAlgorithm: .sha256)
        let claims = try await keys.verify(token, as: Claims.self)
        #expect(claims.user_id == "user_123")
        #expect(Int(claims.exp.value.timeIntervalSince(claims.iat.value)) == 1800)
    }

    @Test("an HS256 key shorter than 32 bytes is refused with the RFC's reason, not a crash")
    func shortKey() async throws {
        do {
            _ = try await headers(.jwt(SelfSignedJWTAuth(signingKey: .keyring)), secrets: ["signingKey": "short"])
            Issue.record("expected an error")
        } catch let error as MCPTransportError {
            #expect(error.message == "cannot sign the JWT: the HS256 signing key has 5 bytes; RFC 7518 §3.2 requires at least 32")
        }
    }

    @Test("the minter reuses a token until the renewal margin, then mints a new one")
    func minterCache() async throws {
        let minter = SelfSignedJWTMinter(renewalMargin: 60)
        let settings = SelfSignedJWTAuth(signingKey: .keyring, lifetimeSeconds: 120)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try await minter.token(for: settings, key: String(repeating: "k", count: 32), cacheKey: "s", now: start)
        #expect(try await minter.token(for: settings, key: String(repeating: "k", count: 32), cacheKey: "s", now: start.addingTimeInterval(30)) == first)
        #expect(try await minter.token(for: settings, key: String(repeating: "k", count: 32), cacheKey: "s", now: start.addingTimeInterval(61)) != first)
    }

    @Test("a missing secret or variable is an error naming the field, never a value")
    func missing() async {
        await #expect(throws: MCPTransportError.self) { try await headers(.bearer(BearerAuth(token: .keyring))) }
        do {
            _ = try await headers(.bearer(BearerAuth(token: .environment(template: "Bearer ${NOPE}"))))
        } catch let error as MCPTransportError {
            #expect(error.kind == .credentialUnavailable)
            #expect(error.message == "token needs ${NOPE}, which is not set")
        } catch { Issue.record("\(error)") }
    }

    @Test("origin policy: same origin only, plain http only to loopback")
    func originPolicy() {
        let endpoint = URL(string: "https://mcp.example/mcp")!
        #expect(OriginPolicy.refusal(sending: URL(string: "https://mcp.example:443/other")!, for: endpoint) == nil)
        #expect(OriginPolicy.refusal(sending: URL(string: "https://evil.example/mcp")!, for: endpoint) == "https://evil.example:443 is not the server's origin https://mcp.example:443")
        #expect(OriginPolicy.refusal(sending: URL(string: "http://mcp.example/mcp")!, for: endpoint) != nil)
        let plain = URL(string: "http://10.0.0.5:8080/mcp")!
        #expect(OriginPolicy.refusal(sending: plain, for: plain) == "plain http to 10.0.0.5 would expose the credential; use https")
        let loopback = URL(string: "http://127.0.0.1:8080/mcp")!
        #expect(OriginPolicy.refusal(sending: loopback, for: loopback) == nil)
        #expect(OriginPolicy.isLoopback("localhost") && OriginPolicy.isLoopback("[::1]"))
    }
}
