import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash token NAME`: print a valid access token and nothing else, for other clients.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a valid access token for a server (refreshing it when due) and nothing else."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The server's name (default: $CLAUDE_CODE_MCP_SERVER_NAME, else the server whose URL is $CLAUDE_CODE_MCP_SERVER_URL).", completion: ServerNameCompletion.kind)
    var name: String?

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    /// The request these arguments make.
    var request: HelperRequest { HelperRequest(kind: .token, name: name, account: account, settings: global.settings) }

    func run() async throws {
        try await request.run()
    }
}
