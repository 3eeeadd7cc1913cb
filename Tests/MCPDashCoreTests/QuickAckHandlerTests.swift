import NIOCore
import NIOPosix
import Testing
@testable import MCPDashCore

/// The kernel's delayed-ACK mode on a real loopback TCP connection, with and without `QuickAckHandler`.
///
/// Linux's `getsockopt(TCP_QUICKACK)` reads 1 when a socket is out of "ping-pong" mode (it
/// acknowledges at once) and 0 in it (it holds ACKs for up to 40 ms). A client that writes soon
/// after it reads enters ping-pong mode: that is what stalls a kept-alive connection to a server
/// that writes a response's head and body in two segments.
@Suite("quick ACKs on kept-alive connections")
struct QuickAckHandlerTests {
    /// Answers every chunk with "pong", except a chunk that is "last".
    private final class Answerer: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let chunk = unwrapInboundIn(data)
            guard String(buffer: chunk) != "last" else { return }
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "pong")), promise: nil)
        }
    }

    /// Records `TCP_QUICKACK` as each reply reaches it, behind whatever handlers come first.
    private final class Probe: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let replied: EventLoopPromise<Int>

        init(_ replied: EventLoopPromise<Int>) { self.replied = replied }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            replied.completeWith(Result { try context.channel.syncOptions!.getOption(QuickAckHandler.option) })
        }
    }

    /// A connection to an `Answerer` on the loopback; `replied` is completed at the first reply.
    private func connection(_ body: (Channel, EventLoopPromise<Int>) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Answerer()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { server.close(promise: nil) }
        let port = try #require(server.localAddress?.port)
        let loop = group.next()
        let replied = loop.makePromise(of: Int.self)
        let client = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Probe(replied)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        defer {
            replied.fail(ChannelError.ioOnClosedChannel)   // a no-op once a reply came
            client.close(promise: nil)
        }
        try await body(client, replied)
    }

    /// Puts `channel`'s socket in ping-pong mode (after adding the handler, if asked), writes
    /// `text` in the same event-loop turn, and answers whether the socket then acknowledges at
    /// once; with `reenter`, it puts the socket in ping-pong mode again before the turn ends.
    private func quickAckAfterWriting(_ text: String, on channel: Channel, handler: Bool, reenter: Bool = false) async throws -> Int {
        try await channel.eventLoop.submit {
            let options = channel.syncOptions!
            if handler { try channel.pipeline.syncOperations.addHandler(QuickAckHandler(), position: .first) }
            try options.setOption(QuickAckHandler.option, value: 0)
            let entered = try options.getOption(QuickAckHandler.option)
            #expect(entered == 0, "this kernel has no delayed-ACK mode to leave")
            channel.writeAndFlush(ByteBuffer(string: text), promise: nil)
            let quick = Int(try options.getOption(QuickAckHandler.option))
            if reenter { try options.setOption(QuickAckHandler.option, value: 0) }
            return quick
        }.get()
    }

    @Test("without the handler a socket in delayed-ACK mode stays there when it writes (the kernel behaviour the handler exists for)")
    func withoutHandler() async throws {
        try await connection { channel, _ in
            let quick = try await quickAckAfterWriting("last", on: channel, handler: false)
            #expect(quick == 0)
        }
    }

    @Test("with the handler the socket acknowledges at once after every request it writes")
    func afterWrite() async throws {
        try await connection { channel, _ in
            let quick = try await quickAckAfterWriting("last", on: channel, handler: true)
            #expect(quick == 1, "the socket stayed in delayed-ACK mode after a flush")
        }
    }

    @Test("with the handler the socket acknowledges at once when part of a response arrives")
    func afterRead() async throws {
        try await connection { channel, replied in
            // The flush leaves ping-pong mode; it is entered again before the reply can be read.
            _ = try await quickAckAfterWriting("ping", on: channel, handler: true, reenter: true)
            let quick = try await replied.futureResult.get()
            #expect(quick == 1, "the socket was in delayed-ACK mode as the reply was read")
        }
    }
}
