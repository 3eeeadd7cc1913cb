import MCP

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
    /// Entries that could not be read, sorted by name; the other servers work without them.
    public let broken: [BrokenServer]
    /// The profile whose `.env.PROFILE` was loaded (`--profile`, `MCPDASH_PROFILE`), if any.
    public var profile: String? = nil
    /// The files the config was read from, or would be if they existed: the config, its `.env`
    /// (or `--env-file`), the profile's file. The agent reloads when one of them changes.
    public var inputFiles: [String] = []
    /// Each server's entry as written, before any `${VAR}` is expanded (what a cached answer's key digests).
    public var entries: [String: Value] = [:]

    /// Creates a loaded configuration.
    public init(path: String, servers: [ServerConfig], settings: Settings, warnings: [ConfigWarning], environment: EnvironmentResolver,
                broken: [BrokenServer] = []) {
        self.broken = broken
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

    /// The server called `name`; throws the entry's own error when it is broken, nil when there is no such entry.
    public func usableServer(named name: String) throws(ConfigError) -> ServerConfig? {
        if let server = server(named: name) { return server }
        if let broken = broken.first(where: { $0.name == name }) { throw broken.error }
        return nil
    }

    /// The enabled HTTP or SSE server whose endpoint is `url`, ignoring a trailing slash; nil when
    /// none or several are.
    public func server(matchingURL url: String) -> ServerConfig? {
        func trimmed(_ text: String) -> String { text.hasSuffix("/") ? String(text.dropLast()) : text }
        let matches = servers.filter { !$0.disabled && $0.transport.endpoint.map { trimmed($0.url) == trimmed(url) } == true }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Where `server`'s secrets are kept, after its override, the settings and `--insecure-storage`.
    public func storage(for server: ServerConfig, insecureStorageFlag: Bool = false) -> StorageKind {
        if insecureStorageFlag { return .file }
        return server.storage ?? settings.storage
    }
}
