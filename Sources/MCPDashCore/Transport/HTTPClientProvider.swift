import AsyncHTTPClient
import NIOCore
import Synchronization

/// The process's HTTP clients: redirects are not followed automatically, so each hop can be
/// checked against the origin policy before a credential goes with it.
///
/// A failed connection is not retried by the pool (AsyncHTTPClient otherwise retries a refused
/// connect until its connect timeout, 10 s by default): a refused port is reported at once.
/// The connect timeout is a client setting, so there is one client per distinct timeout.
///
/// An idle kept-alive connection is closed after `idleTimeout`, before common servers close it
/// themselves (uvicorn and Node after 5 s): a request written just as the server closes an idle
/// connection fails with "the server closed the connection", and a token request cannot be
/// retried safely (the server may have redeemed the code or rotated the refresh token).
public enum HTTPClientProvider {
    /// How long a kept-alive connection may sit idle in the pool.
    public static let idleTimeout: TimeAmount = .seconds(3)

    /// How long a connection may take to open when a server sets no `connectTimeout`.
    public static let defaultConnectTimeout: TimeAmount = .seconds(5)

    /// The client with the default connect timeout; it lives as long as the process.
    public static var shared: HTTPClient { client(connectTimeout: defaultConnectTimeout) }

    /// The client for `server`, with its connect timeout.
    public static func client(for server: ServerConfig) -> HTTPClient {
        client(connectTimeout: connectTimeout(for: server))
    }

    /// The connect timeout of `server`: its `connectTimeout`, else the default.
    public static func connectTimeout(for server: ServerConfig) -> TimeAmount {
        server.connectTimeoutSeconds.map { .milliseconds(Int64($0 * 1000)) } ?? defaultConnectTimeout
    }

    private static let clients = Mutex<[Int64: HTTPClient]>([:])

    /// The client whose connections time out after `connectTimeout`.
    public static func client(connectTimeout: TimeAmount) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout.nanoseconds] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.timeout = .init(connect: connectTimeout)
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.connectionPool.idleTimeout = idleTimeout
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[connectTimeout.nanoseconds] = client
            return client
        }
    }
}
