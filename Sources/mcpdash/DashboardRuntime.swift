import Dispatch
import Foundation
import MCPDashCore
import MCPDashTerminal
import MCPDashUI
import Synchronization

/// Runs the dashboard's loop on a real terminal: on its own thread (curses is single-threaded
/// and waits for keys), with SIGTERM, SIGHUP and SIGINT ending it so the terminal is always
/// restored, and the command history and statistics written on the way out.
final class DashboardRuntime: @unchecked Sendable {
    private let terminal: CursesTerminal
    private let loop: DashboardLoop
    private let stop = Atomic<Bool>(false)
    private var signalSources: [any DispatchSourceSignal] = []
    /// Where to write frame statistics on exit (for the benchmark), when set.
    private let statsPath: String?
    /// Where the `:` line's history is kept between sessions.
    private let historyPath: String
    private let initialEffects: [Effect]

    /// `initialEffects` are started with the loop (the reducer's answer to what the state already holds).
    init(terminal: CursesTerminal, runner: EffectRunner, queue: ActionQueue, state: AppState, initialEffects: [Effect],
         statsPath: String?, historyPath: String, started: ContinuousClock.Instant, stats: DashboardStats) {
        self.terminal = terminal
        self.loop = DashboardLoop(terminal: terminal, performer: runner, queue: queue, state: state, stats: stats, started: started)
        self.initialEffects = initialEffects
        self.statsPath = statsPath
        self.historyPath = historyPath
    }

    /// Runs until the operator quits or a signal arrives; the terminal is restored either way.
    func run() async {
        for signalNumber in [SIGTERM, SIGHUP, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in stop.store(true, ordering: .relaxed) }
            source.resume()
            signalSources.append(source)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                loop.run(initialEffects: initialEffects) { stop.load(ordering: .relaxed) }
                terminal.close()
                Self.save(history: loop.state.commandHistory, to: historyPath)
                if let statsPath, let data = try? JSONEncoder().encode(loop.stats) { FileManager.default.createFile(atPath: statsPath, contents: data) }
                continuation.resume()
            }
            thread.name = "mcpdash-ui"
            thread.start()
        }
        for source in signalSources { source.cancel() }
    }

    /// The `:` history kept at `path`: one line each, oldest first (none when there is no file).
    static func history(at path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n" as Character).map { TerminalText.sanitize(String($0), keepNewlines: false) }.suffix(AppState.historyLimit))
    }

    /// Keeps `history` at `path` (0600) for the next session.
    static func save(history: [String], to path: String) {
        guard !history.isEmpty else { return }
        PrivateFiles.file(path)
        try? Data((history.suffix(AppState.historyLimit).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
