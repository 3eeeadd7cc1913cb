import Foundation
import MCPDashCore

/// Draws the dashboard: a pure function from state to a buffer of cells (roles, not colours;
/// the terminal backend applies the theme).
public enum Renderer {
    /// The buffer for `state` at its terminal size.
    public static func render(_ state: AppState) -> Buffer {
        var buffer = Buffer(size: state.size)
        let area = buffer.area
        guard area.width >= 20, area.height >= 5 else {
            buffer.write("mcpdash needs 20×5", x: 0, y: 0, role: .warning)
            return buffer
        }
        let (top, rest) = area.splitTop(1)
        let (body, bottom) = rest.splitTop(rest.height - 1)
        titleBar(state, into: &buffer, area: top)
        switch state.screen {
        case .servers:
            serverTable(state, into: &buffer, area: body)
        case .detail:
            let tableRows = min(max(4, state.visibleServers.count + 1), body.height / 2)
            let (upper, lower) = body.splitTop(tableRows)
            serverTable(state, into: &buffer, area: upper)
            detailPane(state, into: &buffer, area: lower)
        case .triage:
            triagePane(state, into: &buffer, area: body)
        case .events:
            eventsTable(state, into: &buffer, area: body)
        case .help:
            helpPane(state, into: &buffer, area: body)
        }
        if let overlay = state.overlay { overlayBox(overlay, state: state, into: &buffer, area: body) }
        statusBar(state, into: &buffer, area: bottom)
        return buffer
    }

    // MARK: - Bars

    private static func titleBar(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        buffer.fill(area, role: .statusBar)
        var left = " mcpdash · \(state.servers.count) server\(state.servers.count == 1 ? "" : "s")"
        let failing = state.servers.filter { state.status(of: $0) == .failing }.count
        if failing > 0 { left += " · \(failing) failing" }
        left += " · sort \(state.sort.rawValue)"
        if state.grouped { left += " · by tag" }
        if !state.filter.isEmpty || state.editingFilter { left += " · filter \"\(state.filter)\(state.editingFilter ? "▏" : "")\"" }
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let clock = formatter.string(from: state.now) + " "
        buffer.write(left, x: 0, y: area.y, role: .statusBar, width: area.width - DisplayWidth.of(clock) - 1)
        buffer.write(clock, x: area.width - DisplayWidth.of(clock), y: area.y, role: .statusBar)
    }

    private static func statusBar(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        buffer.fill(area, role: .statusBar)
        if let message = state.message {
            buffer.write(" " + message.text, x: 0, y: area.y, role: message.failed ? .danger : .statusBar, width: area.width)
            return
        }
        // Help and quit sit at the right end; the other hints fill the left as far as they fit.
        let hinted = Keymap.bindings(on: state.screen).filter { $0.hint != nil }
        let pinned = hinted.filter { [.help, .quit].contains($0.command) }
        let pinnedWidth = pinned.reduce(0) { $0 + DisplayWidth.of(($1.keys.first?.label ?? "") + " " + ($1.hint ?? "") + "  ") }
        var x = 1
        for binding in hinted where !pinned.contains(where: { $0.command == binding.command }) {
            let label = binding.keys.first?.label ?? "", words = binding.hint ?? ""
            guard x + DisplayWidth.of(label + " " + words + "  ") <= area.width - pinnedWidth else { break }
            x = buffer.write(label, x: x, y: area.y, role: .key)
            x = buffer.write(" " + words + "  ", x: x, y: area.y, role: .statusBar)
        }
        x = max(x, area.width - pinnedWidth)
        for binding in pinned {
            x = buffer.write(binding.keys.first?.label ?? "", x: x, y: area.y, role: .key)
            x = buffer.write(" " + (binding.hint ?? "") + "  ", x: x, y: area.y, role: .statusBar)
        }
    }

    // MARK: - Server table

    static let columns = [
        TableColumn("", width: 1, priority: 0),
        TableColumn("NAME", width: 16, priority: 0, flexible: true),
        TableColumn("EXPIRES", width: 14, priority: 1),
        TableColumn("AUTH", width: 12, priority: 2),
        TableColumn("ERR 24H", width: 12, priority: 3),
        TableColumn("TYPE", width: 5, priority: 4),
        TableColumn("ACCOUNT", width: 12, priority: 5),
        TableColumn("LATENCY", width: 7, priority: 6, alignRight: true),
        TableColumn("REFRESH", width: 9, priority: 7),
    ]

    private static func serverTable(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let servers = state.visibleServers
        guard !servers.isEmpty else {
            let text = state.servers.isEmpty ? "No servers configured. Add some with `mcpdash import` or edit the config (docs/configuration.md)."
                                             : "No server matches the filter \"\(state.filter)\" (Esc clears it)."
            for (offset, line) in PaneWidget.wrap(text, width: area.width - 2).enumerated() {
                buffer.write(line, x: 1, y: area.y + 1 + offset, role: .muted)
            }
            return
        }
        // Lay out the lines (group headings and servers), then build cells only for those in view.
        let selectedName = servers.first { $0.name == state.selectedName }?.name ?? servers.first?.name
        var lines: [(server: ServerOverview?, group: String?)] = []
        var selected = 0
        var lastGroup: String?
        for server in servers {
            if state.grouped, state.group(of: server) != lastGroup {
                lastGroup = state.group(of: server)
                lines.append((nil, lastGroup))
            }
            if server.name == selectedName { selected = lines.count }
            lines.append((server, nil))
        }
        let visible = max(1, area.height - 1)
        let first = max(0, min(selected - visible + 1, lines.count - visible))
        let rows: [(items: [TableWidget.Item], isGroup: Bool)] = lines.dropFirst(first).prefix(visible).map { line in
            if let server = line.server { return (row(for: server, state: state), false) }
            return ([(line.group ?? "", .title)], true)
        }
        TableWidget(columns: columns, rows: rows, selected: selected - first).render(into: &buffer, area: area)
    }

    /// The cells of one server's row.
    static func row(for server: ServerOverview, state: AppState) -> [TableWidget.Item] {
        let status = state.status(of: server)
        var expires: TableWidget.Item = ("—", .muted)
        var refresh: TableWidget.Item = ("—", .muted)
        if let busy = state.busy[server.name] {
            expires = (busy + "…", .accent)
        } else if server.session?.loginRequired != nil || (server.hasExpiringToken && server.session == nil && server.summary.auth != "jwt") {
            expires = ("signed out", .warning)
        } else if let expiry = server.session?.expiresAt {
            let remaining = expiry.timeIntervalSince(state.now)
            let role: ThemeRole = remaining <= 0 ? .danger : remaining < TimeInterval(state.warnSeconds) ? .warning : .ok
            expires = (Countdown.text(until: expiry, now: state.now), role)
            if server.renewable {
                let due = expiry.addingTimeInterval(-TimeInterval(state.refreshMarginSeconds))
                refresh = due <= state.now ? ("due", .warning) : (Countdown.short(Int(due.timeIntervalSince(state.now))), .muted)
            }
        }
        let latency = state.whoami[server.name].map { Int($0.latencyMilliseconds) } ?? server.whoamiLatencyMilliseconds
            ?? state.health[server.name]?.latencyMilliseconds.map { Int($0) }
        let failures = server.failureCount
        let spark = Sparkline.text(server.failuresByHour, width: 8, unicode: state.unicode)
        return [
            (status.glyph(unicode: state.unicode), status.role),
            (server.name, .body),
            expires,
            (shortAuth(server.summary.auth), .body),
            ((failures == 0 ? "  0" : String(format: "%3d", failures)) + " " + spark, failures == 0 ? .muted : .danger),
            (server.summary.transport, .muted),
            (server.session?.subject ?? (server.account == SecretAddress.defaultAccount ? "—" : server.account), .body),
            (latency.map { "\($0)ms" } ?? "—", .muted),
            refresh,
        ]
    }

    /// Auth method names that fit a column.
    static func shortAuth(_ auth: String) -> String {
        switch auth {
        case "clientCredentials": "client-creds"
        case "deviceCode": "device-code"
        default: auth
        }
    }

    // MARK: - Detail

    private static func detailPane(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard let server = state.selected else { return }
        var lines: [PaneWidget.Line] = []
        func add(_ key: String, _ value: String, _ role: ThemeRole = .body) {
            lines.append([(DisplayWidth.pad(key, to: 13), .muted), (value, role)])
        }
        let status = state.status(of: server)
        add("status", status.word, status.role)
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
        } else if server.hasExpiringToken {
            add("token", "none stored: l logs in", .warning)
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
        if !server.recentFailures.isEmpty {
            lines.append([("recent errors", .header)])
            for failure in server.recentFailures {
                let status = failure.httpStatus.map { "HTTP \($0) " } ?? ""
                lines.append([("  \(ago(failure.time, state.now)) ago ", .muted), ("\(failure.operation) \(status)", .danger), (failure.message, .body)])
                if let challenge = failure.challenge { lines.append([("    challenge: ", .muted), (decoded(challenge), .accent)]) }
            }
        }
        PaneWidget(title: server.name, lines: lines, scroll: state.scroll, unicode: state.unicode).render(into: &buffer, area: area)
    }

    /// A challenge as readable parameters: `Bearer: error invalid_token · scope mcp:read`.
    static func decoded(_ challenge: String) -> String {
        WWWAuthenticateParser.parse(challenge).challenges.map { item in
            item.scheme + (item.parameters.isEmpty ? "" : ": " + item.parameters.map { "\($0.name) \($0.value)" }.joined(separator: " · "))
        }.joined(separator: " | ")
    }

    private static func ago(_ date: Date, _ now: Date) -> String { Countdown.short(max(0, Int(now.timeIntervalSince(date)))) }

    // MARK: - Triage

    private static func triagePane(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard let report = state.triage else {
            let name = state.selected?.name ?? ""
            PaneWidget(title: "triage · \(name)", lines: [[("diagnosing \(name)… (the request a client would make, then discovery)", .muted)]],
                       unicode: state.unicode).render(into: &buffer, area: area)
            return
        }
        var lines: [PaneWidget.Line] = []
        let failed = report.checks.contains { $0.status == "failure" }
        lines.append([("verdict  ", .muted), (report.verdict, failed ? .danger : .ok)])
        if let fix = report.fix { lines.append([("fix      ", .muted), ("f", .key), ("  \(fix)", .accent)]) }
        lines.append([])
        let probe = report.probe
        lines.append([("request  ", .muted), ("\(probe.url) → \(probe.status.map { "HTTP \($0)" } ?? probe.error ?? "no answer")", .body)])
        for challenge in report.challenges {
            lines.append([("challenge ", .muted), (challenge.scheme + " " + challenge.parameters.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ", "), .accent)])
        }
        for problem in report.headerProblems { lines.append([("header   ", .muted), (problem, .warning)]) }
        if !report.discovery.isEmpty {
            lines.append([])
            lines.append([("discovery", .header)])
            for step in report.discovery {
                let status = step.status.map(String.init) ?? "—"
                lines.append([("  \(status) ", step.status == 200 ? .ok : .warning), (step.url, .body)])
                lines.append([("      \(step.note)", .muted)])
            }
        }
        lines.append([])
        lines.append([("checks", .header)])
        for check in report.checks {
            let (mark, role): (String, ThemeRole) = switch check.status {
            case "ok": ("ok  ", .ok)
            case "warning": ("warn", .warning)
            case "failure": ("FAIL", .danger)
            default: ("skip", .muted)
            }
            lines.append([("  \(mark) ", role), (check.id + ": ", .body), (check.detail, .muted)])
        }
        PaneWidget(title: "triage · \(report.server)", lines: lines, scroll: state.scroll, unicode: state.unicode)
            .render(into: &buffer, area: area)
    }

    // MARK: - Events

    private static func eventsTable(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let columns = [
            TableColumn("TIME", width: 8, priority: 0), TableColumn("SERVER", width: 14, priority: 1),
            TableColumn("OPERATION", width: 9, priority: 2), TableColumn("OUTCOME", width: 7, priority: 0),
            TableColumn("HTTP", width: 4, priority: 3), TableColumn("MESSAGE", width: 20, priority: 0, flexible: true),
        ]
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let rows: [(items: [TableWidget.Item], isGroup: Bool)] = state.events.map { event in
            let role: ThemeRole = event.outcome == .failure ? .danger : event.outcome == .success ? .ok : .muted
            return ([(formatter.string(from: event.time), .muted), (event.server ?? "—", .body), (event.operation, .body),
                     (event.outcome.rawValue, role), (event.httpStatus.map(String.init) ?? "", .muted), (event.message, .body)], false)
        }
        let title = "events · \(state.eventsServer ?? "all servers") · newest first"
        buffer.write(title, x: 1, y: area.y, role: .title, width: area.width - 2)
        let list = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        if rows.isEmpty {
            buffer.write("no events yet", x: 1, y: list.y + 1, role: .muted)
            return
        }
        TableWidget(columns: columns, rows: Array(rows.dropFirst(min(state.scroll, max(0, rows.count - 1)))), selected: nil)
            .render(into: &buffer, area: list)
    }

    // MARK: - Help

    private static func helpPane(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        var lines: [PaneWidget.Line] = []
        let screen = state.previousScreen
        lines.append([("keys on the \(screen.rawValue) screen", .header)])
        let width = max(20, area.width - 4)
        for binding in Keymap.bindings(on: screen) {
            let reason = state.selected.flatMap { Reducer.disabledReason(binding.command, server: $0, state: state) }
            lines.append([(DisplayWidth.pad(binding.label, to: 12), .key), (binding.description, reason == nil ? .body : .muted)])
            for part in PaneWidget.wrap("(\(reason ?? ""))", width: width - 14) where reason != nil {
                lines.append([(String(repeating: " ", count: 14), .body), (part, .muted)])
            }
        }
        lines.append([])
        lines.append([("status glyphs", .header)])
        for status in [ServerStatus.ok, .expiring, .signedOut, .failing, .busy, .unknown, .disabled] {
            lines.append([("  \(status.glyph(unicode: state.unicode)) ", status.role), (status.word, .body)])
        }
        lines.append([])
        lines.append([("command line (:)", .header)])
        for part in PaneWidget.wrap("login NAME · logout NAME · refresh NAME · rotate NAME · whoami NAME · diagnose NAME · status [NAME] · events [NAME] · use NAME ACCOUNT · theme NAME · quit", width: width - 2) {
            lines.append([("  " + part, .body)])
        }
        PaneWidget(title: "help · Esc or ? closes", lines: lines, scroll: state.scroll, unicode: state.unicode).render(into: &buffer, area: area)
    }

    // MARK: - Overlays

    private static func overlayBox(_ overlay: Overlay, state: AppState, into buffer: inout Buffer, area: Rect) {
        let width = min(area.width - 2, 76)
        let textWidth = width - 4
        var lines: [PaneWidget.Line] = []
        let title: String
        switch overlay {
        case .login(let server, let event):
            title = "log in · \(server)"
            switch event {
            case nil:
                lines.append([("finding the authorization server…", .muted)])
            case .discovered(let issuer)?:
                lines.append([("authorization server ", .muted), (issuer, .body)])
            case .authorize(let url, let redirectURI, let deadline)?:
                lines.append([("Open this URL in a browser (it is also in the journal):", .body)])
                for part in PaneWidget.wrap(url, width: textWidth) { lines.append([(part, .accent)]) }
                lines.append([])
                let left = max(0, Int(deadline.timeIntervalSince(state.now)))
                lines.append([("waiting on \(redirectURI) · ", .muted), (Countdown.short(left) + " left", left < 30 ? .warning : .body)])
            case .deviceCode(let code, let uri, let complete, let expiresAt)?:
                lines.append([("On any device, visit ", .body), (uri, .accent)])
                lines.append([("and enter the code  ", .body), (code, .key)])
                if let complete { for part in PaneWidget.wrap("or open " + complete, width: textWidth) { lines.append([(part, .muted)]) } }
                lines.append([("expires in " + Countdown.short(max(0, Int(expiresAt.timeIntervalSince(state.now)))), .muted)])
            case .browser?:
                lines.append([("browser started", .muted)])
            case .exchanging?:
                lines.append([("exchanging the grant for tokens…", .muted)])
            }
            lines.append([])
            lines.append([("Esc", .key), (" cancels", .muted)])
        case .rotate(let server, let field, let typed):
            title = "rotate · \(server)"
            lines.append([("New \(field) (typed, never shown):", .body)])
            lines.append([(String(repeating: state.unicode ? "•" : "*", count: typed.count) + "▏", .input)])
            lines.append([])
            lines.append([("Enter", .key), (" checks it with a real call before it replaces the old one (kept for rollback)", .muted)])
            lines.append([("Esc", .key), (" cancels; nothing changes", .muted)])
        case .confirm(let question, _):
            title = "confirm"
            for part in PaneWidget.wrap(question, width: textWidth) { lines.append([(part, .body)]) }
            lines.append([])
            lines.append([("y", .key), (" yes   ", .muted), ("n", .key), (" no", .muted)])
        case .command(let typed):
            title = "command"
            lines.append([(":" + typed + "▏", .input)])
            lines.append([("login, logout, refresh, rotate, whoami, diagnose NAME · status · events · theme NAME · quit", .muted)])
        }
        let box = area.centred(width: width, height: lines.count + 2)
        PaneWidget(title: title, lines: lines, unicode: state.unicode).render(into: &buffer, area: box)
    }
}
