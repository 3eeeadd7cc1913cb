import ArgumentParser
import MCPDashCore

/// `mcpdash login NAME`: browser (or device-code, or client-credentials) login.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a server by its auth method (browser, device code or client credentials) and store the tokens."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument

    @OptionGroup var accountOption: AccountOption

    @Flag(name: .long, help: "Do not start a browser; print the URL alone on stdout (the rest on stderr) and wait.")
    var noBrowser = false

    @Option(name: .long, help: "Seconds to wait for the browser callback or device approval.")
    var timeout = LoginRequest.defaultTimeout

    @OptionGroup var output: JSONOption

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

    /// The request these arguments make.
    var request: LoginRequest {
        LoginRequest(name: serverName.name, account: accountOption.account, noBrowser: noBrowser, timeout: timeout, json: output.json,
                     device: device, redirectPort: redirectPort, redirectHost: redirectHost, scopes: scopes, settings: global.settings)
    }

    func run() async throws {
        try await request.run()
    }
}
