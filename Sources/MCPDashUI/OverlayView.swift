import Foundation
import MCPDashCore

/// The box over the screen: login, rotation, confirmation or the command line.
enum OverlayView {
    static func render(_ overlay: Overlay, state: AppState, into buffer: inout Buffer, area: Rect) {
        var width = min(area.width - 2, 76)
        var textWidth = width - 4
        var lines: [PaneWidget.Line] = []
        let title: String
        // A URL to show unbroken below the box, across the whole width, as a link.
        var link: String?
        switch overlay {
        case .login(let server, let event):
            title = "log in · \(server)"
            switch event {
            case nil:
                lines.append([("finding the authorization server…", .muted)])
            case .discovered(let issuer)?:
                lines.append([("authorization server ", .muted), (issuer, .body)])
            case .authorize(let url, let redirectURI, let deadline)?:
                lines.append([("Open the URL below in a browser; ", .body), ("y", .key), (" copies it (it is also in the journal).", .body)])
                link = url
                lines.append([])
                let left = max(0, Int(deadline.timeIntervalSince(state.now)))
                lines.append([("waiting on \(redirectURI) · ", .muted), (Countdown.short(left) + " left", left < 30 ? .warning : .body)])
            case .deviceCode(let code, let uri, let complete, let expiresAt)?:
                lines.append([("On any device, visit ", .body), (uri, .accent)])
                lines.append([("and enter the code  ", .body), (code, .key)])
                if complete != nil { lines.append([("or open the URL below (", .muted), ("y", .key), (" copies it)", .muted)]) }
                link = complete
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
            if state.completions.isEmpty {
                lines.append([("login, logout, refresh, rotate, whoami, diagnose NAME · status · events · theme NAME · quit", .muted)])
                lines.append([("Tab", .key), (" completes  ", .muted), ("↑ ↓", .key), (" recall earlier lines", .muted)])
            } else {
                lines.append([("Tab: ", .key), (state.completions.joined(separator: "  "), .muted)])
            }
        case .event(let event):
            title = "event · \(event.operation) · \(event.outcome.rawValue)"
            width = min(area.width - 2, 100)
            textWidth = width - 4
            let when = ISO8601DateFormatter().string(from: event.time)
            lines.append([("time     ", .muted), (when, .body)])
            lines.append([("server   ", .muted), (event.server ?? "—", .body)])
            if let account = event.account { lines.append([("account  ", .muted), (account, .body)]) }
            if let status = event.httpStatus { lines.append([("HTTP     ", .muted), (String(status), .body)]) }
            lines.append([])
            for paragraph in event.message.split(separator: "\n" as Character, omittingEmptySubsequences: false) {
                for part in PaneWidget.wrap(String(paragraph), width: textWidth) { lines.append([(part, .body)]) }
            }
            lines.append([])
            lines.append([("y", .key), (" copies the message   ", .muted), ("Esc", .key), (" closes", .muted)])
        }
        let linkRows = link.map { chunks($0, width: area.width) } ?? []
        var box = area.centred(width: width, height: min(area.height - linkRows.count, lines.count + 2))
        if !linkRows.isEmpty { box.y = max(area.y, min(box.y, area.y + area.height - linkRows.count - box.height)) }
        PaneWidget(title: title, lines: lines, unicode: state.unicode).render(into: &buffer, area: box)
        buffer.mark(box, .overlay)
        guard let link else { return }
        // The URL on rows of its own, with no border inside it, so it can be selected whole; a
        // terminal that knows OSC 8 makes it one link.
        for (offset, chunk) in linkRows.enumerated() {
            let y = box.y + box.height + offset
            let row = Rect(x: area.x, y: y, width: area.width, height: 1)
            buffer.fill(row, role: .body)
            let end = buffer.write(chunk, x: area.x, y: y, role: .accent)
            buffer.links.append(Hyperlink(x: area.x, y: y, width: end - area.x, url: link))
            buffer.mark(row, .overlay)
        }
    }

    /// `text` cut into rows of `width` cells, anywhere (a URL has no better place to break).
    static func chunks(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var rows: [String] = []
        var current = ""
        var used = 0
        for character in TerminalText.sanitize(text, keepNewlines: false) {
            let cells = DisplayWidth.of(character)
            if used + cells > width {
                rows.append(current)
                current = ""
                used = 0
            }
            current.append(character)
            used += cells
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }
}
