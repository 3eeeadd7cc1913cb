import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash rotate NAME`: replace a secret after proving the new value, or roll back.
struct RotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a server's stored secret: the new value (typed masked, or on stdin) is tried with a real call first; --rollback restores the previous one."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @Option(name: .long, help: "The secret to rotate (token, apiKey, apiKey.secondary, clientSecret, hmacSecret, signingKey, a header name); the method's main secret when omitted.")
    var field: SecretFieldName?

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @Flag(name: .long, help: "Put the previous value back.")
    var rollback = false

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            let report: SecretRotation.Report
            if rollback {
                report = try workspace.rollback(name, account: account, field: field?.text)
            } else {
                let (chosen, _) = try SecretRotation.field(of: try workspace.server(name), requested: field?.text)
                guard let value = MaskedInput.read(prompt: "new \(chosen) for \(name): ") else {
                    throw ValidationError("no new value was given (type it at the prompt, or pipe it on stdin)")
                }
                report = try await workspace.rotate(name, account: account, field: field?.text, newValue: value)
            }
            if json { return try Console.json(report) }
            Console.out(report.summary)
        }
    }
}
