import ArgumentParser
import Foundation
import MCPDashCore
import MCPDashUI

/// `mcpdash list`: the configured servers, without contacting them.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the configured servers: transport, auth method, where secrets live, tags."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .customLong("tag"), help: "Only servers with this tag (repeat it for any of several).")
    var tags: [String] = []

    func run() throws {
        try Self.printList(CommandContext(global), json: json, tags: tags)
    }

    /// Prints the server table (or JSON); also what the bare `mcpdash` prints when stdout is not a terminal.
    static func printList(_ context: CommandContext, json: Bool, tags: [String] = []) throws {
        try ExitStatus.reporting {
            let config = try context.loadConfig()
            context.printWarnings(config.warnings)
            context.printBroken(config)
            let summaries = ServerSummary.list(config, stores: context.stores).filter { ServerConfig.tags($0.tags, match: tags) }
            if json { return try Console.json(summaries) }
            guard !summaries.isEmpty else {
                Console.out("No servers configured in \(config.path).")
                Console.out("Add some with `mcpdash import --from claude|claude-code|cursor|vscode|mcpdash` or see docs/configuration.md.")
                return
            }
            var table = Console.table(["NAME", "TRANSPORT", "AUTH", "STORAGE", "TAGS", "ENDPOINT"])
            for summary in summaries {
                table.append([summary.name + (summary.disabled ? " (disabled)" : ""), summary.transport, summary.auth,
                              summary.storage, summary.tags.joined(separator: ","), summary.error.map { "config error: \($0)" } ?? summary.endpoint])
            }
            table.lines().forEach { Console.out($0) }
            printAgent(context)
        }
    }

    /// The agent's line after the table: on stdout at a terminal; piped, on stderr and only once an
    /// agent has run here, so scripts still read a bare table.
    static func printAgent(_ context: CommandContext) {
        let database = FileManager.default.fileExists(atPath: context.statePath) ? try? context.database() : nil
        let now = Date()
        guard let status = try? database?.agentStatus() else {
            if Console.isTerminal { Console.out("agent: not running (`mcpdash agent` keeps tokens fresh; see docs/fleet.md)") }
            return
        }
        let line = "agent: " + status.summary(now: now)
        Console.isTerminal ? Console.out(line) : Console.error(line)
    }
}
