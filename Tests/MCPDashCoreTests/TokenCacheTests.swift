import Foundation
import MCP
@testable import MCPDashCore
import Synchronization
import Testing

/// The token cache's rules: what may be cached and for how long, what a key depends on, and
/// the workspace serving `token` and `headers` from it until a change clears it.
@Suite("the token cache")
struct TokenCacheTests {
    static let config = """
        {"settings": {"refreshMarginSeconds": 60},
         "mcpServers": {
          "kb": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
          "envtoken": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "bearer", "token": "${KB_TOKEN}"}},
          "filed": {"url": "http://127.0.0.1:9/mcp", "storage": "file", "auth": {"method": "bearer", "token": "keyring:"}},
          "key": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "apiKey", "key": "keyring:"}},
          "signed": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "hmac", "secret": "keyring:"}},
          "envheader": {"url": "http://127.0.0.1:9/mcp", "headers": {"X-Key": "${KEY}"}, "auth": {"method": "bearer", "token": "keyring:"}},
          "oauth": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "oauth"}}
        }}
        """

    static func load(_ text: String = config, environment: [String: String] = [:]) throws -> MCPDashConfig {
        try ConfigLoader.parse(Data(text.utf8), file: "servers.json", resolver: EnvironmentResolver(process: environment))
    }

    static func server(_ name: String, in config: MCPDashConfig) throws -> ServerConfig {
        try #require(config.server(named: name))
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func lifetime(_ kind: TokenCacheKey.Kind, _ name: String, metadata: TokenMetadata? = nil, proof: Bool = false,
                  settings: Settings? = nil) throws -> Int? {
        let config = try Self.load()
        let server = try Self.server(name, in: config)
        let storage = server.storage ?? config.settings.storage
        return TokenCachePolicy.lifetime(kind, server: server, storage: storage, metadata: metadata, sendsProof: proof,
                                         settings: settings ?? config.settings, now: Self.now)
    }

    @Test("only keyring values that stay the same are cached, for tokenCacheSeconds at most")
    func policy() throws {
        #expect(try lifetime(.token, "kb") == 300)
        #expect(try lifetime(.headers, "kb") == 300)
        #expect(try lifetime(.headers, "key") == 300)
        #expect(try lifetime(.token, "envtoken") == nil, "a ${VAR} token is read from the environment, not cached")
        #expect(try lifetime(.token, "filed") == nil, "the file store is never cached")
        #expect(try lifetime(.headers, "signed") == nil, "an HMAC signature is made anew for every request")
        #expect(try lifetime(.headers, "envheader") == nil, "a header from ${VAR} is not cached")
        #expect(try lifetime(.token, "envheader") == 300, "the token alone does not carry that header")
        #expect(try lifetime(.headers, "kb", proof: true) == nil, "a DPoP proof is made anew for every request")
        var off = Settings()
        off.tokenCacheSeconds = 0
        #expect(try lifetime(.token, "kb", settings: off) == nil, "0 turns the cache off")
    }

    @Test("an OAuth token is cached until its expiry less the refresh margin, never when expired, absurd or login is required")
    func oauthPolicy() throws {
        func metadata(expiresIn seconds: TimeInterval?) -> TokenMetadata {
            TokenMetadata(server: "oauth", expiresAt: seconds.map { Self.now.addingTimeInterval($0) }, obtainedAt: Self.now)
        }
        #expect(try lifetime(.token, "oauth", metadata: nil) == nil, "no session, nothing to cache")
        #expect(try lifetime(.token, "oauth", metadata: metadata(expiresIn: 3_600)) == 300)
        #expect(try lifetime(.token, "oauth", metadata: metadata(expiresIn: 200)) == 140, "200 s less the 60 s margin")
        #expect(try lifetime(.token, "oauth", metadata: metadata(expiresIn: 60)) == nil, "due for renewal: not cached")
        #expect(try lifetime(.token, "oauth", metadata: metadata(expiresIn: -10)) == nil)
        #expect(try lifetime(.token, "oauth", metadata: metadata(expiresIn: nil)) == 300)
        #expect(try lifetime(.token, "oauth", metadata: metadata(expiresIn: 1e300)) == 300, "an absurd expiry does not trap")
        var required = metadata(expiresIn: 3_600)
        required.loginRequired = "the refresh token was refused"
        #expect(try lifetime(.token, "oauth", metadata: required) == nil)
    }

    @Test("a key changes with the entry, a variable it expands, the account, the settings and the scope, and with nothing else")
    func keys() throws {
        func key(_ text: String = Self.config, environment: [String: String] = [:], server: String = "envheader", account: String? = nil,
                 kind: TokenCacheKey.Kind = .token, scope: [String] = ["/state.db", "unix:path=/bus"]) throws -> String {
            let config = try Self.load(text, environment: environment)
            return TokenCacheKey(kind: kind, server: server, entry: try #require(config.entries[server]), environment: config.environment,
                                 account: account, settings: config.settings, scope: scope).description
        }
        let base = try key(environment: ["KEY": "a", "UNRELATED": "1"])
        #expect(base.hasPrefix("mcpdash:") && base.count == 8 + 64)
        #expect(!base.contains("envheader"), "a key names no server")
        #expect(try key(environment: ["KEY": "a", "UNRELATED": "2"]) == base, "a variable the entry does not name changes nothing")
        let reordered = Self.config.replacingOccurrences(of: #""headers": {"X-Key": "${KEY}"}, "auth": {"method": "bearer", "token": "keyring:"}"#,
                                                         with: #""auth": {"token": "keyring:", "method": "bearer"}, "headers": {"X-Key": "${KEY}"}"#)
        #expect(reordered != Self.config)
        #expect(try key(reordered, environment: ["KEY": "a"]) == base, "the order keys are written in changes nothing")
        #expect(try key(environment: ["KEY": "b"]) != base, "a variable the entry expands")
        let edited = Self.config.replacingOccurrences(of: #""url": "http://127.0.0.1:9/mcp", "headers""#, with: #""url": "http://127.0.0.1:8/mcp", "headers""#)
        #expect(edited != Self.config)
        #expect(try key(edited, environment: ["KEY": "a"]) != base, "the entry itself")
        #expect(try key(environment: ["KEY": "a"], account: "work") != base)
        #expect(try key(environment: ["KEY": "a"], kind: .headers) != base)
        #expect(try key(environment: ["KEY": "a"], scope: ["/other.db", "unix:path=/bus"]) != base)
        let margin = Self.config.replacingOccurrences(of: #""refreshMarginSeconds": 60"#, with: #""refreshMarginSeconds": 30"#)
        #expect(try key(margin, environment: ["KEY": "a"]) != base)
    }

    @Test("headers round-trip through their cached form; anything else does not decode")
    func headerLines() {
        let headers = ["Authorization": "Bearer a\tb", "X-Key": "k=v", "Empty": ""]
        #expect(HeaderLines.decode(HeaderLines.encode(headers)) == headers)
        #expect(HeaderLines.decode("no tab here") == nil)
        #expect(HeaderLines.decode("\tvalue without a name") == nil)
    }

    /// A clock the test moves.
    final class Clock: Sendable {
        private let time = Mutex(TokenCacheTests.now)
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// A workspace over a fake keyring and an in-memory cache on `clock`.
    func workspace(clock: Clock) throws -> (Workspace, InMemorySecretStore, InMemoryTokenCache) {
        let store = InMemorySecretStore()
        let cache = InMemoryTokenCache(now: { clock.now })
        let stores = SecretStores(keyring: CacheClearingSecretStore(store, clearing: cache), file: InMemorySecretStore(), tokenCache: cache)
        let workspace = Workspace(config: try Self.load(), stores: stores, databasePath: TestSupport.temporaryDirectory() + "/state.db",
                                  environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/test"])
        return (workspace, store, cache)
    }

    @Test("token and headers come from the cache until it expires or a change clears the server's entries")
    func workspaceServesFromTheCache() async throws {
        let clock = Clock()
        let (workspace, store, cache) = try workspace(clock: clock)
        let address = SecretAddress(server: "kb", field: "token")
        try workspace.stores.keyring.set("canary-cached-1", for: address)
        #expect(try await workspace.token("kb") == "canary-cached-1")
        #expect(try await workspace.headers("kb")["Authorization"] == "Bearer canary-cached-1")
        #expect(cache.count == 2)
        try store.set("canary-behind-its-back", for: address)
        #expect(try await workspace.token("kb") == "canary-cached-1", "a hit does not read the store")
        #expect(try await workspace.headers("kb")["Authorization"] == "Bearer canary-cached-1")
        clock.advance(301)
        #expect(try await workspace.token("kb") == "canary-behind-its-back", "an expired entry is not served")
        try workspace.stores.keyring.set("canary-rotated", for: address)
        #expect(try await workspace.token("kb") == "canary-rotated", "a change through the stores clears the entries")
        try store.set("canary-b", for: SecretAddress(server: "kb", field: "token", account: "clinic-b"))
        try workspace.useAccount("clinic-b", of: "kb")
        #expect(try await workspace.token("kb") == "canary-b", "switching the active account clears the server's entries")
        #expect(try await workspace.token("kb", account: SecretAddress.defaultAccount) == "canary-rotated")
    }

    @Test("a token answered from the cache opens no state database")
    func hitOpensNoDatabase() async throws {
        let clock = Clock()
        let (first, _, cache) = try workspace(clock: clock)
        try first.stores.keyring.set("canary-nodb", for: SecretAddress(server: "kb", field: "token"))
        #expect(try await first.token("kb") == "canary-nodb")
        let path = try #require(first.databasePath)
        #expect(FileManager.default.fileExists(atPath: path), "the miss opened the database to resolve the account")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let second = Workspace(config: first.config, stores: first.stores, databasePath: path, environment: first.environment)
        #expect(try await second.token("kb") == "canary-nodb")
        #expect(!FileManager.default.fileExists(atPath: path), "the hit did not open (and so create) the database")
        #expect(cache.count == 1)
    }
}
