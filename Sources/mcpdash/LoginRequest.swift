import MCPDashCore

/// What `login` was asked to do, however its arguments were parsed (`LoginCommand` or `FastPath`).
struct LoginRequest: Equatable {
    /// The seconds login waits for the browser callback or device approval when `--timeout` is not given.
    static let defaultTimeout = 300

    /// The server's name.
    var name: String
    /// The account asked for, nil for the active one.
    var account: String?
    /// Print the URL instead of starting a browser.
    var noBrowser = false
    /// Seconds to wait for the browser callback or device approval.
    var timeout = Self.defaultTimeout
    /// Print JSON.
    var json = false
    /// Use the device grant.
    var device = false
    /// A fixed port for the loopback redirect URI.
    var redirectPort: Int?
    /// The redirect URI's host.
    var redirectHost: String?
    /// Scopes to ask for besides the server's, as given (each may hold several, space-separated).
    var scopes: [String] = []
    /// The global options.
    var settings: GlobalSettings

    /// Logs in and prints the outcome, or reports why not.
    func run() async throws {
        let context = CommandContext(settings)
        try await ExitStatus.reporting {
            let workspace = try context.workspace(preparingSecretsOf: name)
            CommandContext.keepOpen(workspace)
            var options = LoginOptions(openBrowser: !noBrowser, timeout: .seconds(timeout), environment: context.environment)
            options.device = device
            options.redirectPort = redirectPort
            options.redirectHost = redirectHost
            options.scopes = scopes.flatMap { $0.split(separator: " " as Character).map(String.init) }
            let report = try await workspace.login(name, account: account, options: options,
                                                   progress: { [noBrowser] in Self.show($0, urlOnStdout: noBrowser) })
            if json { return try Console.json(report) }
            for warning in report.warnings { Console.error("warning: \(warning)") }
            Console.out(report.summary)
            if !report.notGranted.isEmpty {
                Console.error("warning: the authorization server did not grant \(report.notGranted.joined(separator: " ")); the server may refuse again")
            }
        }
    }

    /// Prints login progress to stderr, so stdout stays for the result; with `urlOnStdout`
    /// (`--no-browser`) the authorization URL is the one line of stdout before it, whole, for a
    /// script or a copy on another machine.
    @Sendable static func show(_ event: LoginEvent, urlOnStdout: Bool = false) {
        switch event {
        case .discovered(let issuer):
            Console.error("authorization server: \(issuer)")
        case .authorize(let url, let redirectURI, let deadline):
            Console.error("open this URL to log in (waiting on \(redirectURI) until \(ExpiryText.clock(deadline)))\(urlOnStdout ? "; it is on stdout" : ":")")
            urlOnStdout ? Console.out(url) : Console.error("  \(url)")
        case .browser(let program):
            Console.error(program.map { "started the browser (\($0))" } ?? "no browser found; open the URL above yourself")
        case .deviceCode(let userCode, let verificationURI, let complete, let expiresAt):
            Console.error("to log in, visit \(verificationURI) and enter the code \(userCode) (before \(ExpiryText.clock(expiresAt)))")
            if let complete { Console.error("  or open \(complete)") }
        case .exchanging:
            Console.error("exchanging the grant for tokens…")
        }
    }
}
