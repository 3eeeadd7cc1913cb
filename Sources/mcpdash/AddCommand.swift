import ArgumentParser
import Foundation
import MCP
import MCPDashCore

/// `mcpdash add NAME URL` or `mcpdash add NAME -- COMMAND ARGS…`: configures a server.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a server to the config: its URL (or command after --), auth method and fields; secrets are asked for, masked, and go straight to the keyring.",
        discussion: """
            Without a terminal a secret is not asked for: the entry refers to the keyring and \
            `mcpdash secret set NAME FIELD` fills it later. A secret's value is never taken \
            on the command line. The config keeps its comments and layout. Examples: \
            mcpdash add gh https://api.githubcopilot.com/mcp/ --auth oauth; \
            mcpdash add eka https://mcp.eka.care/mcp --auth clientCredentials --client-id ID; \
            mcpdash add files --secret-env API_TOKEN -- npx -y my-server /tmp
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The server's name.")
    var name: String

    @Argument(help: "The server's URL (leave it out for a stdio server's command after --).")
    var url: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("A stdio server's command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    @Flag(name: .long, help: "The URL speaks the older HTTP+SSE transport.")
    var sse = false

    @Option(name: .long, help: ArgumentHelp("The auth method: \(AuthConfig.methodNames.joined(separator: ", ")).", valueName: "method"),
            completion: .list(AuthConfig.methodNames))
    var auth: String?

    @Option(name: .long, help: ArgumentHelp("The OAuth client id.", valueName: "id"))
    var clientId: String?

    @Option(name: .long, help: ArgumentHelp("A scope to ask for (repeat for more).", valueName: "scope"))
    var scope: [String] = []

    @Option(name: .long, help: ArgumentHelp("The authorization server's issuer URL.", valueName: "url"))
    var issuer: String?

    @Option(name: .long, help: ArgumentHelp("The token endpoint URL.", valueName: "url"))
    var tokenUrl: String?

    @Option(name: .long, help: ArgumentHelp("The header a bearer token or API key goes in.", valueName: "name"))
    var authHeader: String?

    @Option(name: .long, help: ArgumentHelp("Any other auth field, as KEY=VALUE (VALUE may be JSON).", valueName: "key=value"))
    var authField: [String] = []

    @Option(name: .long, help: ArgumentHelp("Keep this auth field in the keyring too, e.g. clientSecret for a confidential OAuth client.", valueName: "key"))
    var secret: [String] = []

    @Option(name: .long, help: ArgumentHelp("An HTTP header, as 'Name: value' (a value may be ${VAR}).", valueName: "header"))
    var header: [String] = []

    @Option(name: .long, help: ArgumentHelp("An HTTP header whose value is a secret, kept in the keyring.", valueName: "name"))
    var secretHeader: [String] = []

    @Option(name: .long, help: ArgumentHelp("A stdio server's environment variable, as NAME=VALUE.", valueName: "name=value"))
    var env: [String] = []

    @Option(name: .long, help: ArgumentHelp("A stdio server's environment variable whose value is a secret, kept in the keyring.", valueName: "name"))
    var secretEnv: [String] = []

    @Option(name: .long, help: ArgumentHelp("A tag (repeat for more).", valueName: "tag"))
    var tag: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where its secrets live: keyring or file.", valueName: "storage"))
    var storage: String?

    @Flag(name: .long, help: "Replace a server of the same name.")
    var force = false

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func validate() throws {
        if url == nil, command.isEmpty {
            throw ValidationError("give the server's URL, or its command after --: mcpdash add \(name) https://host/mcp, mcpdash add \(name) -- npx my-server")
        }
        if url != nil, !command.isEmpty { throw ValidationError("give a URL or a command after --, not both") }
        if !command.isEmpty, sse { throw ValidationError("--sse is for a URL, not a command") }
        if let storage, StorageKind(rawValue: storage) == nil || storage == StorageKind.memory.rawValue {
            throw ValidationError("--storage is keyring or file, not \(storage)")
        }
    }

    func run() throws {
        let context = CommandContext(global)
        try ExitStatus.reporting {
            var request = try self.request()
            let path = context.configLocation.path
            let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
            var plan: ServerAddition.Plan
            while true {
                do {
                    plan = try ServerAddition.plan(request, configPath: path, environment: context.environment)
                    break
                } catch ConfigEditError.invalidEntry(.invalidField(_, _, let field, let message)) where interactive && message.hasPrefix("missing") {
                    // Ask for a missing plain field of the method, then try again.
                    let key = String(field.dropFirst("auth.".count))
                    guard field.hasPrefix("auth."), !key.contains("."),
                          let answer = TerminalPrompt.ask("\(key) (\(message.dropFirst("missing: ".count))): "), !answer.isEmpty else {
                        throw ConfigEditError.invalidEntry(.invalidField(file: path, server: name, field: field, message: message))
                    }
                    request.authFields[key] = Self.optionValue(answer)
                }
            }
            var values: [String: String] = [:]
            if interactive {
                for field in plan.secretFields {
                    if let value = MaskedInput.read(prompt: "\(field) for \(name) (hidden; Enter to set it later): ") { values[field] = value }
                }
            }
            let database = try? context.database()
            let report = try ServerAddition.apply(plan, values: values, configPath: path, stores: context.stores, database: database)
            if json { return try Console.json(report) }
            for line in report.lines { Console.out(line) }
        }
    }

    /// The request the options describe.
    private func request() throws -> ServerAddition.Request {
        var fields: [String: Value] = [:]
        if let clientId { fields["clientId"] = .string(clientId) }
        if !scope.isEmpty { fields["scopes"] = .array(scope.map(Value.string)) }
        if let issuer { fields["issuer"] = .string(issuer) }
        if let tokenUrl { fields["tokenURL"] = .string(tokenUrl) }
        if let authHeader { fields["header"] = .string(authHeader) }
        for pair in authField {
            let (key, value) = try Self.split(pair, on: "=", option: "--auth-field", shape: "KEY=VALUE")
            fields[key] = Self.optionValue(value)
        }
        var headers: [String: String] = [:]
        for line in header {
            let (key, value) = try Self.split(line, on: ":", option: "--header", shape: "'Name: value'")
            headers[key] = value
        }
        var variables: [String: String] = [:]
        for pair in env {
            let (key, value) = try Self.split(pair, on: "=", option: "--env", shape: "NAME=VALUE")
            variables[key] = value
        }
        return ServerAddition.Request(
            name: name, target: command.isEmpty ? .url(url ?? "", sse: sse) : .command(command),
            method: auth ?? (fields.isEmpty && secret.isEmpty ? nil : "oauth"), authFields: fields, extraSecrets: secret,
            headers: headers, secretHeaders: secretHeader, env: variables, secretEnv: secretEnv,
            tags: tag, storage: storage.flatMap(StorageKind.init(rawValue:)), force: force)
    }

    private static func split(_ text: String, on separator: Character, option: String, shape: String) throws -> (String, String) {
        guard let index = text.firstIndex(of: separator) else { throw ValidationError("\(option) takes \(shape), not \(text)") }
        let key = text[..<index].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw ValidationError("\(option) takes \(shape), not \(text)") }
        return (key, text[text.index(after: index)...].trimmingCharacters(in: .whitespaces))
    }

    /// An option's value: JSON when it reads as a number, boolean, list or object, else the text itself.
    static func optionValue(_ text: String) -> Value {
        guard let first = text.first, "[{-0123456789tfn".contains(first),
              let value = try? LenientJSON.parseValue(Data(text.utf8)) else { return .string(text) }
        return value
    }
}
