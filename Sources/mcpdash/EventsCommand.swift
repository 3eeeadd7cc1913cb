import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash events [NAME]`: the journal of auth-relevant outcomes.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show the event journal: logins, refreshes, whoami and status results, imports, 401s."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Only this server's events.", completion: ServerNameCompletion.kind)
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Only events this recent: 30s, 15m, 2h, 7d.", valueName: "duration"))
    var since: TimeSpan?

    @Option(name: .long, help: "At most this many events, newest first.")
    var limit = 200

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func run() throws {
        let context = CommandContext(global)
        try ExitStatus.reporting {
            // The journal is read without the config, so a config that does not load can still be triaged.
            let events = try context.database().events(server: name, since: since.map { Date().addingTimeInterval(-$0.seconds) }, limit: limit)
            if json { return try Console.json(events) }
            guard !events.isEmpty else { return Console.out("No events\(name.map { " for \($0)" } ?? "")\(since.map { " in the last \($0)" } ?? "").") }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            var table = Console.table(["TIME", "SERVER", "OPERATION", "OUTCOME", "HTTP", "MESSAGE"], widest: 90)
            for event in events {
                table.append([formatter.string(from: event.time), event.server ?? "—", event.operation.rawValue, event.outcome.rawValue,
                              event.httpStatus.map(String.init) ?? "", event.message + (event.challenge.map { "  [\($0)]" } ?? "")])
            }
            table.lines().forEach { Console.out($0) }
        }
    }
}
