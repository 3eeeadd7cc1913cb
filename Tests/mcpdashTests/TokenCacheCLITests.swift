import Foundation
import Testing

/// `token` and `headers` through the kernel keyring cache, as a client's helper calls them:
/// a second call is answered without the keyring, a change through mcpdash is seen at once,
/// `tokenCacheSeconds: 0` turns the cache off, and nothing names the server or its value
/// where other users or files could see it.
@Suite("the token cache, end to end")
struct TokenCacheCLITests {
    let cli = CLIRunner()
    let server = "cached-\(UUID().uuidString.prefix(8).lowercased())"

    func config(cacheSeconds: Int? = nil) -> String {
        let settings = cacheSeconds.map { #""settings": {"tokenCacheSeconds": \#($0)},"# } ?? ""
        return """
            {\(settings) "mcpServers": {
              "\(server)": {"url": "https://cached.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}}
            }}
            """
    }

    @Test("a second token is served from the cache; mcpdash's own change clears it; the keyring's item is still the truth")
    func servedUntilChanged() async throws {
        try cli.writeConfig(config())
        let set = try await cli.run(["secret", "set", server, "token"], stdin: "canary-cache-first")
        try #require(set.status == 0, "\(set.stderr)")
        let first = try await cli.run(["token", server])
        #expect(first.status == 0 && first.stdout == "canary-cache-first\n", "\(first.stderr)")
        let firstHeaders = try await cli.run(["headers", server])
        #expect(firstHeaders.stdout.contains("Bearer canary-cache-first"), "\(firstHeaders.stdout)\(firstHeaders.stderr)")
        try await cli.clearSecret(server: server, field: "token")
        #expect(try await cli.lookupSecret(server: server, field: "token") == nil, "the item is gone from the keyring")
        let cached = try await cli.run(["token", server])
        #expect(cached.status == 0 && cached.stdout == "canary-cache-first\n", "served from the cache, not the keyring: \(cached.stderr)")
        let headers = try await cli.run(["headers", server])
        #expect(headers.stdout.contains("Bearer canary-cache-first"), "headers have their own entry: \(headers.stdout)\(headers.stderr)")
        let changed = try await cli.run(["secret", "set", server, "token"], stdin: "canary-cache-second")
        try #require(changed.status == 0, "\(changed.stderr)")
        let after = try await cli.run(["token", server])
        #expect(after.stdout == "canary-cache-second\n", "a change through mcpdash clears the server's entries: \(after.stderr)")
        let keys = try String(contentsOfFile: "/proc/keys", encoding: .utf8)
        #expect(!keys.contains(server) && !keys.contains("canary-cache"), "keys are named by digests")
        let removed = try await cli.run(["secret", "rm", server, "token"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let gone = try await cli.run(["token", server])
        #expect(gone.status != 0 && gone.stdout.isEmpty, "a deleted secret is not served from the cache: \(gone.stdout)")
    }

    @Test("tokenCacheSeconds 0 reads the keyring every time")
    func turnedOff() async throws {
        try cli.writeConfig(config(cacheSeconds: 0))
        let set = try await cli.run(["secret", "set", server, "token"], stdin: "canary-uncached")
        try #require(set.status == 0, "\(set.stderr)")
        let first = try await cli.run(["token", server])
        #expect(first.stdout == "canary-uncached\n", "\(first.stderr)")
        try await cli.clearSecret(server: server, field: "token")
        let second = try await cli.run(["token", server])
        #expect(second.status != 0 && second.stdout.isEmpty, "with the cache off, the keyring's answer: \(second.stdout)")
    }

    @Test("an edited entry does not meet the old answer")
    func editedEntryMisses() async throws {
        let path = try cli.writeConfig(config())
        let set = try await cli.run(["secret", "set", server, "token"], stdin: "canary-edit")
        try #require(set.status == 0, "\(set.stderr)")
        #expect(try await cli.run(["token", server]).stdout == "canary-edit\n")
        try await cli.clearSecret(server: server, field: "token")
        try config().replacingOccurrences(of: "https://cached.example/mcp", with: "https://moved.example/mcp")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let moved = try await cli.run(["token", server])
        #expect(moved.status != 0 && moved.stdout.isEmpty, "another URL is another key: \(moved.stdout)")
    }
}
