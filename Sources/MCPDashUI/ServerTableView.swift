import Foundation
import MCPDashCore

/// The server table: one row per server, columns dropped by priority on narrow terminals.
enum ServerTableView {
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

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let servers = state.servers
        let positions = state.visibleRows
        guard !positions.isEmpty else {
            let text = servers.isEmpty ? "No servers configured. Add some with `mcpdash import` or edit the config (docs/configuration.md)."
                                       : "No server matches the filter \"\(state.filter)\" (Esc clears it)."
            for (offset, line) in PaneWidget.wrap(text, width: area.width - 2).enumerated() {
                buffer.write(line, x: 1, y: area.y + 1 + offset, role: .muted)
            }
            return
        }
        // Lay out the lines (group headings and positions of servers), then build cells only
        // for those in view.
        let selectedName = positions.contains { servers[$0].name == state.selectedName } ? state.selectedName : servers[positions[0]].name
        var lines: [(position: Int?, group: String?)] = []
        lines.reserveCapacity(positions.count)
        var selected = 0
        var lastGroup: String?
        for position in positions {
            if state.grouped, state.group(of: servers[position]) != lastGroup {
                lastGroup = state.group(of: servers[position])
                lines.append((nil, lastGroup))
            }
            if servers[position].name == selectedName { selected = lines.count }
            lines.append((position, nil))
        }
        let visible = max(1, area.height - 1)
        let first = max(0, min(selected - visible + 1, lines.count - visible))
        let rows: [(items: [TableWidget.Item], isGroup: Bool)] = lines.dropFirst(first).prefix(visible).map { line in
            if let position = line.position { return (row(for: servers[position], state: state), false) }
            return ([(line.group ?? "", .title)], true)
        }
        TableWidget(columns: columns, rows: rows, selected: selected - first).render(into: &buffer, area: area)
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            if let position = line.position { buffer.mark(Rect(x: area.x, y: area.y + 1 + offset, width: area.width, height: 1), .server(servers[position].name)) }
        }
    }

    /// The cells of one server's row.
    static func row(for server: ServerOverview, state: AppState) -> [TableWidget.Item] {
        let status = state.status(of: server)
        var expires: TableWidget.Item = ("—", .muted)
        var refresh: TableWidget.Item = ("—", .muted)
        if let busy = state.busy[server.name] {
            expires = (busy.rawValue + "…", .accent)
        } else if server.needsLogin {
            expires = ("signed out", .warning)
        } else if let needed = state.health[server.name]?.neededScopes {
            // A 403 insufficient_scope: l logs in for the union (step-up). The row names what the session lacks.
            let granted = Set((server.session?.scopes ?? "").split(separator: " " as Character).map(String.init))
            let missing = needed.filter { !granted.contains($0) }
            let label = "needs " + (missing.isEmpty ? needed : missing).joined(separator: " ")
            // "needs mcp:write" is a cell too wide; "+mcp:write" says the same in the column.
            expires = (label.count <= 14 ? label : (missing.isEmpty ? needed : missing).map { "+" + $0 }.joined(separator: " "), .warning)
        } else {
            let expiry = server.expiry(now: state.now)
            expires = (expiry.text(now: state.now), role(of: expiry.severity(now: state.now, warnSeconds: state.warnSeconds)))
            if case .token(let date) = expiry, server.renewable {
                let due = date.addingTimeInterval(-TimeInterval(state.refreshMarginSeconds))
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
            (String(repeating: " ", count: max(0, 3 - "\(failures)".count)) + "\(failures) " + spark, failures == 0 ? .muted : .danger),
            (server.summary.transport?.rawValue ?? "—", .muted),
            (server.session?.subject ?? (server.account == SecretAddress.defaultAccount ? "—" : server.account), .body),
            (latency.map { "\($0)ms" } ?? "—", .muted),
            refresh,
        ]
    }

    /// The theme role of an expiry's severity.
    static func role(of severity: CredentialExpiry.Severity) -> ThemeRole {
        switch severity {
        case .muted: .muted
        case .ok: .ok
        case .warning: .warning
        case .danger: .danger
        }
    }

    /// Auth method names that fit a column.
    static func shortAuth(_ auth: String) -> String {
        switch auth {
        case "clientCredentials": "client-creds"
        case "deviceCode": "device-code"
        default: auth
        }
    }
}
