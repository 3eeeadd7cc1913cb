import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The redirect target of a browser login: an HTTP listener on 127.0.0.1 (RFC 8252 §7.3).
///
/// It binds an ephemeral port unless a fixed one is configured, and hands the login flow the
/// query of the first request to its callback path that carries the login's `state`. Any local
/// process can connect to a loopback port, so a request without that `state` gets an error
/// page and changes nothing: the listener keeps waiting for the real browser (or the timeout).
/// At most `maximumConnections` connections are open at once and a request target is at most
/// 8 KiB. A busy port is reported as exactly that.
public final class LoopbackCallbackListener: Sendable {
    /// The most connections served at once; more are closed on arrival.
    public static let maximumConnections = 16
    /// The callback's query parameters, or nil when the wait was abandoned.
    typealias Delivery = [String: String]?

    /// The port bound.
    public let port: Int
    /// The callback path.
    public let path: String
    /// The host name the redirect URI uses.
    public let host: String
    private let channel: any Channel
    private let delivery: OneShot<Delivery>
    private let gate: CallbackGate

    private init(port: Int, path: String, host: String, channel: any Channel, delivery: OneShot<Delivery>, gate: CallbackGate) {
        self.port = port
        self.host = host
        self.path = path
        self.channel = channel
        self.delivery = delivery
        self.gate = gate
    }

    /// Accepts callbacks only with this `state` from now on.
    public func expect(state: String) {
        gate.expected.withLock { $0 = state }
    }

    /// How many requests to the callback path were turned away for a missing or wrong `state`.
    public var ignoredRequests: Int { gate.ignored.withLock { $0 } }

    /// The redirect URI to register and send.
    public var redirectURI: String { "http://\(host):\(port)\(path)" }

    /// The host names a redirect URI may use (RFC 8252 §7.3; `localhost` where an IdP registered only that).
    public static let redirectHosts = OAuthAuth.redirectHosts

    /// Starts listening on `port` (ephemeral when nil or 0) of 127.0.0.1; the redirect URI names `host`.
    public static func start(port: Int?, path: String = "/callback", host: String = "127.0.0.1",
                             server: String) async throws(OAuthError) -> LoopbackCallbackListener {
        let delivery = OneShot<Delivery>()
        let gate = CallbackGate()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let open = gate.connections.withLock { count in count += 1; return count }
                channel.closeFuture.whenComplete { _ in gate.connections.withLock { $0 -= 1 } }
                guard open <= Self.maximumConnections else { return channel.close() }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(CallbackHandler(path: path, delivery: delivery, gate: gate))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port ?? 0).get()
            let bound = channel.localAddress?.port ?? port ?? 0
            return LoopbackCallbackListener(port: bound, path: path, host: redirectHosts.contains(host) ? host : "127.0.0.1", channel: channel,
                                            delivery: delivery, gate: gate)
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
            let ignored = ignoredRequests
            let note = ignored == 0 ? "" : " (\(ignored) request\(ignored == 1 ? "" : "s") without this login's state \(ignored == 1 ? "was" : "were") turned away)"
            throw OAuthError(.timeout, server: server, message: "no login callback arrived within \(timeout)\(note)",
                             hint: "run the login again; the URL is also in `mcpdash events \(server)`")
        }
        return parameters
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}

/// What the listener's connections share: the expected `state`, the open connections, the turned-away requests.
private final class CallbackGate: Sendable {
    let expected = Mutex<String?>(nil)
    let connections = Mutex(0)
    let ignored = Mutex(0)
}

/// Answers the callback request and delivers its query; anything else gets a 404, a request
/// without the login's `state` a 400.
private final class CallbackHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let path: String
    private let delivery: OneShot<LoopbackCallbackListener.Delivery>
    private let gate: CallbackGate
    private var pending: (status: HTTPResponseStatus, body: String)?

    init(path: String, delivery: OneShot<LoopbackCallbackListener.Delivery>, gate: CallbackGate) {
        self.path = path
        self.delivery = delivery
        self.gate = gate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard head.uri.utf8.count <= 8192 else {
                pending = (.uriTooLong, page(title: "Request too long", text: "This address only receives the mcpdash login callback."))
                return
            }
            let components = URLComponents(string: head.uri)
            guard head.method == .GET, components?.path == path else {
                pending = (.notFound, page(title: "Not found", text: "This address only receives the mcpdash login callback."))
                return
            }
            var parameters: [String: String] = [:]
            for item in (components?.queryItems ?? []).prefix(64) { parameters[item.name] = item.value ?? "" }
            guard let expected = gate.expected.withLock({ $0 }), parameters["state"] == expected else {
                gate.ignored.withLock { $0 += 1 }
                pending = (.badRequest, page(title: "mcpdash: not this login",
                                             text: "This request does not carry the state of the login mcpdash is waiting for, so it was ignored."))
                return
            }
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
