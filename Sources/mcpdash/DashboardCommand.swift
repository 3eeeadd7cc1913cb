import ArgumentParser
import MCPDashCore

/// `mcpdash` (or `mcpdash dashboard`): the terminal dashboard; the server list when stdout is not a terminal.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the dashboard (what `mcpdash` alone does on a terminal; elsewhere it prints the list)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A theme name from themes/ (dark, light, high-contrast, monochrome) or a theme file's path.")
    var theme: String?

    @Flag(name: .long, help: "Leave the mouse to the terminal (for selecting text without Shift).")
    var noMouse = false

    /// The request these arguments make.
    var request: DashboardRequest { DashboardRequest(theme: theme, noMouse: noMouse, settings: global.settings) }

    func run() async throws {
        try await request.run()
    }
}

/// Why the dashboard could not start.
struct DashboardError: UserFacingError {
    let summary: String
    let hint: String?
}
