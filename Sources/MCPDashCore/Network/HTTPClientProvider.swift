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
/// Connections are kept alive, each with a `QuickAckHandler`. Servers such as uvicorn
/// (fastmcp, the python SDK's) write a response's head and body in two segments, and on a
/// kept-alive connection the body would wait for the client's delayed ACK of the head: about
/// 40 ms per request on Linux. The handler keeps the socket in quick-ACK mode, so a request on
/// a kept-alive connection costs less than one on a new connection. An idle connection is
/// closed after `idleTimeout`, before common servers close it themselves (uvicorn and Node
/// after 5 s): a request written just as the server closes an idle connection fails with "the
/// server closed the connection", and a token request cannot be retried safely (the server may
/// have redeemed the code or rotated the refresh token).
public enum HTTPClientProvider {
    /// How long a kept-alive connection may sit idle in the pool.
    public static let idleTimeout: TimeAmount = .seconds(3)

    /// How long a connection may take to open when a server sets no `connectTimeout`.
    public static let defaultConnectTimeout: TimeAmount = .seconds(5)

    /// The client with the default connect timeout; it lives as long as the process.
    public static var client: HTTPClient {
        client(connectTimeout: defaultConnectTimeout)
    }

    /// The client for requests on behalf of `server`, with its connect timeout.
    public static func client(for server: ServerConfig) -> HTTPClient {
        client(connectTimeout: connectTimeout(for: server))
    }

    /// The connect timeout of `server`: its `connectTimeout`, else the default.
    public static func connectTimeout(for server: ServerConfig) -> TimeAmount {
        server.connectTimeoutSeconds.map { .milliseconds(Int64($0 * 1000)) } ?? defaultConnectTimeout
    }

    /// The clients made so far, by connect timeout in nanoseconds.
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
            configuration.http1_1ConnectionDebugInitializer = { channel in
                channel.pipeline.addHandler(QuickAckHandler(), position: .first)
            }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[connectTimeout.nanoseconds] = client
            return client
        }
    }
}
