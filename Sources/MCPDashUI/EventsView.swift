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
        let events = state.visibleEvents
        let rows: [(items: [TableWidget.Item], isGroup: Bool)] = events.map { event in
            let role: ThemeRole = event.outcome == .failure ? .danger : event.outcome == .success ? .ok : .muted
            return ([(Countdown.clock(event.time), .muted), (event.server ?? "—", .body), (event.operation.rawValue, .body),
                     (event.outcome.rawValue, role), (event.httpStatus.map(String.init) ?? "", .muted), (event.message, .body)], false)
        }
        var title = "events · \(state.eventsServer ?? "all servers") · newest first"
        if !state.eventsFilter.isEmpty || (state.editingFilter && state.screen == .events) {
            title += " · filter \"\(state.eventsFilter)\(state.editingFilter ? "▏" : "")\" (\(events.count) of \(state.events.count))"
        }
        buffer.write(title, x: 1, y: area.y, role: .title, width: area.width - 2)
        let list = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        if rows.isEmpty {
            buffer.write(state.events.isEmpty ? "no events yet" : "no event matches the filter (Esc clears it)", x: 1, y: list.y + 1, role: .muted)
            return
        }
        let selected = min(max(0, state.eventIndex), rows.count - 1)
        let first = TableWidget(columns: columns, rows: rows, selected: selected).render(into: &buffer, area: list)
        for index in first..<min(rows.count, first + max(0, list.height - 1)) {
            buffer.mark(Rect(x: list.x, y: list.y + 1 + index - first, width: list.width, height: 1), .event(index))
        }
    }
}
