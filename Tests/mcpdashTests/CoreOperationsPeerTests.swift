import Foundation
@testable import MCPDashCore
import Testing

/// The core's operations called directly — `WhoAmI`, `HealthCheck` and `SecretRotation`
/// through `Workspace`, as both faces call them — against real fastmcp servers, with the
/// secrets in memory and a real state database.
@Suite("the core's operations against real servers")
struct CoreOperationsPeerTests {
    /// A workspace over `config`, its secrets in memory, its database in a fresh folder.
    func workspace(_ config: String) throws -> (Workspace, InMemorySecretStore) {
        let parsed = try ConfigLoader.parse(Data(config.utf8), file: "servers.json", resolver: EnvironmentResolver(process: [:]))
        let store = InMemorySecretStore()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-ops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (Workspace(config: parsed, stores: SecretStores(keyring: store, file: InMemorySecretStore()), databasePath: folder + "/state.db",
                          environment: [:]), store)
    }

    static func bearer(_ url: String) -> String {
        #"{"mcpServers": {"kb": {"url": "\#(url)", "auth": {"method": "bearer", "token": "keyring:"}}}}"#
    }

    @Test("whoami: the server's identity tool answers for the token stored for the active account; the call is journaled")
    func whoami() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "tok-alice=alice", "--token", "tok-bob=bob"]) { peer in
            let (workspace, store) = try self.workspace(Self.bearer(peer.url))
            try store.set("tok-alice", for: SecretAddress(server: "kb", field: "token"))
            try store.set("tok-bob", for: SecretAddress(server: "kb", field: "token", account: "work"))
            let alice = try await workspace.whoami("kb", useCache: false)
            #expect(alice.identityTool == "whoami" && alice.identity?.contains("alice") == true, "\(alice.identity ?? "none")")
            #expect(alice.toolCount == nil && alice.serverInfo.hasPrefix("mcpdash-peer-bearer"))
            try workspace.useAccount("work", of: "kb")
            let bob = try await workspace.whoami("kb", useCache: false)
            #expect(bob.identity?.contains("bob") == true, "the active account's token is used: \(bob.identity ?? "none")")
            let events = try workspace.requireDatabase().events(server: "kb").filter { $0.operation == .whoami }
            #expect(events.count == 2 && events.allSatisfy { $0.outcome == .success && $0.latencyMilliseconds != nil })
            #expect(Set(events.map(\.account)) == ["default", "work"])
            // A tool the server does not have: the call still succeeds, with no identity.
            let other = try await workspace.whoami("kb", tool: "no-such-tool", useCache: false)
            #expect(other.identityTool == nil && other.identity == nil)
            #expect((other.toolCount ?? 0) >= 2, "without the tool, the tools are listed and counted")
        }
    }

    @Test("whoami: a refused token is a typed 401 journaled as a failure; the cached refusal answers without the server")
    func whoamiRefused() async throws {
        let workspace = try await PeerServer.with(["--auth", "bearer", "--token", "tok-alice=alice"]) { peer in
            let (workspace, store) = try self.workspace(Self.bearer(peer.url))
            try store.set("tok-wrong", for: SecretAddress(server: "kb", field: "token"))
            let error = await #expect(throws: MCPTransportError.self) { try await workspace.whoami("kb") }
            #expect(error?.httpStatus == 401)
            #expect(!(error?.message.contains("tok-wrong") ?? true), "the token never appears in the error")
            return workspace
        }
        // The peer is gone: the verdict on the same credential comes from the cache.
        let cached = await #expect(throws: MCPTransportError.self) { try await workspace.whoami("kb") }
        #expect(cached?.httpStatus == 401 && cached?.message.contains("--fresh") == true, "\(cached?.message ?? "")")
        let events = try workspace.requireDatabase().events(server: "kb").filter { $0.operation == .whoami }
        #expect(events.first?.outcome == .failure && events.first?.httpStatus == 401)
    }

    @Test("status: a healthy server is ok with its name and latency, a refused one unauthorized, a disabled one not checked")
    func healthCheck() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "tok-alice=alice"]) { peer in
            let config = #"""
                {"mcpServers": {
                  "good": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "keyring:"}},
                  "bad": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "keyring:"}},
                  "off": {"url": "\#(peer.url)", "disabled": true}
                }}
                """#
            let (workspace, store) = try self.workspace(config)
            try store.set("tok-alice", for: SecretAddress(server: "good", field: "token"))
            try store.set("tok-nobody", for: SecretAddress(server: "bad", field: "token"))
            var heard: [String] = []
            let reports = try await workspace.status(concurrency: 2) { heard.append($0.server) }
            #expect(reports.count == 3 && Set(reports.map(\.server)) == ["good", "bad", "off"])
            #expect(Set(heard) == ["good", "bad", "off"])
            let byName = Dictionary(uniqueKeysWithValues: reports.map { ($0.server, $0) })
            #expect(byName["good"]?.outcome == .ok && byName["good"]?.latencyMilliseconds != nil && byName["good"]?.transport == .http)
            #expect(byName["good"]?.detail.hasPrefix("mcpdash-peer-bearer") == true)
            #expect(byName["bad"]?.outcome == .unauthorized && byName["bad"]?.httpStatus == 401)
            #expect(byName["off"]?.outcome == .disabled)
            let journal = try workspace.requireDatabase().events().filter { $0.operation == .status }
            #expect(Set(journal.map(\.server)) == ["good", "bad"], "a disabled server is not journaled")
            #expect(journal.first { $0.server == "good" }?.httpStatus == 200)
        }
    }

    @Test("rotate stores a new value only after the server accepts it, keeps the old one, and changes nothing when refused")
    func rotation() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "tok-old=alice", "--token", "tok-new=alice"]) { peer in
            let (workspace, store) = try self.workspace(Self.bearer(peer.url))
            let address = SecretAddress(server: "kb", field: "token")
            let previous = SecretAddress(server: "kb", field: "token.previous")
            try store.set("tok-old", for: address)
            // Refused: nothing changes, the failure is journaled without the value.
            await #expect(throws: OAuthError.self) { try await workspace.rotate("kb", field: nil, newValue: "tok-refused") }
            #expect(try store.get(address) == "tok-old" && store.get(previous) == nil)
            let refusal = try workspace.requireDatabase().events(server: "kb").first { $0.operation == .rotate }
            #expect(refusal?.outcome == .failure && refusal?.message.contains("tok-refused") == false)
            // Accepted: the new value is stored, the old one kept for rollback.
            let report = try await workspace.rotate("kb", field: nil, newValue: "tok-new")
            #expect(report.verifiedBy == "whoami" && !report.rolledBack && report.account == "default")
            #expect(report.summary.hasPrefix("kb: token rotated; whoami accepted the new value"))
            #expect(try store.get(address) == "tok-new" && store.get(previous) == "tok-old")
            #expect(try workspace.requireDatabase().secretChange(server: "kb", account: "default", field: "token") != nil)
            // A field the server does not have is refused before any call.
            await #expect(throws: OAuthError.self) { try await workspace.rotate("kb", field: "client_secret", newValue: "x") }
            // Rollback puts the old value back and the server accepts it again.
            _ = try workspace.rollback("kb", field: nil)
            #expect(try store.get(address) == "tok-old")
            #expect(try await workspace.whoami("kb", useCache: false).identity?.contains("alice") == true)
        }
    }
}
