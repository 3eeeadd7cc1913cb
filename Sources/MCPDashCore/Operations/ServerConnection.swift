import Foundation
import Logging
import MCP

/// An initialized MCP session with one server, over the transport its config names.
public struct ServerConnection: Sendable {
    /// The SDK client, initialized.
    public let client: Client
    /// What the server answered to initialize.
    public let initialized: Initialize.Result
    /// The credentials the requests carry.
    public let credentials: RequestCredentials
    /// The server's name and endpoint, for errors.
    private let server: ServerConfig
    /// Resolves when the transport fails on its own (a stdio child exiting).
    private let transportFailure: @Sendable () async -> MCPTransportError?
    /// How long one operation may take.
    private let timeout: Duration

    /// Connects to `server` and runs initialize.
    /// With a `database`, OAuth tokens are refreshed when due and once after a 401.
    /// `listensForServerMessages` opens Streamable HTTP's GET stream (for long-lived sessions).
    public static func open(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores,
                            minter: SelfSignedJWTMinter, database: StateDatabase? = nil,
                            listensForServerMessages: Bool = false, account: String = SecretAddress.defaultAccount) async throws -> ServerConnection {
        let resolver = SecretResolver(store: stores.store(for: server, in: config), environment: config.environment, server: server.name,
                                      account: account, sightings: database.map(SecretSightings.init(database:)))
        let broker = database.map { TokenBroker(server: server, config: config, stores: stores, database: $0, account: account) }
        let credentials = RequestCredentials(server: server, resolver: resolver, minter: minter, broker: broker)
        let transport: any Transport
        switch server.transport {
        case .http:
            transport = try StreamableHTTPTransport(server: server, credentials: credentials,
                                                    listensForServerMessages: listensForServerMessages)
        case .stdio:
            transport = try StdioTransport(server: server, resolver: resolver)
        case .sse:
            transport = try LegacySSETransport(server: server, credentials: credentials)
        }
        let transportFailure: @Sendable () async -> MCPTransportError? = { [transport] in
            guard let failing = transport as? any SelfFailingTransport else { return nil }
            return await failing.unexpectedFailure()
        }
        let timeout = Duration.milliseconds(Int64((server.timeoutSeconds ?? 30) * 1000))
        let client = Client(name: "mcpdash", version: "0.1.0")
        do {
            let initialized = try await bounded(server: server, timeout: timeout, transportFailure: transportFailure) {
                try await client.connect(transport: transport)
            }
            return ServerConnection(client: client, initialized: initialized, credentials: credentials, server: server,
                                    transportFailure: transportFailure, timeout: timeout)
        } catch {
            await client.disconnect()
            throw error
        }
    }

    /// Runs `operation` on the session, failing when the transport dies or the server's timeout passes.
    public func run<T: Sendable>(_ operation: @escaping @Sendable (Client) async throws -> T) async throws -> T {
        try await Self.bounded(server: server, timeout: timeout, transportFailure: transportFailure) { [client] in
            try await operation(client)
        }
    }

    /// Races `operation` against a deadline and the transport's own failure.
    ///
    /// The SDK's pending requests do not end when their transport dies and ignore
    /// cancellation, so the operation runs in its own task and is abandoned (cancelled) when
    /// the deadline or the failure comes first.
    private static func bounded<T: Sendable>(server: ServerConfig, timeout: Duration,
                                             transportFailure: @escaping @Sendable () async -> MCPTransportError?,
                                             _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = OneShot<Result<T, any Error>>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.onFirst { continuation.resume(with: $0) }
            let work = Task {
                do { outcome.offer(.success(try await operation())) } catch { outcome.offer(.failure(error)) }
            }
            let deadline = Task {
                try await Task.sleep(for: timeout)
                outcome.offer(.failure(MCPTransportError(.timeout, server: server.name,
                                                         url: server.transport.endpoint?.url ?? server.transport.kind.rawValue,
                                                         message: "no answer within \(timeout.components.seconds) s")))
            }
            let watcher = Task {
                if let failure = await transportFailure() { outcome.offer(.failure(failure)) }
            }
            outcome.onFirst { _ in
                work.cancel()
                deadline.cancel()
                watcher.cancel()
            }
        }
    }

    /// Ends the session (DELETE for HTTP, terminating a stdio child).
    public func close() async {
        await client.disconnect()
    }

    /// The bearer-style token the requests carry, when there is one.
    public func presentedToken() async -> String? {
        guard let value = try? await credentials.headers(body: Data()).first(where: { $0.0.lowercased() == "authorization" })?.1 else {
            return nil
        }
        return value.split(separator: " " as Character).last.map(String.init)
    }
}

extension Duration {
    /// The duration in milliseconds, for reports.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
