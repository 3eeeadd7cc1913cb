import Foundation
import MCPDashCore

/// The box over the screen: login, rotation, confirmation or the command line.
enum OverlayView {
    static func render(_ overlay: Overlay, state: AppState, into buffer: inout Buffer, area: Rect) {
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
