/// A loaded configuration: the servers, the global settings, and what deserved a warning.
public struct MCPDashConfig: Sendable {
    /// The file it was read from.
    public let path: String
    /// The servers, sorted by name.
    public let servers: [ServerConfig]
    /// Settings that apply to every server.
    public let settings: Settings
    /// Unknown keys, literal secrets, unset variables.
    public let warnings: [ConfigWarning]
    /// The variables `${VAR}` references are expanded from.
    public let environment: EnvironmentResolver

    /// Creates a loaded configuration.
    public init(path: String, servers: [ServerConfig], settings: Settings, warnings: [ConfigWarning], environment: EnvironmentResolver) {
        self.path = path
        self.servers = servers
        self.settings = settings
        self.warnings = warnings
        self.environment = environment
    }

    /// The server called `name`.
    public func server(named name: String) -> ServerConfig? {
        servers.first { $0.name == name }
    }

    /// Where `server`'s secrets are kept, after its override, the settings and `--insecure-storage`.
    public func storage(for server: ServerConfig, insecureStorageFlag: Bool = false) -> StorageKind {
        if insecureStorageFlag { return .file }
        return server.storage ?? settings.storage
    }
}
