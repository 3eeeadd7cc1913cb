import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash exec NAME -- COMMAND…`: runs a command with a server's credentials in its environment.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with a server's credentials in its environment (for another client's stdio server, or a script).",
        discussion: """
            A stdio server's own env (its keyring: and ${VAR} secrets resolved); for an HTTP or SSE \
            server MCP_SERVER_URL, MCP_HEADERS (JSON) and MCP_ACCESS_TOKEN for a bearer token. \
            MCPDASH_SERVER names the server. The command replaces mcpdash (same pid, stdin and \
            stdout), so its exit status is the command's. Example: mcpdash exec files -- npx \
            @modelcontextprotocol/server-filesystem /tmp
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("name the command to run after --, e.g. mcpdash exec \(name) -- npx my-server") }
    }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            let variables = try await ExecEnvironment.variables(for: try workspace.server(name), broker: try workspace.broker(name, account: account))
            for (key, value) in variables { setenv(key, value, 1) }
            let arguments = command.map { strdup($0) } + [nil]
            execvp(command[0], arguments)
            let reason = String(cString: strerror(errno))
            Console.error("error: cannot run \(command[0]): \(reason)")
            throw ExitCode(errno == ENOENT ? 127 : 126)
        }
    }
}
