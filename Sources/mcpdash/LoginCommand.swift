import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash login NAME`: browser (or device-code, or client-credentials) login.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a server by its auth method (browser, device code or client credentials) and store the tokens."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @Flag(name: .long, help: "Do not start a browser; print the URL alone on stdout (the rest on stderr) and wait.")
    var noBrowser = false

    @Option(name: .long, help: "Seconds to wait for the browser callback or device approval.")
    var timeout = 300

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    @Flag(name: .long, help: "Use the device grant (a code to enter on any device) instead of a browser on this host, where the authorization server offers it.")
    var device = false

    @Option(name: .long, help: "A fixed port for the loopback redirect URI, as the IdP registered it.")
    var redirectPort: Int?

    @Option(name: .long, help: "The redirect URI's host: 127.0.0.1 or localhost, as the IdP registered it.")
    var redirectHost: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Scopes to ask for besides the ones the server asks for.")
    var scopes: [String] = []

    func validate() throws {
        if let redirectPort, !(1...65535).contains(redirectPort) { throw ValidationError("--redirect-port must be 1-65535") }
        if let redirectHost, !LoopbackCallbackListener.redirectHosts.contains(redirectHost) {
            throw ValidationError("--redirect-host must be 127.0.0.1 or localhost")
        }
    }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
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

