import Dispatch
import Foundation
import MCPDashCore
import MCPDashTerminal
import MCPDashUI
import Synchronization

/// The dashboard's loop: the only place effects start and the terminal is touched.
///
/// It runs on its own thread (curses is single-threaded and waits for keys); effects run as
/// tasks and report back through the `ActionQueue`. SIGTERM, SIGHUP and SIGINT end the loop so
/// the terminal is always restored.
final class DashboardRuntime: @unchecked Sendable {
    private let terminal: CursesTerminal
    private let runner: EffectRunner
    private let queue: ActionQueue
    private var state: AppState
    private let stop = Atomic<Bool>(false)
    private var signalSources: [any DispatchSourceSignal] = []
    /// Where to write frame statistics on exit (for the benchmark), when set.
    private let statsPath: String?
    /// Where the `:` line's history is kept between sessions.
    private let historyPath: String
    /// The last frame drawn, which says what a click lands on.
    private var frame: Buffer?
    private let started: ContinuousClock.Instant
    private var stats: DashboardStats

    private let initialEffects: [Effect]

    /// `initialEffects` are started with the loop (the reducer's answer to what the state already holds).
    init(terminal: CursesTerminal, runner: EffectRunner, queue: ActionQueue, state: AppState, initialEffects: [Effect],
         statsPath: String?, historyPath: String, started: ContinuousClock.Instant, stats: DashboardStats) {
        self.historyPath = historyPath
        self.initialEffects = initialEffects
        self.stats = stats
        self.terminal = terminal
        self.runner = runner
        self.queue = queue
        self.state = state
        self.statsPath = statsPath
        self.started = started
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
                loop()
                continuation.resume()
            }
            thread.name = "mcpdash-ui"
            thread.start()
        }
        for source in signalSources { source.cancel() }
    }

    private func loop() {
        defer {
            terminal.close()
            Self.save(history: state.commandHistory, to: historyPath)
            if let statsPath, let data = try? JSONEncoder().encode(stats) { FileManager.default.createFile(atPath: statsPath, contents: data) }
        }
        var dirty = true
        start(initialEffects)
        var second = Int(Date().timeIntervalSince1970)
        while !stop.load(ordering: .relaxed) {
            if dirty {
                let rendered = Renderer.render(state)
                terminal.draw(rendered)
                frame = rendered
                dirty = false
                stats.frames += 1
                if stats.firstFullFrameMilliseconds == nil, !state.servers.isEmpty {
                    stats.firstFullFrameMilliseconds = (ContinuousClock.now - started).milliseconds
                    _ = terminal.takeWrittenCount()
                }
            }
            var actions: [Action] = []
            // Wake at the next second for the tick; while effects run, every 10 ms for their results.
            let fraction = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 1)
            let wait = runner.isBusy ? 10 : max(10, min(250, Int((1 - fraction) * 1000) + 1))
            switch terminal.read(timeoutMilliseconds: wait) {
            case .key(let key)?: actions.append(.key(key))
            case .resize(let size)?: actions.append(.resize(size))
            case .click(let x, let y)?: actions.append(.click(frame?.target(x: x, y: y)))
            case .wheel(let rows)?: actions.append(.scroll(rows))
            case nil: break
            }
            actions += queue.drain()
            let now = Date()
            if Int(now.timeIntervalSince1970) != second {
                second = Int(now.timeIntervalSince1970)
                actions.append(.tick(now))
                if stats.firstFullFrameMilliseconds != nil { stats.ticks += 1 }
                if runner.configChangedOnDisk() { actions.append(.configChanged) }
            }
            stats.bytesWritten += terminal.takeWrittenCount()
            for action in actions {
                if case .themeLoaded(let theme?, _) = action { terminal.setTheme(theme) }
                let effects = Reducer.reduce(&state, action)
                dirty = true
                if effects.contains(.quit) {
                    stop.store(true, ordering: .relaxed)
                    break
                }
                for effect in effects {
                    switch effect {
                    case .copy(let text): terminal.copy(text)
                    case .suspend:
                        terminal.suspend()
                        queue.push(.resize(terminal.size))
                    case .editConfig(let dotEnv):
                        queue.push(edit(dotEnv: dotEnv))
                        queue.push(.resize(terminal.size))
                    default: break
                    }
                }
                start(effects)
            }
        }
    }

    private func start(_ effects: [Effect]) {
        for effect in effects { runner.run(effect) }
    }

    /// Runs the editor on the config (through `ConfigEdit`, so only what loads is saved) or on
    /// the `.env` beside it, with the terminal handed over; the watcher reads the result.
    private func edit(dotEnv: Bool) -> Action {
        let config = runner.config
        let editor = EditorLauncher.editor(environment: runner.environment)
        var outcome: Action = .finished(server: nil, operation: "edit", message: "", failed: false)
        terminal.runOutside {
            do {
                if dotEnv {
                    let file = config.inputFiles.dropFirst().first ?? (config.path as NSString).deletingLastPathComponent + "/.env"
                    let status = try EditorLauncher.run(editor, on: file)
                    outcome = .finished(server: nil, operation: "edit", message: status == 0 ? "\(file) edited" : "the editor exited with status \(status)", failed: status != 0)
                    return
                }
                let draft = try ConfigEdit.draft(for: config.path)
                let status = try EditorLauncher.run(editor, on: draft)
                guard status == 0 else {
                    try? FileManager.default.removeItem(atPath: draft)
                    outcome = .finished(server: nil, operation: "edit", message: "the editor exited with status \(status); the config was not changed", failed: true)
                    return
                }
                let problems = ConfigEdit.problems(inDraft: draft, for: config.path, envFile: nil, profile: config.profile, environment: runner.environment)
                if problems.isEmpty {
                    let changed = try ConfigEdit.save(draft: draft, to: config.path)
                    outcome = .finished(server: nil, operation: "edit", message: changed ? "config saved" : "no changes to the config", failed: false)
                } else {
                    let kept = ConfigEdit.keep(rejected: draft, for: config.path)
                    outcome = .finished(server: nil, operation: "edit",
                                        message: "the edit does not load, the config was not changed: \(problems[0])" + (kept.map { " (kept in \($0))" } ?? ""), failed: true)
                }
            } catch {
                outcome = .finished(server: nil, operation: "edit", message: EffectRunner.describe(error), failed: true)
            }
        }
        return outcome
    }

    /// The `:` history kept at `path`: one line each, oldest first (none when there is no file).
    static func history(at path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n").map { TerminalText.sanitize(String($0), keepNewlines: false) }.suffix(AppState.historyLimit))
    }

    /// Keeps `history` at `path` (0600) for the next session.
    static func save(history: [String], to path: String) {
        guard !history.isEmpty else { return }
        PrivateFiles.file(path)
        try? Data((history.suffix(AppState.historyLimit).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
