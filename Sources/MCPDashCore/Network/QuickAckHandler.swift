import Glibc
import NIOCore

/// Keeps a kept-alive HTTP/1.1 connection out of the kernel's delayed-ACK ("ping-pong") mode,
/// so a server that writes a response's head and body in two segments never waits ~40 ms for
/// the ACK of the head.
///
/// After every flush (a request written) and on every read (part of a response arrived) it sets
/// `TCP_QUICKACK`: the kernel leaves ping-pong mode, which it re-enters whenever the client
/// writes soon after reading, and sends at once an ACK it was holding. Each is one `setsockopt`
/// on the event loop. On anything but a TCP socket the option fails and is not tried again.
final class QuickAckHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    /// `TCP_QUICKACK` at the TCP level.
    static let option = ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: CInt(TCP_QUICKACK)))

    /// False once the socket refused the option.
    private var supported = true

    func handlerAdded(context: ChannelHandlerContext) {
        quickAck(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        quickAck(context)
        context.fireChannelRead(data)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        quickAck(context)
    }

    /// Sets `TCP_QUICKACK` on the connection's socket.
    private func quickAck(_ context: ChannelHandlerContext) {
        guard supported, let options = context.channel.syncOptions else { return }
        do {
            try options.setOption(Self.option, value: 1)
        } catch {
            supported = false
        }
    }
}
