import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash headers NAME`: the JSON object of headers a `headersHelper` expects.
struct HeadersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headers",
        abstract: "Print the JSON object of HTTP headers that authenticate to a server (for a client's headersHelper)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The server's name (default: $CLAUDE_CODE_MCP_SERVER_NAME, else the server whose URL is $CLAUDE_CODE_MCP_SERVER_URL).", completion: ServerNameCompletion.kind)
    var name: String?

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            let server = try context.helperServer(named: name, in: workspace.config)
            Console.reveal(try Console.encoded(try await workspace.headers(server.name, account: account)))
        }
    }
}
