import Foundation

/// Judges the facts triage gathered: runs the checks, then picks the verdict and the fix from a
/// table in the order of causes. Pure: no I/O, no clock of its own.
enum TriageJudge {
    /// The report for `facts`.
    static func judge(_ facts: TriageFacts) -> TriageReport {
        let checks = self.checks(facts)
        let (verdict, fix) = verdictAndFix(facts, checks: checks)
        return TriageReport(server: facts.server.name, authMethod: facts.server.authLabel, probe: facts.probe,
                            challenges: facts.challenges.challenges, headerProblems: facts.challenges.problems,
                            discovery: facts.discovery.steps, checks: checks.items, verdict: verdict, remedy: fix)
    }

    // MARK: - The checks

    static func checks(_ facts: TriageFacts) -> CheckList {
        var checks = CheckList()
        let parsed = facts.challenges
        let server = facts.server
        if let error = facts.credentialError {
            checks.fail(.credentialUnavailable, "the configured credential cannot be produced: \(error)")
        }
        // The server's clock: tokens are judged by it when the two disagree.
        let serverNow = facts.probe.serverDate.flatMap(Triage.parseHTTPDate)
        let skew = serverNow.map { facts.now.timeIntervalSince($0) }
        var reference = facts.now
        if let skew, let serverNow, abs(skew) > Triage.skewTolerance {
            checks.warn(.clockSkew, "this machine's clock is \(ExpiryText.duration(Int(skew))) \(skew > 0 ? "ahead of" : "behind") the server's (Date: \(facts.probe.serverDate ?? ""))")
            reference = serverNow
        } else if skew != nil {
            checks.pass(.clockSkew, "clocks agree within \(Int(Triage.skewTolerance)) s")
        }
        checkHeader(facts, checks: &checks)
        if case .none = server.auth, facts.refused, server.secretFields.isEmpty {
            checks.fail(.serverWantsAuth, "the server answers \(facts.probe.status ?? 0) but the config has no auth for it")
        }
        if let reason = facts.stored?.loginRequired {
            checks.fail(.loginRequired, "the authorization server no longer honours the session: \(reason)")
        }
        if let failure = facts.lastGrantFailure, failure.message.contains("invalid_client") {
            checks.fail(.staleRegistration, "the authorization server no longer knows this client (\(failure.operation) failed with invalid_client)")
        }
        let claims = facts.claims
        if let expiry = claims?.expiresAt ?? facts.stored?.expiresAt {
            if expiry <= reference {
                checks.fail(.tokenExpired, "the token \(ExpiryText.describe(expiry, now: reference))" + (claims?.expiresAt != nil ? " (JWT exp)" : " (stored expiry)"))
            } else {
                checks.pass(.tokenExpired, "the token \(ExpiryText.describe(expiry, now: reference))")
            }
        }
        let endpoint = server.transport.endpoint?.url ?? ""
        if let claims, !claims.audience.isEmpty {
            let resource = facts.discovery.resource ?? endpoint
            if claims.audienceNamesServer(resource: facts.discovery.resource, endpoint: endpoint) {
                checks.pass(.audience, "aud names this server")
            } else {
                checks.fail(.audienceMismatch, "aud is \(claims.audience.joined(separator: ", ")) but this server is \(resource)")
            }
        }
        if let issuer = claims?.issuer, !facts.discovery.authorizationServers.isEmpty {
            if facts.discovery.authorizationServers.contains(issuer) {
                checks.pass(.issuer, "iss \(issuer) is an authorization server of this resource")
            } else {
                checks.fail(.issuerMismatch, "iss is \(issuer) but the server trusts \(facts.discovery.authorizationServers.joined(separator: ", "))")
            }
        }
        for issuer in facts.discovery.issuerMismatches {
            checks.fail(.metadataIssuerMismatch, "the metadata of \(issuer) names another issuer; a client must refuse it")
        }
        let challenged = Set(parsed.challenges.filter { $0.isScheme("Bearer") }.flatMap(\.scopes))
        if let granted = claims.map({ Set($0.scopes) }) ?? facts.stored?.scopes.map({ Set($0.split(separator: " " as Character).map(String.init)) }), !challenged.isEmpty {
            let missing = challenged.subtracting(granted)
            if missing.isEmpty {
                checks.pass(.scope, "the token has the challenged scopes")
            } else {
                checks.fail(.scopeMissing, "the server wants \(missing.sorted().joined(separator: " ")), the token has \(granted.sorted().joined(separator: " "))")
            }
        }
        if facts.refused, facts.sendsCredential, !checks.hasFailure, parsed.problems.isEmpty {
            checks.fail(.rejectedThoughValid, "the server refuses a credential that looks valid here (revoked, or signed by a key it does not trust)")
        }
        return checks
    }

    private static func checkHeader(_ facts: TriageFacts, checks: inout CheckList) {
        let parsed = facts.challenges
        if !parsed.problems.isEmpty {
            checks.fail(.headerMalformed, "the WWW-Authenticate header is malformed: \(parsed.problems.joined(separator: "; "))")
        } else if facts.refused, parsed.challenges.isEmpty {
            checks.warn(.headerMissing, "the server refuses without a WWW-Authenticate challenge (RFC 9110 §15.5.2 requires one on 401)")
        }
        guard facts.refused, facts.sendsCredential, let authorization = facts.authorization, !parsed.challenges.isEmpty else {
            if facts.refused, !facts.sendsCredential { checks.fail(.noCredentialSent, "no credential was sent") }
            return
        }
        let parts = authorization.split(separator: " " as Character)
        let scheme = parts.count > 1 ? String(parts[0]) : ""
        if scheme.isEmpty {
            checks.warn(.scheme, "the Authorization header carries a raw token with no scheme; the server challenges \(parsed.challenges.map(\.scheme).joined(separator: ", "))")
        } else if !parsed.challenges.contains(where: { $0.isScheme(scheme) }) {
            checks.fail(.wrongScheme, "the credential is sent as \(scheme) but the server challenges \(parsed.challenges.map(\.scheme).joined(separator: ", "))")
        }
    }

    // MARK: - The verdict

    /// One cause: the failing check that reveals it, and the sentence and fix it leads to.
    struct Cause: Sendable {
        let check: CheckID
        let verdict: @Sendable (_ name: String, _ facts: TriageFacts, _ check: TriageReport.Check) -> (String, TriageFix?)
    }

    /// The causes, most fundamental first: the first whose check failed decides.
    static let causes: [Cause] = [
        Cause(check: .credentialUnavailable) { name, facts, check in
            ("\(name) has no usable credential: \(check.detail.replacingOccurrences(of: "the configured credential cannot be produced: ", with: "")).",
             replacement(facts.server))
        },
        Cause(check: .staleRegistration) { name, _, _ in
            ("\(name)'s client registration is stale: its authorization server no longer knows the client id.", .forgetRegistrationThenLogin)
        },
        Cause(check: .loginRequired) { name, _, _ in
            ("\(name)'s session has ended at the authorization server (the refresh token was refused).", .login)
        },
        Cause(check: .serverWantsAuth) { name, _, _ in
            ("\(name) requires authorization but its config sends none.",
             .editConfig("add an auth method to \(name) in the config (docs/configuration.md), then `mcpdash login \(name)`"))
        },
        Cause(check: .noCredentialSent) { name, facts, _ in
            ("\(name) refused a request that carried no credential.", replacement(facts.server))
        },
        Cause(check: .tokenExpired) { name, facts, _ in
            ("The token for \(name) has expired.", facts.server.auth.usesTokenEndpoint ? .refresh : replacement(facts.server))
        },
        Cause(check: .metadataIssuerMismatch) { name, _, _ in
            ("\(name)'s authorization server publishes metadata for another issuer, so no client may trust it.", .reportToOperator)
        },
        Cause(check: .audienceMismatch) { name, facts, _ in
            ("The token for \(name) was issued for another resource (wrong aud).", replacement(facts.server))
        },
        Cause(check: .issuerMismatch) { name, facts, _ in
            ("The token for \(name) comes from an issuer this server does not trust.", replacement(facts.server))
        },
        Cause(check: .scopeMissing) { name, facts, _ in
            let challenged = facts.challenges.challenges.filter { $0.isScheme("Bearer") }.flatMap(\.scopes)
            return ("The token for \(name) lacks scopes the server asks for.",
                    facts.server.auth.usesTokenEndpoint ? .stepUp(scopes: challenged) : replacement(facts.server))
        },
        Cause(check: .wrongScheme) { name, _, _ in
            ("\(name) expects another authorization scheme than the one configured.", .editConfig("set auth.scheme for \(name) in the config"))
        },
        Cause(check: .headerMalformed) { name, _, _ in
            ("\(name) answers with a malformed WWW-Authenticate header.", .reportToOperator)
        },
        Cause(check: .rejectedThoughValid) { name, facts, _ in
            ("\(name) refuses a token that looks valid here: it was probably revoked.",
             facts.server.auth.usesTokenEndpoint ? .forgetTokensThenLogin : replacement(facts.server))
        },
    ]

    /// How a credential that cannot be used is replaced: a login, the variable it comes from, or a rotation.
    static func replacement(_ server: ServerConfig) -> TriageFix {
        if server.auth.usesTokenEndpoint { return .login }
        if let source = server.auth.secretFields.first?.source, case .environment(let template) = source { return .setVariable(template: template) }
        return .rotate
    }

    static func verdictAndFix(_ facts: TriageFacts, checks: CheckList) -> (String, TriageFix?) {
        let name = facts.server.name
        for cause in causes {
            if let check = checks.failure(cause.check) { return cause.verdict(name, facts, check) }
        }
        if let error = facts.probe.error { return ("\(name) could not be reached: \(error).", .checkStatus) }
        if facts.refused { return ("\(name) refuses the request (HTTP \(facts.probe.status ?? 0)) for a reason the checks do not explain.", .readEvents) }
        if checks.hasWarning { return ("\(name) accepts the credential, with warnings.", nil) }
        return ("\(name) accepts the credential (HTTP \(facts.probe.status ?? 0)).", nil)
    }
}
