import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash secret set|rm NAME FIELD`: a server's static secrets in the secret store.
struct SecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Set or delete a server's secret in the keyring (the value is typed masked, or read from stdin).",
        subcommands: [SetSecret.self, RemoveSecret.self]
    )

    /// The arguments both subcommands take: which secret of which server, for which account.
    struct Target: ParsableArguments {
        @OptionGroup var global: GlobalOptions

        @OptionGroup var serverName: ServerArgument
        /// The server's name.
        var name: String { serverName.name }

        @Argument(help: "The secret's field: token, apiKey, clientSecret, hmacSecret, signingKey, header:NAME or a header name, env:NAME or a variable name.")
        var field: SecretFieldName

        @OptionGroup var accountOption: AccountOption
        /// The account asked for, nil for the active one.
        var account: String? { accountOption.account }

        @OptionGroup var output: JSONOption
        /// True to print JSON.
        var json: Bool { output.json }

        /// The config, the server, the state database (when it opens) and the account meant.
        func resolve(_ context: CommandContext) throws -> (MCPDashConfig, ServerConfig, StateDatabase?, String) {
            let config = try context.loadConfig()
            let server = try context.server(named: name, in: config)
            let database = try? context.database()
            let account = database.map { context.account(self.account, server: server, database: $0) } ?? (self.account ?? SecretAddress.defaultAccount)
            return (config, server, database, account)
        }

        /// Prints `report` as JSON or its line.
        func print(_ report: SecretEntry.Report) throws {
            if json { return try Console.json(report) }
            Console.out(report.summary)
        }
    }

    /// `mcpdash secret set NAME FIELD`.
    struct SetSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Store a secret of a server (token, apiKey, clientSecret, a header or env name…); a literal or ${VAR} in the config becomes \"keyring:\".",
            discussion: "Unlike rotate, the value is not tried first: use it for a first secret. Example: printf %s \"$TOKEN\" | mcpdash secret set gh token"
        )

        @OptionGroup var target: Target

        func run() throws {
            let context = CommandContext(target.global)
            try ExitStatus.reporting {
                let (config, server, database, account) = try target.resolve(context)
                let chosen = try SecretEntry.field(of: server, target.field.text)
                guard let value = MaskedInput.read(prompt: "\(chosen.field) for \(server.name): ") else {
                    throw ValidationError("no value was given (type it at the prompt, or pipe it on stdin)")
                }
                try target.print(try SecretEntry.set(value, field: chosen.field, of: server, account: account, config: config,
                                                     stores: context.stores, database: database))
            }
        }
    }

    /// `mcpdash secret rm NAME FIELD`.
    struct RemoveSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete a secret of a server from the keyring (and the previous value rotate kept)."
        )

        @OptionGroup var target: Target

        func run() throws {
            let context = CommandContext(target.global)
            try ExitStatus.reporting {
                let (config, server, database, account) = try target.resolve(context)
                let report = try SecretEntry.remove(field: target.field.text, of: server, account: account, config: config,
                                                    stores: context.stores, database: database)
                try target.print(report)
                if !report.existed { throw ExitCode(1) }
            }
        }
    }
}
