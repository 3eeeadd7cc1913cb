import Foundation
import MCP
import MCPDashCore
import MCPDashKeyring
import Testing

/// The behaviour every `TokenCache` must have, run against the in-memory cache and the kernel
/// keyring (a real one: the test fails, saying so, where the kernel refuses keys).
@Suite("TokenCache contract")
struct TokenCacheContractTests {
    enum Implementation: String, CaseIterable, CustomTestStringConvertible {
        case memory, kernel
        var testDescription: String { rawValue }
    }

    static func makeCache(_ implementation: Implementation) throws -> any TokenCache {
        switch implementation {
        case .memory: return InMemoryTokenCache()
        case .kernel:
            let cache = KernelTokenCache()
            try #require(cache.generation(server: "contract-probe") != nil, """
                the kernel keyring refused to make a keyring (add_key(2)); the token cache needs CONFIG_KEYS \
                and a session that may use keys (no seccomp filter blocking add_key and keyctl)
                """)
            return cache
        }
    }

    private let server = "contract-\(UUID().uuidString.prefix(8))"

    func key(_ name: String) -> TokenCacheKey {
        TokenCacheKey(kind: .token, server: server, entry: .object(["url": .string("https://\(name).example/mcp")]),
                      environment: EnvironmentResolver(process: [:]), account: nil, settings: Settings(), scope: [])
    }

    @Test("a stored value reads back in its generation; a missing one is nil; storing again replaces it", arguments: Implementation.allCases)
    func storeAndRead(_ implementation: Implementation) throws {
        let cache = try Self.makeCache(implementation)
        let generation = try #require(cache.generation(server: server))
        #expect(cache.value(for: key("a"), in: generation) == nil)
        cache.store("canary-cache-1", for: key("a"), seconds: 60, in: generation)
        #expect(cache.value(for: key("a"), in: generation) == "canary-cache-1")
        #expect(cache.value(for: key("b"), in: generation) == nil)
        #expect(cache.generation(server: server) == generation, "the generation lasts until a clear")
        cache.store("canary-cache-2", for: key("a"), seconds: 60, in: generation)
        #expect(cache.value(for: key("a"), in: generation) == "canary-cache-2")
        cache.clear(server: server)
    }

    @Test("clearing a server drops its entries, ends its generation, and leaves other servers alone", arguments: Implementation.allCases)
    func clearing(_ implementation: Implementation) throws {
        let cache = try Self.makeCache(implementation)
        let other = server + "-other"
        let generation = try #require(cache.generation(server: server))
        let otherGeneration = try #require(cache.generation(server: other))
        cache.store("canary-clear", for: key("a"), seconds: 60, in: generation)
        cache.store("canary-kept", for: key("b"), seconds: 60, in: otherGeneration)
        cache.clear(server: server)
        let next = try #require(cache.generation(server: server))
        #expect(next != generation)
        #expect(cache.value(for: key("a"), in: next) == nil)
        #expect(cache.value(for: key("a"), in: generation) == nil)
        cache.store("canary-stale", for: key("a"), seconds: 60, in: generation)
        #expect(cache.value(for: key("a"), in: next) == nil, "a value read before the clear and stored after it is dropped")
        #expect(cache.value(for: key("a"), in: generation) == nil)
        #expect(cache.value(for: key("b"), in: otherGeneration) == "canary-kept")
        cache.clear(server: other)
        cache.clear(server: server)
    }

    @Test("nothing is stored for zero seconds or an empty value", arguments: Implementation.allCases)
    func refusals(_ implementation: Implementation) throws {
        let cache = try Self.makeCache(implementation)
        let generation = try #require(cache.generation(server: server))
        cache.store("canary-zero", for: key("a"), seconds: 0, in: generation)
        #expect(cache.value(for: key("a"), in: generation) == nil)
        cache.store("", for: key("b"), seconds: 60, in: generation)
        #expect(cache.value(for: key("b"), in: generation) == nil)
        cache.clear(server: server)
    }

    @Test("the kernel drops an entry when its seconds are up")
    func kernelExpiry() async throws {
        let cache = try Self.makeCache(.kernel)
        let generation = try #require(cache.generation(server: server))
        cache.store("canary-expiring", for: key("a"), seconds: 1, in: generation)
        #expect(cache.value(for: key("a"), in: generation) == "canary-expiring")
        try await Task.sleep(for: .milliseconds(2_100))
        #expect(cache.value(for: key("a"), in: generation) == nil)
        cache.clear(server: server)
    }

    @Test("kernel keys are possessor-only and named by digests: /proc/keys shows no server and no value")
    func kernelKeysAreOpaque() throws {
        let cache = try Self.makeCache(.kernel)
        let generation = try #require(cache.generation(server: server))
        cache.store("canary-opaque-5d1e", for: key("a"), seconds: 60, in: generation)
        let keys = try String(contentsOfFile: "/proc/keys", encoding: .utf8)
        #expect(!keys.contains(server) && !keys.contains("canary-opaque-5d1e"))
        let line = try #require(keys.split(separator: "\n").first { $0.contains(key("a").description) }, "the entry is in /proc/keys")
        let permissions = line.split(separator: " ", omittingEmptySubsequences: true)[4]
        #expect(permissions == "3f000000", "possessor: all; user, group, other: nothing (\(line))")
        let container = try #require(keys.split(separator: "\n").first { $0.contains(KernelTokenCache.keyringName + ":") })
        #expect(container.split(separator: " ", omittingEmptySubsequences: true)[4] == "3f000000", "\(container)")
        cache.clear(server: server)
    }
}
