/// How a login runs: whether to start a browser, how long to wait, and the environment to use.
public struct LoginOptions: Sendable {
    /// Start a browser on the authorize URL (`--no-browser` turns it off; the URL is printed either way).
    public var openBrowser: Bool
    /// How long to wait for the callback or the device approval.
    public var timeout: Duration
    /// The environment (`BROWSER`, `DISPLAY`).
    public var environment: [String: String]
    /// Use the device grant even for a browser-login server (`login --device`), where its authorization server offers it.
    public var device = false
    /// A fixed loopback port for the redirect URI, over the config's (`--redirect-port`).
    public var redirectPort: Int?
    /// The host name of the redirect URI: `127.0.0.1` or `localhost`, as the IdP registered it (`--redirect-host`).
    public var redirectHost: String?
    /// Scopes to add to the ones the server asks for (`--scopes`).
    public var scopes: [String] = []

    /// Creates options.
    public init(openBrowser: Bool = true, timeout: Duration = .seconds(300), environment: [String: String] = [:]) {
        self.openBrowser = openBrowser
        self.timeout = timeout
        self.environment = environment
    }
}
