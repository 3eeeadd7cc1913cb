import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash remove NAME`: takes a server out of the config and forgets its secrets and sessions.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a server from the config with its secrets, tokens and registrations (--keep-secrets keeps its static secrets).",
        discussion: """
            The tokens are forgotten, not revoked: run `mcpdash logout NAME --revoke` first to \
            revoke them at the authorization server. The previous config is kept as PATH.bak.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @Flag(name: .long, help: "Keep its static secrets (API keys, client secrets) in the secret store.")
    var keepSecrets = false

    @Flag(name: [.short, .long], help: "Do not ask for confirmation on a terminal.")
    var yes = false

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func run() throws {
        let context = CommandContext(global)
        try ExitStatus.reporting {
            if !yes, isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
                guard let answer = TerminalPrompt.ask("remove \(name)\(keepSecrets ? "" : " and its secrets") from the config? [y/N] "),
                      ["y", "yes"].contains(answer.lowercased()) else {
                    Console.error("nothing was removed")
                    throw ExitCode(1)
                }
            }
            let report = try ServerRemoval.run(name, configPath: context.configLocation.path, stores: context.stores,
                                               database: try context.database(), keepSecrets: keepSecrets)
            if json { return try Console.json(report) }
            Console.out(report.summary)
        }
    }
}
