import Foundation
import MCPDashCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `GET /metrics` for Prometheus: an HTTP listener that renders the exporter on every scrape.
///
/// Anything but `GET` or `HEAD /metrics` gets a 404 (405 for another method) and changes
/// nothing; at most `maximumConnections` are served at once; request bodies are ignored.
public final class MetricsServer: Sendable {
    /// The most connections served at once; more are closed on arrival.
    public static let maximumConnections = 64
    /// The content type of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The address bound, `host:port`.
    public let address: String
    private let channel: any Channel

    private init(address: String, channel: any Channel) {
        self.address = address
        self.channel = channel
    }

    /// Listens on `address` (port 0: any free one).
    public static func start(at address: ListenAddress, exporter: MetricsExporter) async throws(AgentError) -> MetricsServer {
        let host = address.host, port = address.port
        let connections = Mutex(0)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let open = connections.withLock { count in count += 1; return count }
                channel.closeFuture.whenComplete { _ in connections.withLock { $0 -= 1 } }
                guard open <= Self.maximumConnections else { return channel.close() }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(MetricsHandler(exporter: exporter))
                }
            }
        let wanted = address.description
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let bound = channel.localAddress?.port ?? port
            return MetricsServer(address: ListenAddress(host: host, port: bound).description, channel: channel)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw AgentError(.addressInUse, summary: "the metrics address \(wanted) is already in use by another program",
                             hint: "`ss -ltnp 'sport = :\(port)'` names it; choose another port with --metrics")
        } catch {
            throw AgentError(.badAddress, summary: "cannot serve metrics on \(wanted): \(error)",
                             hint: "give --metrics PORT or HOST:PORT with an address of this host, such as 127.0.0.1:9464")
        }
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

/// Answers one connection's requests: the exposition at `/metrics`, 404 or 405 for anything else.
private final class MetricsHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exporter: MetricsExporter
    private var request: HTTPRequestHead?

    init(exporter: MetricsExporter) {
        self.exporter = exporter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?" as Character, maxSplits: 1).first.map(String.init) ?? head.uri
        let status: HTTPResponseStatus
        let contentType: String
        var body: [UInt8]
        if path != "/metrics" {
            (status, contentType, body) = (.notFound, "text/plain; charset=utf-8", Array("mcpdash serves only /metrics here\n".utf8))
        } else if head.method != .GET && head.method != .HEAD {
            (status, contentType, body) = (.methodNotAllowed, "text/plain; charset=utf-8", Array("GET /metrics\n".utf8))
        } else {
            (status, contentType, body) = (.ok, MetricsServer.contentType, exporter.render())
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        if head.method == .HEAD { body = [] }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [keepAlive] _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
