import ArgumentParser
import MCPDashCore

/// `mcpdash whoami NAME`: who does the server think I am?
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Ask a server who it thinks you are, and show what your credential says."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument

    @Option(name: .long, help: "The identity tool to call.")
    var tool = WhoAmIRequest.defaultTool

    @OptionGroup var accountOption: AccountOption

    @Flag(name: .long, help: "Ask the server even when it judged this credential recently (5 min if accepted, 30 s if refused).")
    var fresh = false

    @OptionGroup var output: JSONOption

    @Flag(name: .long, help: "When the server answers 403 insufficient_scope, log in again for the scopes it asks for and retry (at most twice).")
    var stepUp = false

    @Option(name: .long, help: "Seconds a step-up login waits for the browser.")
    var timeout = WhoAmIRequest.defaultTimeout

    @Option(name: .long, help: ArgumentHelp("Ask N times in the same session (1–1000) and show the further answers' latency: the warm round trip. Always asks the server.", valueName: "N"))
    var `repeat` = 1

    /// Refuses a `--repeat` count outside 1…1000.
    func validate() throws {
        guard WhoAmIRequest.repeatRange.contains(`repeat`) else { throw ValidationError("--repeat takes a count from 1 to 1000, not \(`repeat`)") }
    }

    /// The request these arguments make.
    var request: WhoAmIRequest {
        WhoAmIRequest(name: serverName.name, tool: tool, account: accountOption.account, fresh: fresh, json: output.json, stepUp: stepUp,
                      timeout: timeout, repeats: `repeat`, settings: global.settings)
    }

    func run() async throws {
        try await request.run()
    }
}
