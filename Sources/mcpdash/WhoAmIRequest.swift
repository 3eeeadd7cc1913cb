import Foundation
import MCPDashCore

/// What `whoami` was asked to do, however its arguments were parsed (`WhoAmICommand` or `FastPath`).
struct WhoAmIRequest: Equatable {
    /// The identity tool called when `--tool` is not given.
    static let defaultTool = "whoami"
    /// The seconds a step-up login waits for the browser when `--timeout` is not given.
    static let defaultTimeout = 300
    /// The counts `--repeat` takes.
    static let repeatRange = 1...1000

    /// The server's name.
    var name: String
    /// The identity tool to call.
    var tool = Self.defaultTool
    /// The account asked for, nil for the active one.
    var account: String?
    /// Ask the server even when it judged this credential recently.
    var fresh = false
    /// Print JSON.
    var json = false
    /// Log in again for the scopes an `insufficient_scope` refusal asks for, and retry.
    var stepUp = false
    /// Seconds a step-up login waits for the browser.
    var timeout = Self.defaultTimeout
    /// How many times to ask in the same session.
    var repeats = 1
    /// The global options.
    var settings: GlobalSettings

    /// Asks the server and prints what it says, or reports why not.
    func run() async throws {
        let context = CommandContext(settings)
        try await ExitStatus.reporting {
            let workspace = try context.workspace(preparingSecretsOf: name, session: false)
            CommandContext.keepOpen(workspace)
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
            // One decimal, as "%.1f" prints it, without String(format:)'s CVarArg casts.
            let milliseconds = { (value: Double) -> String in
                let tenths = Int((max(0, value) * 10).rounded())
                return "\(tenths / 10).\(tenths % 10)"
            }
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

    /// Runs whoami; with `stepUp`, an `insufficient_scope` refusal starts a login for the
    /// scopes the server asks for, and whoami runs again (`ScopeStepUp.retrying` bounds it).
    private func identify(_ server: ServerConfig, in workspace: Workspace) async throws -> WhoAmIReport {
        let call = { [tool, fresh, account, repeats] in
            try await workspace.whoami(server.name, account: account, tool: tool, useCache: !fresh, repeats: repeats)
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
            _ = try await workspace.login(server.name, account: resolved, options: options, progress: { LoginRequest.show($0) })
        }
    }
}
