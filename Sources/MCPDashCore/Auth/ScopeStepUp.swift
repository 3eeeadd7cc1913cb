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
            if event.operation == "login", event.outcome == .success, event.account == nil || event.account == account { break }
            guard event.httpStatus == 403, let challenge = event.challenge else { continue }
            let bearer = WWWAuthenticateParser.parse(challenge).first(scheme: "Bearer")
            if bearer?.error == "insufficient_scope" {
                challenged = bearer?.scopes ?? []
                break
            }
        }
        guard !challenged.isEmpty else { return [] }
        let granted = (try? database.tokenMetadata(server: server, account: account))?.scopes?.split(separator: " ").map(String.init) ?? []
        return union(granted, challenged)
    }

    /// `first` followed by the members of `second` it lacks, in order.
    public static func union(_ first: [String], _ second: [String]) -> [String] {
        first + second.filter { !first.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
