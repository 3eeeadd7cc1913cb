import CKeyctl
import Foundation
import MCP
import MCPDashCore
import MCPDashKeyring
import Synchronization
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

    @Test("threads asking for a new server's generation at once all get the same one, and it works", arguments: Implementation.allCases)
    func concurrentFirstUse(_ implementation: Implementation) throws {
        let cache = try Self.makeCache(implementation)
        for round in 0..<32 {
            let name = "\(server)-\(round)"
            let generations = Mutex([TokenCacheGeneration?]())
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let generation = cache.generation(server: name)
                generations.withLock { $0.append(generation) }
            }
            let all = generations.withLock { $0 }
            #expect(all.count == 8 && !all.contains(nil), "round \(round): \(all)")
            #expect(Set(all.compactMap { $0?.id }).count == 1, "round \(round): threads made keyrings of their own: \(all)")
            let generation = try #require(all.first ?? nil)
            cache.store("canary-concurrent", for: key("a"), seconds: 60, in: generation)
            #expect(cache.value(for: key("a"), in: generation) == "canary-concurrent", "round \(round)")
            #expect(cache.generation(server: name) == generation, "round \(round)")
            cache.clear(server: name)
        }
    }

    @Test("kernel keys are possessor-only and named by digests: /proc/keys shows no server and no value")
    func kernelKeysAreOpaque() throws {
        let cache = try Self.makeCache(.kernel)
        let generation = try #require(cache.generation(server: server))
        cache.store("canary-opaque-5d1e", for: key("a"), seconds: 60, in: generation)
        let keys = try String(contentsOfFile: "/proc/keys", encoding: .utf8)
        #expect(!keys.contains(server) && !keys.contains("canary-opaque-5d1e"))
        let serverKeyring = try #require(Int32(exactly: generation.id))
        let entry = try #require(Self.serial(mcpdash_key_search(serverKeyring, "user", key("a").description)), "the entry is in its server's keyring")
        let container = try #require(Self.serial(mcpdash_key_search(mcpdash_key_user_keyring(), "keyring", KernelTokenCache.keyringName)))
        for (what, serial) in [("the entry", entry), ("the server's keyring", serverKeyring), ("the cache's keyring", container)] {
            let fields = try #require(Self.describe(serial), "\(what) can be described")
            #expect(fields[3] == "3f000000", "\(what): possessor: all; user, group, other: nothing (\(fields))")
            #expect(!fields[4].contains(server), "\(what) is named by a digest (\(fields))")
        }
        cache.clear(server: server)
    }

    /// The serial a keyctl call returned, or nil when it failed.
    static func serial(_ result: Int) -> Int32? {
        result > 0 ? Int32(exactly: result) : nil
    }

    /// KEYCTL_DESCRIBE of `serial`: type, uid, gid, permissions (hex), description.
    static func describe(_ serial: Int32) -> [String]? {
        var buffer = [CChar](repeating: 0, count: 512)
        let length = mcpdash_key_describe(serial, &buffer, buffer.count)
        guard length > 0, length <= buffer.count else { return nil }
        let fields = String(decoding: buffer.prefix(length - 1).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: ";", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        return fields.count == 5 ? fields : nil
    }
}
