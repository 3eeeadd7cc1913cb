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

    /// The request these arguments make.
    var request: HelperRequest { HelperRequest(kind: .headers, name: name, account: account, settings: global.settings) }

    func run() async throws {
        try await request.run()
    }
}
