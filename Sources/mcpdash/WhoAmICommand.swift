import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash whoami NAME`: who does the server think I am?
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Ask a server who it thinks you are, and show what your credential says."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @Option(name: .long, help: "The identity tool to call.")
    var tool = "whoami"

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @Flag(name: .long, help: "Ask the server even when it judged this credential recently (5 min if accepted, 30 s if refused).")
    var fresh = false

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    @Flag(name: .long, help: "When the server answers 403 insufficient_scope, log in again for the scopes it asks for and retry (at most twice).")
    var stepUp = false

    @Option(name: .long, help: "Seconds a step-up login waits for the browser.")
    var timeout = 300

    @Option(name: .long, help: ArgumentHelp("Ask N times in the same session (1–1000) and show the further answers' latency: the warm round trip. Always asks the server.", valueName: "N"))
    var `repeat` = 1

    /// Refuses a `--repeat` count outside 1…1000.
    func validate() throws {
        guard (1...1000).contains(`repeat`) else { throw ValidationError("--repeat takes a count from 1 to 1000, not \(`repeat`)") }
    }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            let report = try await identify(try workspace.server(name), in: workspace)
            if json { return try Console.json(report) }
            Console.out("server    \(report.server)  \(report.endpoint)  (\(report.serverInfo), protocol \(report.protocolVersion))")
            Console.out("auth      \(report.authMethod)")
            if let identity = report.identity {
                Console.out("identity  \(identity)  (from the \(report.identityTool ?? tool) tool)")
            } else {
                Console.out("identity  the server has no \(tool) tool (\(report.toolCount ?? 0) tools listed)")
            }
            if let claims = report.claims {
                var parts = [claims.subject.map { "sub \($0)" }, claims.issuer.map { "iss \($0)" },
                             claims.audience.isEmpty ? nil : "aud \(claims.audience.joined(separator: ","))",
                             claims.scopes.isEmpty ? nil : "scope \(claims.scopes.joined(separator: " "))"].compactMap { $0 }
                if let expiry = claims.expiresAt { parts.append(ExpiryText.describe(expiry)) }
                Console.out("token     \(parts.joined(separator: ", "))")
                if claims.audienceMismatch {
                    Console.out("          warning: aud does not name this server (\(report.endpoint)); a strict server will refuse it")
                }
            }
            if report.usedSecondaryKey {
                Console.out("key       the primary key was refused; the secondary was accepted (mcpdash rotate \(report.server))")
            }
            let milliseconds = { (value: Double) in String(format: "%.1f", value) }
            var latency = "latency   \(milliseconds(report.latencyMilliseconds)) ms"
            if let median = report.repeatedMedianMilliseconds, let latencies = report.repeatedLatenciesMilliseconds {
                latency += ", then \(milliseconds(median)) ms (median of \(latencies.count) more in the session, "
                    + "\(milliseconds(latencies.min() ?? 0))–\(milliseconds(latencies.max() ?? 0)) ms)"
            }
            Console.out(latency)
            if let cachedAt = report.cachedAt {
                Console.out("cached    the server's verdict from \(Int(Date().timeIntervalSince(cachedAt))) s ago (--fresh asks again)")
            }
        }
    }
}

extension WhoAmICommand {
    /// Runs whoami; with `--step-up`, an `insufficient_scope` refusal starts a login for the
    /// scopes the server asks for, and whoami runs again (`ScopeStepUp.retrying` bounds it).
    private func identify(_ server: ServerConfig, in workspace: Workspace) async throws -> WhoAmIReport {
        let call = { [tool, fresh, account, `repeat`] in
            try await workspace.whoami(server.name, account: account, tool: tool, useCache: !fresh, repeats: `repeat`)
        }
        guard let database = workspace.database, server.auth.usesTokenEndpoint else { return try await call() }
        let resolved = workspace.account(account, of: server.name)
        guard stepUp else {
            do {
                return try await call()
            } catch let error as MCPTransportError {
                guard let scopes = ScopeStepUp.insufficientScope(error), !scopes.isEmpty else { throw error }
                throw MCPTransportError(error.kind, server: error.server, url: error.url, challenges: error.challenges, serverDate: error.serverDate,
                                        message: "\(error.message) (the server needs scope \(scopes.joined(separator: " ")))",
                                        remedy: "mcpdash whoami \(server.name) --step-up logs in for it and asks again (or: mcpdash login \(server.name))")
            }
        }
        let options = LoginOptions(timeout: .seconds(timeout), environment: workspace.environment)
        return try await ScopeStepUp.retrying(server: server.name, account: resolved, operation: .whoami, database: database, call) { scopes in
            Console.error("the server needs more scope; logging in for \(scopes.joined(separator: " "))")
            _ = try await workspace.login(server.name, account: resolved, options: options, progress: { LoginCommand.show($0) })
        }
    }
}
