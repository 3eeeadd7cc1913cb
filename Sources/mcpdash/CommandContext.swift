import Foundation
import Logging
import MCPDashCore
import MCPDashKeyring
import Synchronization

/// What a command needs from its surroundings: environment, config location, secret stores, state.
struct CommandContext {
    let options: GlobalSettings
    let environment: [String: String]
    let logger: Logger

    /// A `quiet` context logs only critical messages (the dashboard owns the screen).
    init(_ options: GlobalOptions, quiet: Bool = false) {
        self.init(options.settings, quiet: quiet)
    }

    /// The context of `options`; a `quiet` one logs only critical messages.
    init(_ options: GlobalSettings, quiet: Bool = false) {
        self.options = options
        self.environment = ProcessInfo.processInfo.environment
        RedactingLogHandler.bootstrap(level: quiet ? .critical : options.verbose ? .debug : .warning)
        self.logger = Logger(label: "mcpdash")
    }

    var configLocation: ConfigLocation {
        ConfigLocation.resolve(explicit: options.config, environment: environment)
    }

    /// The stores: the keyring (every change to it clears the token cache), the file store, and the token cache.
    var stores: SecretStores {
        let cache = KernelTokenCache()
        return SecretStores(keyring: CacheClearingSecretStore(RecordingSecretStore(KeyringSecretStore()), clearing: cache),
                            file: RecordingSecretStore(FileSecretStore(path: FileSecretStore.defaultPath(environment: environment))),
                            insecureStorageFlag: options.insecureStorage, tokenCache: cache)
    }

    var statePath: String { StateDatabase.defaultPath(environment: environment) }

    /// The profile: `--profile`, else `$MCPDASH_PROFILE` when set and not empty.
    var profile: String? {
        options.profile ?? environment["MCPDASH_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The workspace: the config loaded, the stores, and the state database opened (a command
    /// that needs the database hears why it did not open). With `creatingState` false, a state
    /// database that does not exist yet is left uncreated, so a read-only command writes nothing.
    /// A command runs one operation and exits, so the database is opened serial (one connection).
    /// With `preparingSecretsOf`, the store that server keeps secrets in starts opening in the
    /// background at once (`SecretStores.prepare`, with its session when `session`), for a
    /// command that reads or writes them next.
    func workspace(creatingState: Bool = true, preparingSecretsOf name: String? = nil, session: Bool = true) throws -> Workspace {
        let config = try loadConfig()
        let stores = self.stores
        if let name, let server = config.server(named: name) { stores.prepare(for: server, in: config, session: session) }
        guard creatingState || FileManager.default.fileExists(atPath: statePath) else {
            return Workspace(config: config, stores: stores, database: nil, environment: environment)
        }
        return Workspace(config: config, stores: stores, databasePath: statePath, environment: environment, access: .serial)
    }

    /// Workspaces whose state database stays open until the process exits (`keepOpen`).
    private static let keptOpen = Mutex<[Workspace]>([])

    /// Keeps `workspace`'s state database open until the process exits, for a command that
    /// ends right after its operation: closing the last connection makes SQLite checkpoint the
    /// write-ahead log and delete it (two `fdatasync`s), and the next process to open the
    /// database creates it again (two more). Left open, the log stays for the next process,
    /// and commits in it are as safe as after a close (SQLite recovers them on open).
    static func keepOpen(_ workspace: Workspace) {
        keptOpen.withLock { $0.append(workspace) }
    }

    /// The state database, which the auth commands cannot work without.
    func database() throws -> StateDatabase { try StateDatabase(path: statePath) }

    /// The account a command acts for: the one named, else the server's active one in `database`.
    func account(_ requested: String?, server: ServerConfig, database: StateDatabase) -> String {
        Accounts.resolve(requested, server: server.name, database: database)
    }

    func loadConfig() throws -> MCPDashConfig {
        let location = configLocation
        logger.debug("loading config", metadata: ["path": "\(location.path)", "reason": "\(location.reason)"])
        return try ConfigLoader.load(location, envFile: options.envFile, profile: profile, processEnvironment: environment)
    }

    /// The server called `name`: its own config error when its entry is broken, else an error listing the configured ones.
    func server(named name: String, in config: MCPDashConfig) throws -> ServerConfig {
        guard let server = try config.usableServer(named: name) else { throw UnknownServerError(name: name, config: config) }
        return server
    }

    /// The server a `headersHelper` or `token` call means: `name` when given, else the one Claude
    /// Code names in `CLAUDE_CODE_MCP_SERVER_NAME`, else the one whose URL is `CLAUDE_CODE_MCP_SERVER_URL`.
    func helperServer(named name: String?, in config: MCPDashConfig) throws -> ServerConfig {
        if let name { return try server(named: name, in: config) }
        let helperName = environment["CLAUDE_CODE_MCP_SERVER_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        let helperURL = environment["CLAUDE_CODE_MCP_SERVER_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let helperName, let server = try config.usableServer(named: helperName) { return server }
        if let helperURL, let server = config.server(matchingURL: helperURL) { return server }
        throw UnnamedServerError(name: helperName, url: helperURL, config: config)
    }

    /// Prints the broken entries of `config` to stderr, one line each, so commands on the others still run.
    func printBroken(_ config: MCPDashConfig) {
        for entry in config.broken { Console.error("error: \(entry.error.summary) (the other servers work)") }
    }

    /// Prints config warnings to stderr, one line each, with the first hint.
    func printWarnings(_ warnings: [ConfigWarning]) {
        for warning in warnings { Console.error("warning: \(warning)") }
        if let hint = warnings.compactMap(\.hint).first { Console.error("  hint: \(hint)") }
    }
}
