import ArgumentParser
import Foundation

/// The `mcpdash` command: the dashboard's CLI face over the shared core.
@main
struct MCPDash: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mcpdash",
        abstract: "A terminal dashboard for your MCP servers' connections and credentials.",
        discussion: """
            Every secret lives in the desktop keyring (libsecret); the file fallback is used \
            only when asked for. Exit codes: 0 ok, 1 a check or operation failed, 64 usage, \
            65 bad input data, 66 file not found, 69 secret store or server unavailable, 73 cannot \
            write, 76 protocol error, 77 refused or no credential, 78 invalid config.
            """,
        version: "mcpdash \(version)",
        subcommands: [DashboardCommand.self, ListCommand.self, StatusCommand.self, WhoAmICommand.self, DiagnoseCommand.self, EventsCommand.self,
                      LoginCommand.self, RefreshCommand.self, LogoutCommand.self, TokenCommand.self, HeadersCommand.self, RotateCommand.self,
                      AccountsCommand.self, ExecCommand.self, AgentCommand.self,
                      AddCommand.self, RemoveCommand.self, EditCommand.self, SecretCommand.self,
                      ImportCommand.self, DoctorCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    /// Starts mcpdash. SIGPIPE is ignored first: a stdio server that exits before we write to
    /// it must turn into an EPIPE error, not kill mcpdash. A bare `--version` is answered before
    /// the argument parser runs: its first parse costs more than everything else `--version`
    /// does (docs/benchmarks.md, "Start-up"); the text is the one the parser would print.
    /// `token`, `headers`, `whoami`, `login`, `list` and the dashboard in their plain forms are read without it (`FastPath`).
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"] {
            print(configuration.version)
            return
        }
        if let request = FastPath.request(for: arguments) {
            do { try await request.run() } catch { exit(withError: error) }
            return
        }
        await main(nil)
    }
}
