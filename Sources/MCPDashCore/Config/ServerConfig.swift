/// One configured MCP server: how to reach it, how to authenticate, and how to file it.
public struct ServerConfig: Equatable, Sendable {
    /// The server's name, the key under `mcpServers`.
    public var name: String
    /// How to reach it.
    public var transport: TransportConfig
    /// How to authenticate.
    public var auth: AuthConfig
    /// Free labels for grouping (`dev`, `prod`, a tenant…).
    public var tags: [String]
    /// Where this server's secrets are kept, overriding the global setting.
    public var storage: StorageKind?
    /// Per-request timeout in seconds.
    public var timeoutSeconds: Double?
    /// How long a connection may take to open, in seconds (`HTTPClientProvider.defaultConnectTimeout` when nil).
    public var connectTimeoutSeconds: Double? = nil
    /// Days after which a static secret should be rotated, overriding the global policy.
    public var rotationPolicyDays: Int?
    /// Disabled servers are listed but never contacted.
    public var disabled: Bool
    /// How failed requests are retried.
    public var retry: RetryPolicy = .standard

    /// Creates a server entry.
    public init(name: String, transport: TransportConfig, auth: AuthConfig = .none, tags: [String] = [],
                storage: StorageKind? = nil, timeoutSeconds: Double? = nil, rotationPolicyDays: Int? = nil,
                disabled: Bool = false) {
        self.name = name
        self.transport = transport
        self.auth = auth
        self.tags = tags
        self.storage = storage
        self.timeoutSeconds = timeoutSeconds
        self.rotationPolicyDays = rotationPolicyDays
        self.disabled = disabled
    }

    /// Every secret this entry refers to: auth fields, secret headers and secret environment variables.
    public var secretFields: [SecretField] {
        var fields = auth.secretFields
        switch transport {
        case .http(let endpoint), .sse(let endpoint):
            fields += endpoint.secretHeaders.sorted { $0.key < $1.key }
                .map { SecretField(field: SecretField.header($0.key), source: $0.value) }
        case .stdio(let command):
            fields += command.secretEnv.sorted { $0.key < $1.key }
                .map { SecretField(field: SecretField.environmentVariable($0.key), source: $0.value) }
        }
        return fields
    }

    /// The auth method to show: `headers` when an unauthenticated entry still sends secret headers.
    public var authLabel: String {
        if case .none = auth, case .http(let endpoint) = transport, !endpoint.secretHeaders.isEmpty { return "headers" }
        if case .none = auth, case .sse(let endpoint) = transport, !endpoint.secretHeaders.isEmpty { return "headers" }
        return auth.methodName
    }

    /// Whether a `--tag` selection takes this server: no tags asked for, or one of them is its.
    public func matches(tags wanted: [String]) -> Bool { Self.tags(tags, match: wanted) }

    /// Whether a server with tags `have` is in a `--tag` selection of `wanted`.
    public static func tags(_ have: [String], match wanted: [String]) -> Bool {
        wanted.isEmpty || have.contains { wanted.contains($0) }
    }
}
