import Foundation
import MCP
import MCPDashCore
import Synchronization
import Testing

/// The optional GET stream of Streamable HTTP: server-initiated messages reach the client.
@Suite("the server-message stream")
struct ServerStreamTests {
    @Test("a session that listens receives the server's log message on the GET stream; one that does not never opens it",
          arguments: [true, false])
    func serverMessages(listening: Bool) async throws {
        try await PeerServer.with(["--auth", "raw", "--mcp-lite"]) { peer in
            let config = try ConfigLoader.parse(Data(#"{"mcpServers": {"lite": {"url": "\#(peer.url)"}}}"#.utf8), file: "servers.json",
                                                resolver: EnvironmentResolver(process: [:]))
            let server = try #require(config.server(named: "lite"))
            let stores = SecretStores(keyring: InMemorySecretStore(), file: InMemorySecretStore())
            let connection = try await ServerConnection.open(server, config: config, stores: stores, minter: SelfSignedJWTMinter(),
                                                             listensForServerMessages: listening)
            let received = Mutex<[String]>([])
            await connection.client.onNotification(LogMessageNotification.self) { message in
                received.withLock { $0.append(message.params.data.stringValue ?? "") }
            }
            _ = try await connection.run { try await $0.listTools() }
            for _ in 0..<40 where received.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(100)) }
            await connection.close()
            if listening {
                #expect(received.withLock { $0 } == ["hello from the server stream"])
            } else {
                try await Task.sleep(for: .milliseconds(700))
                #expect(received.withLock { $0 }.isEmpty)
            }
        }
    }
}
