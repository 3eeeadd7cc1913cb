import CMallocArenas
import Foundation
import MCPDashCore
import MCPDashTerminal
import MCPDashUI

/// What `mcpdash` (or `mcpdash dashboard`) was asked to open, however its arguments were parsed.
struct DashboardRequest: Equatable {
    /// `--theme`: a theme name or file, nil for the config's or the built-in one.
    var theme: String? = nil
    /// `--no-mouse`: the mouse left to the terminal.
    var noMouse = false
    var settings: GlobalSettings

    /// Opens the dashboard, or prints the list when stdout or stdin is not a terminal.
    func run() async throws {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
            Console.error("mcpdash: not a terminal, so printing the server list (`mcpdash dashboard` needs one)")
            return try ListCommand.printList(CommandContext(settings), json: false)
        }
        let started = ContinuousClock.now
        // One malloc arena for the threads started from here on (the preload, the loop, the
        // health checks): a thread's own arena keeps what it freed resident, about a megabyte
        // of the dashboard's peak with 1,000 servers (docs/decisions.md).
        _ = mcpdash_limit_malloc_arenas(1)
        let context = CommandContext(settings, quiet: true)
        // The state database is opened and read beside the config's parsing (StatePreload).
        let preload = StatePreload(path: context.statePath)
        try await ExitStatus.reporting {
            let config = try context.loadConfig()
            var stats = DashboardStats()
            stats.configLoadedMilliseconds = (ContinuousClock.now - started).milliseconds
            let catalog = ThemeCatalog(environment: context.environment)
            let colorAllowed = (context.environment["NO_COLOR"] ?? "").isEmpty
            let chosen: Theme
            do {
                chosen = colorAllowed ? try catalog.theme(named: theme ?? config.settings.theme ?? Theme.builtIn.name) : Theme.monochrome
            } catch {
                throw DashboardError(summary: "\(error)", hint: "the shipped themes are \(catalog.names().joined(separator: ", "))")
            }
            let terminal: CursesTerminal
            do {
                terminal = try CursesTerminal(environment: context.environment, theme: chosen, colorAllowed: colorAllowed, mouse: !noMouse)
            } catch {
                throw DashboardError(summary: "\(error)", hint: nil)
            }
            stats.terminalReadyMilliseconds = (ContinuousClock.now - started).milliseconds
            let workspace = Workspace(config: config, stores: context.stores, preload: preload, environment: context.environment)
            let queue = ActionQueue()
            let (location, envFile, profile, environment) = (context.configLocation, settings.envFile, context.profile, context.environment)
            let runner = EffectRunner(workspace: workspace, loadConfig: {
                try ConfigLoader.load(location, envFile: envFile, profile: profile, processEnvironment: environment)
            }, queue: queue, themes: catalog)
            var state = AppState(now: Date(), size: terminal.size)
            state.unicode = terminal.unicode
            state.themeNames = catalog.names()
            state.themeName = chosen.name
            state.refreshMarginSeconds = config.settings.refreshMarginSeconds
            state.warnSeconds = config.settings.expiryWarningSeconds
            state.healthCheckIntervalSeconds = config.settings.healthCheckIntervalSeconds
            state.profile = config.profile
            let historyPath = (StateDatabase.defaultPath(environment: context.environment) as NSString).deletingLastPathComponent
                + "/command-history"
            state.commandHistory = DashboardRuntime.history(at: historyPath)
            if !config.warnings.isEmpty { state.message = ("config: \(config.warnings[0])", true) }
            if let first = config.broken.first {
                state.message = ("config: \(config.broken.count) entr\(config.broken.count == 1 ? "y" : "ies") could not be read, the others work: \(first.error.summary)", true)
            }
            // The first frame shows the servers: what the reducer asks to load at start is loaded here, before the loop.
            var effects = Reducer.start(&state)
            if let reload = effects.firstIndex(of: .reload) {
                effects.remove(at: reload)
                let drafts = workspace.overviewDrafts()
                let records = preload.takeRecords()
                stats.stateReadMilliseconds = (ContinuousClock.now - started).milliseconds
                let overviews = drafts.joined(with: records)
                stats.overviewsBuiltMilliseconds = (ContinuousClock.now - started).milliseconds
                effects = Reducer.reduce(&state, .loaded(overviews)) + effects
            }
            await DashboardRuntime(terminal: terminal, runner: runner, queue: queue, state: state, initialEffects: effects,
                                   statsPath: context.environment["MCPDASH_STATS_FILE"], historyPath: historyPath,
                                   started: started, stats: stats).run()
        }
    }
}
