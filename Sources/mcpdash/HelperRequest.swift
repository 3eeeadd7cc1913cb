import MCPDashCore

/// What `token` or `headers` was asked to do, however its arguments were parsed.
struct HelperRequest: Equatable {
    /// The two helper commands.
    enum Kind: Equatable {
        /// `token`: the access token alone.
        case token
        /// `headers`: the JSON object of headers.
        case headers
    }

    var kind: Kind
    /// The server named, nil for the one the client's environment names.
    var name: String?
    /// The account asked for, nil for the active one.
    var account: String?
    var settings: GlobalSettings

    /// Prints the token or the headers, or reports why not.
    func run() async throws {
        let context = CommandContext(settings)
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            let server = try context.helperServer(named: name, in: workspace.config)
            switch kind {
            case .token: Console.reveal(try await workspace.token(server.name, account: account))
            case .headers: Console.reveal(try Console.encoded(try await workspace.headers(server.name, account: account)))
            }
        }
    }
}
