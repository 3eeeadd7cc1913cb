import Foundation
import MCPDashCore
import Testing

/// `mcpdash rotate` and the primary/secondary key pair, against a live fastmcp server that
/// accepts a fixed set of tokens.
@Suite("rotation and key fallback against a live peer")
struct RotateCLITests {
    let cli = CLIRunner()
    let name = "rotate-\(UUID().uuidString.prefix(8).lowercased())"
    let old = "canary-old-\(UUID().uuidString.prefix(8))"
    let new = "canary-new-\(UUID().uuidString.prefix(8))"

    func cleanUp() async {
        for field in ["token", "token.previous", "apiKey", "apiKey.secondary"] { try? await cli.clearSecret(server: name, field: field) }
    }

    @Test("a new token is stored only after whoami accepts it; a refused one changes nothing; rollback restores the old")
    func rotateVerifyRollback() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "\(old)=alice", "--token", "\(new)=bob"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "keyring:"}}}}"#)
            try await cli.storeSecret(server: name, field: "token", value: old)
            defer { Task { await cleanUp() } }

            let refused = try await cli.run(["rotate", name], stdin: "canary-refused-value\n")
            #expect(refused.status == 77)
            #expect(refused.stderr.contains("the new token did not work, so the old one stays in place"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("canary-refused-value"))
            #expect(try await cli.lookupSecret(server: name, field: "token") == old)

            let rotated = try await cli.run(["rotate", name], stdin: new + "\n")
            #expect(rotated.status == 0, "\(rotated.stderr)")
            #expect(rotated.stdout.contains("\(name): token rotated; whoami accepted the new value"), "\(rotated.stdout)")
            #expect(try await cli.lookupSecret(server: name, field: "token") == new)
            #expect(try await cli.lookupSecret(server: name, field: "token.previous") == old)
            #expect(try await cli.run(["whoami", name]).stdout.contains(#""sub":"bob""#))
            #expect(!(rotated.stdout + rotated.stderr).contains(new))

            let rollback = try await cli.run(["rotate", name, "--rollback"])
            #expect(rollback.status == 0, "\(rollback.stderr)")
            #expect(try await cli.lookupSecret(server: name, field: "token") == old)
            #expect(try await cli.run(["whoami", name]).stdout.contains(#""sub":"alice""#))
        }
    }

    @Test("a secret from ${ENV} is not mcpdash's to rotate, and says where it lives")
    func environmentSecretIsNotRotated() async throws {
        try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "https://example.invalid/mcp", "auth": {"method": "bearer", "token": "${SOME_TOKEN}"}}}}"#)
        // Nothing is read: the command refuses before asking for a value.
        let result = try await cli.run(["rotate", name])
        #expect(result.status == 64)
        #expect(result.stderr.contains("comes from env ${SOME_TOKEN}"), "\(result.stderr)")
    }

    @Test("a refused primary key falls back to the secondary once, and whoami says so")
    func primaryFallsBackToSecondary() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "\(new)=bob"]) { peer in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(peer.url)",
                  "auth": {"method": "apiKey", "header": "Authorization", "key": "keyring:", "secondaryKey": "keyring:"}}}}
                """#)
            try await cli.storeSecret(server: name, field: "apiKey", value: "Bearer \(old)")
            try await cli.storeSecret(server: name, field: "apiKey.secondary", value: "Bearer \(new)")
            defer { Task { await cleanUp() } }
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains(#""sub":"bob""#))
            #expect(whoami.stdout.contains("the primary key was refused; the secondary was accepted"))
            let events = try await cli.run(["events", name, "--json"])
            #expect(events.stdout.contains("the primary key was refused and the secondary accepted"))
        }
    }
}
