/// One row of `mcpdash list`: what a server is and where its secrets live, without contacting it.
public struct ServerSummary: Codable, Equatable, Sendable {
    /// The server's name.
    public let name: String
    /// The server's transport; nil for an entry that could not be read.
    public let transport: TransportKind?
    /// The auth method.
    public let auth: String
    /// Where its secrets live: `keyring`, `file (insecure)`, `env`, `config file`, or `—` when it has none.
    public let storage: String
    /// Its tags.
    public let tags: [String]
    /// The URL, or the command line of a stdio server.
    public let endpoint: String
    /// Whether it is disabled.
    public let disabled: Bool
    /// Why its config entry could not be read (file, server, field); nil for a usable server.
    public var error: String? = nil

    /// Summarises `server` under `config`.
    public init(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores) {
        name = server.name
        transport = server.transport.kind
        auth = server.authLabel
        tags = server.tags
        disabled = server.disabled
        switch server.transport {
        case .http(let endpoint), .sse(let endpoint): self.endpoint = endpoint.url
        case .stdio(let command): self.endpoint = ([command.command] + command.args).joined(separator: " ")
        }
        let storeName = stores.kind(serverOverride: server.storage, setting: config.settings.storage).displayName
        var places: [String] = []
        // Tokens obtained from an authorization server always go to the secret store.
        if server.auth.usesTokenEndpoint { places.append(storeName) }
        for field in server.secretFields {
            let place = switch field.source {
            case .keyring: storeName
            case .environment: "env"
            case .literal: "config file"
            }
            if !places.contains(place) { places.append(place) }
        }
        storage = places.isEmpty ? "—" : places.joined(separator: " + ")
    }

    /// The row of an entry that could not be read: its name and its error, nothing else known.
    public init(broken: BrokenServer) {
        name = broken.name
        transport = nil
        auth = "invalid"
        storage = "—"
        tags = []
        endpoint = "—"
        disabled = false
        error = broken.error.summary
    }
}
