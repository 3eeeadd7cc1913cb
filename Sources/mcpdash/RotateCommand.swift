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

    @Argument(help: "The server's name.", completion: ServerNameCompletion.kind)
    var name: String

    @Option(name: .long, help: "The secret to rotate (token, apiKey, apiKey.secondary, clientSecret, hmacSecret, signingKey, a header name); the method's main secret when omitted.")
    var field: String?

    @Option(name: .long, help: "The named account; the active one when omitted.")
    var account: String?

    @Flag(name: .long, help: "Put the previous value back.")
    var rollback = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let config = try context.loadConfig()
            let server = try context.server(named: name, in: config)
            let database = try context.database()
            let report: SecretRotation.Report
            if rollback {
                report = try SecretRotation.rollback(server, config: config, stores: context.stores, database: database,
                                                     account: context.account(account, server: server, database: database), field: field)
            } else {
                let (chosen, _) = try SecretRotation.field(of: server, requested: field)
                guard let value = MaskedInput.read(prompt: "new \(chosen) for \(name): ") else {
                    throw ValidationError("no new value was given (type it at the prompt, or pipe it on stdin)")
                }
                report = try await SecretRotation.rotate(server, config: config, stores: context.stores, database: database,
                                                         account: context.account(self.account, server: server, database: database), field: field, newValue: value)
            }
            if json { return try Console.json(report) }
            if report.rolledBack {
                Console.out("\(report.server): \(report.field) rolled back to the previous value")
            } else {
                var line = "\(report.server): \(report.field) rotated; \(report.verifiedBy ?? "a real call") accepted the new value; the old one is kept for --rollback"
                if let age = report.previousAgeDays { line += " (it was \(age) days old)" }
                Console.out(line)
            }
        }
    }
}
