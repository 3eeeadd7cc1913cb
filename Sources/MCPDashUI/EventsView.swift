import Foundation
import MCPDashCore

/// The events screen: the journal, newest first.
enum EventsView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let columns = [
            TableColumn("TIME", width: 8, priority: 0), TableColumn("SERVER", width: 14, priority: 1),
            TableColumn("OPERATION", width: 9, priority: 2), TableColumn("OUTCOME", width: 7, priority: 0),
            TableColumn("HTTP", width: 4, priority: 3), TableColumn("MESSAGE", width: 20, priority: 0, flexible: true),
        ]
        let rows: [(items: [TableWidget.Item], isGroup: Bool)] = state.events.map { event in
            let role: ThemeRole = event.outcome == .failure ? .danger : event.outcome == .success ? .ok : .muted
            return ([(Countdown.clock(event.time), .muted), (event.server ?? "—", .body), (event.operation, .body),
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
}
