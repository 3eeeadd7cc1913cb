/// How a login runs: whether to start a browser, how long to wait, and the environment to use.
public struct LoginOptions: Sendable {
    /// Start a browser on the authorize URL (`--no-browser` turns it off; the URL is printed either way).
    public var openBrowser: Bool
    /// How long to wait for the callback or the device approval.
    public var timeout: Duration
    /// The environment (`BROWSER`, `DISPLAY`).
    public var environment: [String: String]

    /// Creates options.
    public init(openBrowser: Bool = true, timeout: Duration = .seconds(300), environment: [String: String] = [:]) {
        self.openBrowser = openBrowser
        self.timeout = timeout
        self.environment = environment
    }
}
