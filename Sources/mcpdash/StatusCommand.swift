import ArgumentParser
import Foundation
import MCPDashCore
import MCPDashUI

/// `mcpdash status [NAME]`: is each server reachable and does it accept my credential?
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Check servers: initialize and ping each one (all of them concurrently), and journal the results."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A server's name; all servers when omitted.")
    var name: String?

    @Option(name: .long, help: "How many servers to check at once.")
    var concurrency = 16

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let context = CommandContext(global)
        var allHealthy = true
        try await ExitStatus.reporting {
            let config = try context.loadConfig()
            context.printWarnings(config.warnings)
            if name == nil { context.printBroken(config) }
            let servers = try name.map { [try context.server(named: $0, in: config)] } ?? config.servers
            var reports = await HealthCheck.run(servers, config: config, stores: context.stores,
                                                journal: try? StateDatabase(path: context.statePath), concurrency: concurrency)
            if name == nil, !config.broken.isEmpty {
                reports = (reports + config.broken.map(HealthReport.init(broken:))).sorted { $0.server < $1.server }
            }
            allHealthy = reports.allSatisfy { $0.outcome == .ok || $0.outcome == .disabled }
            if json { return try Console.json(reports) }
            var table = TextTable(headers: ["NAME", "TRANSPORT", "STATUS", "LATENCY", "DETAIL"])
            table.maximumColumnWidth = 80
            for report in reports {
                let status = report.outcome.rawValue + (report.httpStatus.map { " (\($0))" } ?? "")
                let latency = report.latencyMilliseconds.map { String(format: "%.0f ms", $0) } ?? "—"
                table.append([report.server, report.transport, status, latency, report.detail])
            }
            table.lines().forEach { Console.out($0) }
        }
        if !allHealthy { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
