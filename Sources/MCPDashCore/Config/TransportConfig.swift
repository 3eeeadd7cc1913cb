/// How mcpdash reaches an MCP server.
public enum TransportConfig: Equatable, Sendable {
    /// Streamable HTTP: JSON-RPC POSTed to one endpoint, answered with JSON or SSE.
    case http(HTTPEndpoint)
    /// The legacy HTTP+SSE transport: an SSE stream that names the endpoint to POST to.
    case sse(HTTPEndpoint)
    /// A local child process speaking JSON lines over stdin and stdout.
    case stdio(StdioCommand)

    /// Which transport this is.
    public var kind: TransportKind {
        switch self {
        case .http: .http
        case .sse: .sse
        case .stdio: .stdio
        }
    }

    /// The endpoint of a remote transport, nil for stdio.
    public var endpoint: HTTPEndpoint? {
        switch self {
        case .http(let endpoint), .sse(let endpoint): endpoint
        case .stdio: nil
        }
    }
}

/// The URL and fixed headers of a remote MCP server.
public struct HTTPEndpoint: Equatable, Sendable {
    /// The MCP endpoint URL, with `${VAR}` already expanded.
    public var url: String
    /// Headers sent with every request whose values are not secret.
    public var headers: [String: String]
    /// Headers whose values are secrets (looked up at use), keyed by header name.
    public var secretHeaders: [String: SecretSource]
    /// How long an SSE stream may stay silent before it is considered dead, in seconds.
    public var readTimeout: Double?

    /// Creates an endpoint.
    public init(url: String, headers: [String: String] = [:], secretHeaders: [String: SecretSource] = [:], readTimeout: Double? = nil) {
        self.url = url
        self.headers = headers
        self.secretHeaders = secretHeaders
        self.readTimeout = readTimeout
    }
}

/// A command that starts a local stdio MCP server.
public struct StdioCommand: Equatable, Sendable {
    /// The program to run (looked up in `PATH` when not absolute); never run through a shell.
    public var command: String
    /// Its arguments.
    public var args: [String]
    /// Environment variables with non-secret values.
    public var env: [String: String]
    /// Environment variables whose values are secrets, looked up when the child starts.
    public var secretEnv: [String: SecretSource]
    /// The working directory, when set.
    public var cwd: String?

    /// Creates a stdio command.
    public init(command: String, args: [String] = [], env: [String: String] = [:], secretEnv: [String: SecretSource] = [:], cwd: String? = nil) {
        self.command = command
        self.args = args
        self.env = env
        self.secretEnv = secretEnv
        self.cwd = cwd
    }
}
