/// A server name that is not in the config.
public struct UnknownServerError: UserFacingError {
    /// The name asked for.
    public let name: String
    /// The config it is not in.
    public let config: MCPDashConfig

    /// Creates the error.
    public init(name: String, config: MCPDashConfig) {
        self.name = name
        self.config = config
    }

    /// One line.
    public var summary: String { "no server named \"\(name)\" in \(config.path)" }
    /// The configured names.
    public var hint: String? {
        let names = config.servers.map(\.name)
        return names.isEmpty ? "the config has no servers; see `mcpdash import`" : "configured servers: \(names.joined(separator: ", "))"
    }
}
