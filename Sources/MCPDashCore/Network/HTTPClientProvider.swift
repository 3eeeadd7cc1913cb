import AsyncHTTPClient
import NIOCore
import Synchronization

/// The process's HTTP clients: redirects are not followed automatically, so each hop can be
/// checked against the origin policy before a credential goes with it.
///
/// A failed connection is not retried by the pool (AsyncHTTPClient otherwise retries a refused
/// connect until its connect timeout, 10 s by default): a refused port is reported at once.
/// The connect timeout is a client setting, so there is one client per distinct timeout (and
/// per kind of connection, below).
///
/// A plain-HTTP request goes on a connection of its own. Servers such as uvicorn (fastmcp, the
/// python SDK's) write a response's head and body in two segments, and on a kept-alive
/// connection the body then waits for the client's delayed ACK: about 40 ms per request on
/// Linux. A new connection starts in quick-ACK mode, and on the loopback or a LAN its handshake
/// costs a fraction of a millisecond. An HTTPS connection is kept alive (a TLS handshake costs
/// more than the stall) and closed after `idleTimeout` idle, before common servers close it
/// themselves (uvicorn and Node after 5 s): a request written just as the server closes an idle
/// connection fails with "the server closed the connection", and a token request cannot be
/// retried safely (the server may have redeemed the code or rotated the refresh token).
public enum HTTPClientProvider {
    /// How long a kept-alive connection may sit idle in the pool.
    public static let idleTimeout: TimeAmount = .seconds(3)

    /// How long a connection may take to open when a server sets no `connectTimeout`.
    public static let defaultConnectTimeout: TimeAmount = .seconds(5)

    /// The client for a request to `url` with the default connect timeout; it lives as long as the process.
    public static func client(for url: String) -> HTTPClient {
        client(connectTimeout: defaultConnectTimeout, url: url)
    }

    /// The client for a request to `url` on behalf of `server`, with its connect timeout.
    public static func client(for server: ServerConfig, url: String) -> HTTPClient {
        client(connectTimeout: connectTimeout(for: server), url: url)
    }

    /// The connect timeout of `server`: its `connectTimeout`, else the default.
    public static func connectTimeout(for server: ServerConfig) -> TimeAmount {
        server.connectTimeoutSeconds.map { .milliseconds(Int64($0 * 1000)) } ?? defaultConnectTimeout
    }

    /// The clients made so far, by connect timeout and whether each request gets a new connection.
    private static let clients = Mutex<[ClientKind: HTTPClient]>([:])

    /// What tells one client from another.
    private struct ClientKind: Hashable {
        let connectTimeoutNanoseconds: Int64
        let connectionPerRequest: Bool
    }

    /// The client whose connections time out after `connectTimeout`, for requests to `url`.
    public static func client(connectTimeout: TimeAmount, url: String) -> HTTPClient {
        let kind = ClientKind(connectTimeoutNanoseconds: connectTimeout.nanoseconds,
                              connectionPerRequest: url.prefix(7).lowercased() == "http://")
        return clients.withLock { clients in
            if let client = clients[kind] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            configuration.timeout = .init(connect: connectTimeout)
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.connectionPool.idleTimeout = idleTimeout
            if kind.connectionPerRequest { configuration.maximumUsesPerConnection = 1 }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[kind] = client
            return client
        }
    }
}
