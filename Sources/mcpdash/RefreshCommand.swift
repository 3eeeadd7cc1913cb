import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash refresh NAME|--all`: renew tokens now, under the cross-process lock.
struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh a server's token now (or every server's with --all)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The server's name.", completion: ServerNameCompletion.kind)
    var name: String?

    @Flag(name: .long, help: "Refresh every server whose method has expiring tokens.")
    var all = false

    @Option(name: .customLong("tag"), help: "With --all: only servers with this tag (repeat it for any of several).")
    var tags: [String] = []

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func validate() throws {
        guard (name == nil) != !all else { throw ValidationError("name a server or pass --all") }
        guard all || tags.isEmpty else { throw ValidationError("--tag selects among --all") }
    }

    func run() async throws {
        let context = CommandContext(global)
        var failed = false
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            _ = try workspace.requireDatabase()
            if let name {
                let report = try await workspace.refresh(name, account: account)
                if json { return try Console.json(report) }
                return Console.out(report.summary)
            }
            var reports: [LoginReport] = []
            for (_, outcome) in await workspace.refreshAll(tags: tags, account: account) {
                switch outcome {
                case .success(let report):
                    reports.append(report)
                    if !json { Console.out(report.summary) }
                case .failure(let error as any UserFacingError):
                    failed = true
                    Console.error("mcpdash: error: \(error.summary)")
                    if let hint = error.hint { Console.error("  hint: \(hint)") }
                case .failure(let error):
                    throw error
                }
            }
            if json { try Console.json(reports) }
        }
        if failed { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
