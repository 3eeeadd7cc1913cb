import Foundation
import MCPDashCore

/// The triage screen: the core's triage report with its verdict, fix, challenge, discovery and checks.
enum TriageView {
    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        guard let report = state.triage else {
            let name = state.selected?.name ?? ""
            PaneWidget(title: "triage · \(name)", lines: [[("diagnosing \(name)… (the request a client would make, then discovery)", .muted)]],
                       unicode: state.unicode).render(into: &buffer, area: area)
            return
        }
        var lines: [PaneWidget.Line] = []
        let failed = report.failed
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
            let role: ThemeRole = switch check.status {
            case .ok: .ok
            case .warning: .warning
            case .failure: .danger
            }
            lines.append([("  \(check.status.mark) ", role), (check.id.rawValue + ": ", .body), (check.detail, .muted)])
        }
        PaneWidget(title: "triage · \(report.server)", lines: lines, scroll: state.scroll, unicode: state.unicode)
            .render(into: &buffer, area: area)
    }
}
