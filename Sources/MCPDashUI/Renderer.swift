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
            ServerTableView.render(state, into: &buffer, area: body)
        case .detail:
            let tableRows = min(max(4, state.visibleRows.count + 1), body.height / 2)
            let (upper, lower) = body.splitTop(tableRows)
            ServerTableView.render(state, into: &buffer, area: upper)
            DetailPaneView.render(state, into: &buffer, area: lower)
        case .triage:
            TriageView.render(state, into: &buffer, area: body)
        case .events:
            EventsView.render(state, into: &buffer, area: body)
        case .help:
            HelpView.render(state, into: &buffer, area: body)
        }
        if let overlay = state.overlay { OverlayView.render(overlay, state: state, into: &buffer, area: body) }
        statusBar(state, into: &buffer, area: bottom)
        return buffer
    }

    // MARK: - Bars

    private static func titleBar(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        buffer.fill(area, role: .statusBar)
        var left = " mcpdash" + (state.profile.map { " [\($0)]" } ?? "") + " · \(state.servers.count) server\(state.servers.count == 1 ? "" : "s")"
        var failing = state.failingCount ?? 0
        if state.failingCount == nil {
            for index in state.servers.indices where state.status(of: state.servers[index]) == .failing { failing += 1 }
        }
        if failing > 0 { left += " · \(failing) failing" }
        left += " · sort \(state.sort.rawValue)"
        if state.grouped { left += " · by tag" }
        if !state.filter.isEmpty || state.editingFilter { left += " · filter \"\(state.filter)\(state.editingFilter ? "▏" : "")\"" }
        if let agent = state.agent { left += " · " + agentText(agent, now: state.now) }
        let clock = Countdown.clock(state.now) + " "
        buffer.write(left, x: 0, y: area.y, role: .statusBar, width: area.width - DisplayWidth.of(clock) - 1)
        buffer.write(clock, x: area.width - DisplayWidth.of(clock), y: area.y, role: .statusBar)
    }

    /// The agent in the title bar: `agent: refreshed gekkovet (…) 12s ago`, or that it is not running.
    static func agentText(_ agent: AgentStatus, now: Date) -> String {
        guard agent.isRunning(now: now) else { return "agent not running" }
        guard let action = agent.lastAction, let at = agent.lastActionAt else { return "agent running" }
        return "agent: \(action), \(ExpiryText.duration(Int(now.timeIntervalSince(at)))) ago"
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
            let start = x
            x = buffer.write(label, x: x, y: area.y, role: .key)
            x = buffer.write(" " + words + "  ", x: x, y: area.y, role: .statusBar)
            buffer.mark(Rect(x: start, y: area.y, width: x - start - 1, height: 1), .command(binding.command))
        }
        x = max(x, area.width - pinnedWidth)
        for binding in pinned {
            let start = x
            x = buffer.write(binding.keys.first?.label ?? "", x: x, y: area.y, role: .key)
            x = buffer.write(" " + (binding.hint ?? "") + "  ", x: x, y: area.y, role: .statusBar)
            buffer.mark(Rect(x: start, y: area.y, width: x - start - 1, height: 1), .command(binding.command))
        }
    }
}
