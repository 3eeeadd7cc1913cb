import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash accounts NAME`: the named accounts of a server, and which one is active.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "List a server's named accounts (secrets are stored per account); --use makes one active."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @Option(name: .long, help: "Make this account the one used when no --account is given.")
    var use: String?

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let accounts = try context.workspace().accounts(name, use: use)
            if json { return try Console.json(accounts) }
            var table = Console.table(["", "ACCOUNT", "WHO", "TOKEN", "SECRETS"])
            for account in accounts {
                table.append([account.active ? "*" : "", account.account, account.subject ?? "—",
                              account.expiresAt.map { ExpiryText.describe($0) } ?? "—", "\(account.secrets)"])
            }
            table.lines().forEach { Console.out($0) }
        }
    }
}
