import MCP

/// A transport that can fail on its own, outside any request: a stdio child exiting, an SSE
/// stream going silent or closing. The session races every request against this.
public protocol SelfFailingTransport: Transport {
    /// Returns when the transport has failed, with the error that describes it; nil when the
    /// waiting task is cancelled first.
    func unexpectedFailure() async -> MCPTransportError?
}
