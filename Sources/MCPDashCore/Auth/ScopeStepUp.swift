import Foundation

/// Step-up authorization (MCP spec; RFC 6750 `insufficient_scope`): after a server answered 403
/// asking for more scope, the next login asks for the union of what the session had and what
/// the server challenged. The operator starts each login, so step-up never loops on its own.
public enum ScopeStepUp {
    /// The scopes to add to a login of `server`/`account`: the granted ones of the current session
    /// plus those of the latest `insufficient_scope` challenge since the last successful login.
    public static func additionalScopes(server: String, account: String, database: StateDatabase) -> [String] {
        var challenged: [String] = []
        for event in (try? database.events(server: server, limit: 500)) ?? [] {
            if event.operation == .login, event.outcome == .success, event.account == nil || event.account == account { break }
            guard event.httpStatus == 403, let challenge = event.challenge else { continue }
            let bearer = WWWAuthenticateParser.parse(challenge).first(scheme: "Bearer")
            if bearer?.error == "insufficient_scope" {
                challenged = bearer?.scopes ?? []
                break
            }
        }
        guard !challenged.isEmpty else { return [] }
        let granted = (try? database.tokenMetadata(server: server, account: account))?.scopes?.split(separator: " " as Character).map(String.init) ?? []
        return union(granted, challenged)
    }

    /// How many step-up logins one operation may start before it gives up (the MCP spec asks
    /// for a bound; the conformance suite allows three authorization requests in all).
    public static let attemptLimit = 2

    /// The scopes of a 403 `insufficient_scope` challenge in `error`; nil for any other failure.
    public static func insufficientScope(_ error: MCPTransportError) -> [String]? {
        insufficientScope(status: error.httpStatus, challenges: error.challenges)
    }

    /// The scopes of a 403 `insufficient_scope` among `challenges`; nil for any other answer.
    public static func insufficientScope(status: Int?, challenges raw: [String]) -> [String]? {
        guard status == 403 else { return nil }
        let challenges = WWWAuthenticateParser.parse(raw)
        let challenge = challenges.first(scheme: "Bearer") ?? challenges.first(scheme: "DPoP")
        guard challenge?.error == "insufficient_scope" else { return nil }
        return challenge?.scopes ?? []
    }

    /// Runs `operation`; after a 403 `insufficient_scope` asking for scopes the session lacks, runs
    /// `reauthorize` (a login, which asks for the union of granted and challenged scopes) and
    /// runs `operation` again — at most `limit` times, and never for scopes it already asked for,
    /// so a server that keeps refusing cannot start a loop of logins. Each step is journaled.
    public static func retrying<T: Sendable>(server: String, account: String, operation name: OperationKind, database: StateDatabase,
                                             limit: Int = attemptLimit, _ operation: () async throws -> T,
                                             reauthorize: (_ scopes: [String]) async throws -> Void) async throws -> T {
        var asked: Set<String> = []
        var attempts = 0
        while true {
            do {
                return try await operation()
            } catch let error as MCPTransportError {
                guard let challenged = insufficientScope(error) else { throw error }
                let granted = (try? database.tokenMetadata(server: server, account: account))?.scopes?.split(separator: " " as Character).map(String.init) ?? []
                let missing = challenged.filter { !granted.contains($0) && !asked.contains($0) }
                guard attempts < limit, !missing.isEmpty, !challenged.isEmpty else {
                    let reason = challenged.isEmpty ? "names no scope" : missing.isEmpty ? "still asks for \(challenged.joined(separator: " ")), which the last login requested"
                        : "still refuses after \(attempts) step-up login\(attempts == 1 ? "" : "s")"
                    _ = try? database.append(JournalEvent(server: server, account: account, operation: .stepUp, outcome: .failure, httpStatus: 403,
                                                          challenge: error.challenges.first, message: "\(name): the server \(reason); mcpdash stopped"))
                    throw MCPTransportError(error.kind, server: error.server, url: error.url, challenges: error.challenges, serverDate: error.serverDate,
                                            message: "\(error.message) (insufficient_scope: the server \(reason); mcpdash did not log in again)",
                                            remedy: "the account may lack the permission: mcpdash diagnose \(server) shows the challenge")
                }
                attempts += 1
                asked.formUnion(challenged)
                let scopes = union(granted, challenged)
                _ = try? database.append(JournalEvent(server: server, account: account, operation: .stepUp, outcome: .info, httpStatus: 403,
                                                      challenge: error.challenges.first,
                                                      message: "\(name) needs scope \(missing.joined(separator: " ")); logging in for \(scopes.joined(separator: " ")) (attempt \(attempts) of \(limit))"))
                try await reauthorize(scopes)
            }
        }
    }

    /// `first` followed by the members of `second` it lacks, in order.
    public static func union(_ first: [String], _ second: [String]) -> [String] {
        first + second.filter { !first.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
