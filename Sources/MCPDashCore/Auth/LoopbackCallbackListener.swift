import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The redirect target of a browser login: an HTTP listener on 127.0.0.1 (RFC 8252 §7.3).
///
/// It binds an ephemeral port unless a fixed one is configured, accepts the first request to
/// its callback path, answers it with a page saying the tab may be closed, and hands the query
/// parameters to the login flow. A busy port is reported as exactly that.
public final class LoopbackCallbackListener: Sendable {
    /// The callback's query parameters, or nil when the wait was abandoned.
    typealias Delivery = [String: String]?

    /// The port bound.
    public let port: Int
    /// The callback path.
    public let path: String
    private let channel: any Channel
    private let delivery: OneShot<Delivery>

    private init(port: Int, path: String, channel: any Channel, delivery: OneShot<Delivery>) {
        self.port = port
        self.path = path
        self.channel = channel
        self.delivery = delivery
    }

    /// The redirect URI to register and send.
    public var redirectURI: String { "http://127.0.0.1:\(port)\(path)" }

    /// Starts listening on `port` (ephemeral when nil or 0).
    public static func start(port: Int?, path: String = "/callback", server: String) async throws(OAuthError) -> LoopbackCallbackListener {
        let delivery = OneShot<Delivery>()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(CallbackHandler(path: path, delivery: delivery))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port ?? 0).get()
            let bound = channel.localAddress?.port ?? port ?? 0
            return LoopbackCallbackListener(port: bound, path: path, channel: channel, delivery: delivery)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw OAuthError(.callbackPortBusy, server: server,
                             message: "the callback port 127.0.0.1:\(port ?? 0) is already in use by another program",
                             hint: "close what holds it (`ss -ltnp 'sport = :\(port ?? 0)'` names it) or change auth.redirectPort")
        } catch {
            throw OAuthError(.unreachable, server: server, message: "cannot listen on 127.0.0.1:\(port ?? 0) for the login callback: \(error)")
        }
    }

    /// Waits for the browser's callback; throws `.timeout` after `timeout`.
    public func waitForCallback(timeout: Duration, server: String) async throws(OAuthError) -> [String: String] {
        let delivery = self.delivery
        let timer = Task {
            try? await Task.sleep(for: timeout)
            delivery.offer(nil)
        }
        defer { timer.cancel() }
        let parameters: Delivery = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in delivery.onFirst { continuation.resume(returning: $0) } }
        } onCancel: {
            delivery.offer(nil)
        }
        guard let parameters else {
            throw OAuthError(.timeout, server: server, message: "no login callback arrived within \(timeout)",
                             hint: "run the login again; the URL is also in `mcpdash events \(server)`")
        }
        return parameters
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

/// Answers the callback request and delivers its query; anything else gets a 404.
private final class CallbackHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let path: String
    private let delivery: OneShot<LoopbackCallbackListener.Delivery>
    private var pending: (status: HTTPResponseStatus, body: String)?

    init(path: String, delivery: OneShot<LoopbackCallbackListener.Delivery>) {
        self.path = path
        self.delivery = delivery
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let components = URLComponents(string: head.uri)
            guard head.method == .GET, components?.path == path else {
                pending = (.notFound, page(title: "Not found", text: "This address only receives the mcpdash login callback."))
                return
            }
            var parameters: [String: String] = [:]
            for item in components?.queryItems ?? [] { parameters[item.name] = item.value ?? "" }
            delivery.offer(parameters)
            pending = parameters["error"] == nil
                ? (.ok, page(title: "mcpdash: login received", text: "mcpdash received the authorization. You may close this tab and return to the terminal."))
                : (.ok, page(title: "mcpdash: login not completed", text: "The authorization server did not grant access. Return to the terminal for details."))
        case .body:
            break
        case .end:
            let (status, body) = pending ?? (.badRequest, "")
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            headers.add(name: "Connection", value: "close")
            headers.add(name: "Cache-Control", value: "no-store")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func page(title: String, text: String) -> String {
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>\(title)</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>\(title)</h1><p>\(text)</p></body></html>"
    }
}
