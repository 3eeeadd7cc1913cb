import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash status [NAME]`: is each server reachable and does it accept my credential?
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Check servers: initialize and ping each one (all of them concurrently), and journal the results."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A server's name; all servers when omitted.", completion: ServerNameCompletion.kind)
    var name: String?

    @Option(name: .customLong("tag"), help: "Only servers with this tag (repeat it for any of several).")
    var tags: [String] = []

    @Option(name: .long, help: "How many servers to check at once.")
    var concurrency = 16

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard name == nil || tags.isEmpty else { throw ValidationError("name a server or select by --tag, not both") }
    }

    func run() async throws {
        let context = CommandContext(global)
        var allHealthy = true
        try await ExitStatus.reporting {
            let workspace = try context.workspace()
            let config = workspace.config
            context.printWarnings(config.warnings)
            if name == nil { context.printBroken(config) }
            let servers = try name.map { [try workspace.server($0)] } ?? config.servers.filter { $0.matches(tags: tags) }
            let broken = name == nil && tags.isEmpty ? config.broken.map(HealthReport.init(broken:)) : []
            // On a terminal each line is printed the moment its server answers (broken entries
            // first); piped, the table comes sorted, laid out to its widest cells.
            let streaming = !json && Console.isTerminal
            var table = Console.table(["NAME", "TRANSPORT", "STATUS", "LATENCY", "DETAIL"], widest: 80)
            let layout = table
            let widths = [
                min(80, ([4] + (servers.map(\.name) + broken.map(\.server)).map(DisplayWidth.of)).max() ?? 4),
                "TRANSPORT".count,
                (HealthReport.Outcome.allCases.map { $0.rawValue.count }.max() ?? 13) + " (000)".count,
                "99999 ms".count,
                80,
            ]
            if streaming {
                Console.out(layout.line(layout.headers, widths: widths))
                for report in broken { Console.out(layout.line(Self.row(report), widths: widths)) }
            }
            var reports = try await workspace.status(name.map { [$0] } ?? [], tags: tags, concurrency: concurrency) { report in
                if streaming { Console.out(layout.line(Self.row(report), widths: widths)) }
            }
            if !broken.isEmpty { reports = (reports + broken).sorted { $0.server < $1.server } }
            allHealthy = reports.allSatisfy { $0.outcome == .ok || $0.outcome == .disabled }
            if json { return try Console.json(reports) }
            guard !streaming else { return }
            for report in reports { table.append(Self.row(report)) }
            table.lines().forEach { Console.out($0) }
        }
        if !allHealthy { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    /// The table's cells for one report.
    static func row(_ report: HealthReport) -> [String] {
        let status = report.outcome.rawValue + (report.httpStatus.map { " (\($0))" } ?? "")
        let latency = report.latencyMilliseconds.map { String(format: "%.0f ms", $0) } ?? "—"
        return [report.server, report.transport?.rawValue ?? "—", status, latency, report.detail]
    }
}
