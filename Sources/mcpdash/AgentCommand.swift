import ArgumentParser
import Dispatch
import Foundation
import MCPDashCore
import MCPDashMetrics

/// `mcpdash agent`: the long-running refresher, health checker and metrics endpoint.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Keep every token fresh and every server checked, in the foreground; optionally serve Prometheus metrics.",
        discussion: """
            Renews each token before it expires (under the same per-server lock as the dashboard \
            and `mcpdash token`), checks every server each healthCheckIntervalSeconds, re-reads the \
            config when it changes, and logs one line per action. SIGTERM or SIGINT stops it \
            cleanly. One agent runs per user and host; docs/fleet.md shows the systemd unit.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Serve /metrics on [HOST:]PORT (127.0.0.1 when only a port is given).", valueName: "[host:]port"))
    var metrics: String?

    @Option(name: .long, help: ArgumentHelp("Time between checks of a server: seconds, or 30s, 5m, 1h (default: the config's healthCheckIntervalSeconds).",
                                            valueName: "duration"))
    var checkInterval: TimeSpan?

    func validate() throws {
        if let metrics, ListenAddress(parsing: metrics) == nil {
            throw ValidationError("--metrics takes PORT, HOST:PORT or [IPv6]:PORT, such as 9464 or 127.0.0.1:9464")
        }
        if let checkInterval, !(1...86_400).contains(checkInterval.seconds) {
            throw ValidationError("--check-interval takes 1 second to 1 day")
        }
    }

    func run() async throws {
        let context = CommandContext(global)
        try await ExitStatus.reporting {
            let database = try context.database()
            let lock = try AgentLock.acquire(path: AgentLock.path(stateDatabase: database.path))
            defer { lock.release() }
            let exporter = MetricsExporter()
            var server: MetricsServer?
            if let metrics, let address = ListenAddress(parsing: metrics) {
                if !address.isLoopback {
                    Console.error("warning: serving metrics on \(address), which other hosts can reach; they carry server names and expiry times, no secret")
                }
                server = try await MetricsServer.start(at: address, exporter: exporter)
            }
            let location = context.configLocation, envFile = global.envFile, profile = context.profile, environment = context.environment
            let agent = try RefreshAgent(
                source: { try ConfigLoader.load(location, envFile: envFile, profile: profile, processEnvironment: environment) },
                stores: context.stores, database: database, metrics: exporter.agentMetrics(),
                options: RefreshAgent.Options(checkInterval: checkInterval?.seconds, metricsAddress: server?.address),
                log: { event in Self.print(event) })
            let config = await agent.currentConfig
            context.printWarnings(config.warnings)
            context.printBroken(config)
            let running = Task { await agent.run() }
            let signals = Self.stopping(on: [SIGTERM, SIGINT, SIGHUP]) { signal in
                Self.print(.stopping(reason: signal))
                running.cancel()
            }
            await running.value
            for source in signals { source.cancel() }
            await server?.close()
        }
    }

    /// One action line on stdout: a UTC timestamp, then the event (redacted, control characters stripped).
    static func print(_ event: AgentEvent) {
        let now = Date()
        let line = now.formatted(.iso8601) + " " + event.line(now: now)
        event.isProblem ? Console.error(line) : Console.out(line)
    }

    /// Handles `signals` by calling `stop` with the signal's name, instead of dying.
    private static func stopping(on signals: [Int32], stop: @escaping @Sendable (String) -> Void) -> [any DispatchSourceSignal] {
        signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let name = number == SIGTERM ? "SIGTERM" : number == SIGINT ? "SIGINT" : "SIGHUP"
            source.setEventHandler { stop(name) }
            source.resume()
            return source
        }
    }
}
