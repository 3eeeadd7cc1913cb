import Foundation
import MCPDashCore

/// The help screen, generated from the keymap, saying why a key cannot act.
enum HelpView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
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
}
