import Foundation
import MCPDashCore

/// The detail pane of the selected server: endpoint, issuer, client, scopes, token, last check, recent errors.
enum DetailPaneView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard let server = state.selected else { return }
        var lines: [PaneWidget.Line] = []
        func add(_ key: String, _ value: String, _ role: ThemeRole = .body) {
            lines.append([(DisplayWidth.pad(key, to: 13), .muted), (value, role)])
        }
        let status = state.status(of: server)
        add("status", status.word, status.role)
        if let error = server.summary.error {
            add("config error", error, .danger)
            PaneWidget(title: server.name, lines: lines, scroll: state.scroll, unicode: state.unicode).render(into: &buffer, area: area)
            return
        }
        add("endpoint", server.summary.endpoint)
        add("auth", "\(server.summary.auth) · secrets in \(server.summary.storage)")
        add("account", server.account + (server.session?.subject.map { " (\($0))" } ?? ""))
        if let session = server.session {
            if let issuer = session.issuer { add("issuer", issuer) }
            if let registration = server.registration {
                let kind = switch registration.kind {
                case .preRegistered: "pre-registered"
                case .metadataDocument: "client metadata document"
                case .dynamic: "dynamic registration"
                }
                add("client", "\(kind) · \(registration.clientId)")
            } else if let client = session.clientId {
                add("client", client)
            }
            add("scopes", session.scopes ?? "—")
            if let expiry = session.expiresAt {
                add("token", "\(ExpiryText.describe(expiry, now: state.now)) · obtained \(ago(session.obtainedAt, state.now))",
                    expiry <= state.now ? .danger : .body)
            }
            if let refreshed = session.refreshObtainedAt {
                add("refresh", "refresh token \(ago(refreshed, state.now)) old · rotated \(session.rotationCount)×")
            }
            if let reason = session.loginRequired { add("login", "required: \(reason)", .warning) }
        } else if let lifetime = server.mintedLifetimeSeconds {
            add("token", "minted and signed for each request · lives \(Countdown.short(lifetime))")
        } else if server.hasExpiringToken {
            add("token", "none stored: l logs in", .warning)
        }
        if let expiry = server.registration?.clientSecretExpiresAt {
            add("client secret", "registered · \(ExpiryText.describe(expiry, now: state.now))", expiry <= state.now ? .danger : .body)
        }
        for secret in server.secrets.sorted(by: { $0.field < $1.field }) {
            let (text, role) = secretLine(secret, server: server, now: state.now)
            add("secret", text, role)
        }
        if let report = state.whoami[server.name] {
            add("whoami", (report.identity.map { Reducer.identityLine($0) } ?? "no whoami tool") + " · \(Int(report.latencyMilliseconds)) ms")
            if let claims = report.claims {
                add("claims", [claims.subject.map { "sub \($0)" }, claims.audience.isEmpty ? nil : "aud \(claims.audience.joined(separator: ","))",
                               claims.scopes.isEmpty ? nil : "scope \(claims.scopes.joined(separator: " "))"].compactMap { $0 }.joined(separator: " · "),
                    claims.audienceMismatch ? .warning : .body)
            }
        } else if let check = server.lastCheck {
            add("last check", "\(check.operation) \(check.outcome.rawValue) \(ago(check.time, state.now)) ago: \(check.message)",
                check.outcome == .failure ? .danger : .body)
        }
        if let revealed = state.revealed, revealed.server == server.name { add("token value", revealed.value, .accent) }
        let loaded = state.eventsServer == server.name ? state.events.filter { $0.outcome == .failure }.prefix(5) : []
        let recentFailures = loaded.isEmpty ? (server.lastFailure.map { [$0] } ?? []) : Array(loaded)
        if !recentFailures.isEmpty {
            lines.append([("recent errors", .header)])
            for failure in recentFailures {
                let status = failure.httpStatus.map { "HTTP \($0) " } ?? ""
                lines.append([("  \(ago(failure.time, state.now)) ago ", .muted), ("\(failure.operation) \(status)", .danger), (failure.message, .body)])
                if let challenge = failure.challenge { lines.append([("    challenge: ", .muted), (decoded(challenge), .accent)]) }
            }
        }
        PaneWidget(title: server.name, lines: lines, scroll: state.scroll, unicode: state.unicode).render(into: &buffer, area: area)
    }

    /// One secret's age (and a static JWT's expiry): `token: stored 12d ago · expires in 3h02m`.
    static func secretLine(_ secret: SecretChange, server: ServerOverview, now: Date) -> (String, ThemeRole) {
        let days = secret.ageDays(now: now)
        var text = "\(secret.field): " + (secret.firstSeen ? "first seen" : "stored") + " \(days)d ago"
        var role = ThemeRole.body
        if days > server.rotationPolicyDays {
            text += " · past the \(server.rotationPolicyDays)-day rotation policy" + (server.rotatableField == secret.field ? ": R rotates" : "")
            role = .warning
        }
        if let expiry = secret.expiresAt {
            text += " · JWT " + ExpiryText.describe(expiry, now: now)
            if expiry <= now { role = .danger }
        }
        return (text, role)
    }

    /// A challenge as readable parameters: `Bearer: error invalid_token · scope mcp:read`.
    static func decoded(_ challenge: String) -> String {
        WWWAuthenticateParser.parse(challenge).challenges.map { item in
            item.scheme + (item.parameters.isEmpty ? "" : ": " + item.parameters.map { "\($0.name) \($0.value)" }.joined(separator: " · "))
        }.joined(separator: " | ")
    }

    private static func ago(_ date: Date, _ now: Date) -> String { Countdown.short(max(0, Int(now.timeIntervalSince(date)))) }
}
