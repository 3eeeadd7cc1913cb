import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash list`: the configured servers, without contacting them.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the servers and, offline, your login to each: account, expiry, storage, tags."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    @Option(name: .customLong("tag"), help: "Only servers with this tag (repeat it for any of several).")
    var tags: [String] = []

    /// The request these arguments make.
    var request: ListRequest { ListRequest(json: json, tags: tags, settings: global.settings) }

    func run() throws {
        try request.run()
    }

    /// Prints the server table (or JSON); also what the bare `mcpdash` prints when stdout is not a terminal.
    static func printList(_ context: CommandContext, json: Bool, tags: [String] = []) throws {
        try ExitStatus.reporting {
            let workspace = try context.workspace(creatingState: false)
            let config = workspace.config
            context.printWarnings(config.warnings)
            context.printBroken(config)
            let rows = workspace.list(tags: tags)
            if json { return try Console.json(rows) }
            guard !rows.isEmpty else {
                Console.out("No servers configured in \(config.path).")
                Console.out("Add some with `mcpdash import --from claude|claude-code|cursor|vscode|mcpdash` or see docs/configuration.md.")
                return
            }
            var table = Console.table(["NAME", "TRANSPORT", "AUTH", "ACCOUNT", "EXPIRES", "LOGIN", "STORAGE", "TAGS", "ENDPOINT"])
            for row in rows {
                let summary = row.summary
                table.append([summary.name + (summary.disabled ? " (disabled)" : ""), summary.transport?.rawValue ?? "—", summary.auth, row.accountText,
                              row.expires, row.login.text, summary.storage, summary.tags.joined(separator: ","),
                              summary.error.map { "config error: \($0)" } ?? summary.endpoint])
            }
            table.lines().forEach { Console.out($0) }
            printAgent(context, database: workspace.database)
        }
    }

    /// The agent's line after the table: on stdout at a terminal; piped, on stderr and only once an
    /// agent has run here, so scripts still read a bare table.
    static func printAgent(_ context: CommandContext, database: StateDatabase?) {
        let now = Date()
        guard let status = try? database?.agentStatus() else {
            if Console.isTerminal { Console.out("agent: not running (`mcpdash agent` keeps tokens fresh; see docs/fleet.md)") }
            return
        }
        let line = "agent: " + status.summary(now: now)
        Console.isTerminal ? Console.out(line) : Console.error(line)
    }
}
