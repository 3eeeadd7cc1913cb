import ArgumentParser
import Foundation
import MCPDashCore

extension Logout.Scope: ExpressibleByArgument {}

/// `mcpdash logout NAME`: revoke and forget a session, as finely as asked.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Forget a server's tokens (and with --forget, its client registration or every secret); --revoke tells the server first."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @Flag(name: .long, help: "Revoke the refresh and access tokens at the server (RFC 7009) before forgetting them.")
    var revoke = false

    @Option(name: .long, help: "What to forget: tokens, registration (tokens and the client registration) or all.")
    var forget: Logout.Scope = .tokens

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let report = try await context.workspace().logout(name, account: account, revoke: revoke, forget: forget)
            if json { return try Console.json(report) }
            Console.out(report.summary)
            for problem in report.revocationProblems { Console.error("warning: \(problem)") }
        }
    }
}
