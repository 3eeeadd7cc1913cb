/// Which of the three MCP transports a server speaks; its raw value is the config's `type`.
public enum TransportKind: String, Codable, Sendable, CaseIterable {
    /// Streamable HTTP.
    case http
    /// The legacy HTTP+SSE transport.
    case sse
    /// A local child process on stdin and stdout.
    case stdio

    /// The kind a config's `type` (or `transport`) names, in any of the spellings clients use
    /// (`streamableHttp`, `streamable-http`, `SSE`…); nil for anything else.
    public init?(declared: String) {
        switch ServerConfigParser.normalized(declared) {
        case "http", "streamablehttp": self = .http
        case "sse": self = .sse
        case "stdio": self = .stdio
        default: return nil
        }
    }

    /// Whether requests go over the network (http or sse).
    public var isRemote: Bool { self != .stdio }
}
