import Foundation
import MCPDashCore
import MCPDashUI
import Synchronization

/// Runs the dashboard's effects: each is one call of the `Workspace` method the CLI command
/// calls, on its own task; its result comes back through the queue as an action.
final class EffectRunner: EffectPerformer {
    /// The workspace in use: over the last config that loaded.
    var workspace: Workspace { current.withLock { $0.workspace } }
    /// The config in use.
    var config: MCPDashConfig { workspace.config }
    private let current: Mutex<(workspace: Workspace, stamp: ConfigStamp)>
    /// Reads the config again (the same way the dashboard first read it).
    private let loadConfig: @Sendable () throws -> MCPDashConfig
    var environment: [String: String] { workspace.environment }
    let queue: ActionQueue
    let themes: ThemeCatalog
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    private let inFlight = Atomic<Int>(0)

    /// Whether any effect is still working (the UI then polls its queue quickly).
    var isBusy: Bool { inFlight.load(ordering: .relaxed) > 0 }

    init(workspace: Workspace, loadConfig: @escaping @Sendable () throws -> MCPDashConfig, queue: ActionQueue, themes: ThemeCatalog) {
        current = Mutex((workspace, ConfigStamp(workspace.config)))
        self.loadConfig = loadConfig
        self.queue = queue
        self.themes = themes
    }

    /// Whether a file the config is read from changed since the last look (each change is reported once).
    func configChangedOnDisk() -> Bool {
        current.withLock { current in
            let stamp = current.stamp.now()
            guard stamp != current.stamp else { return false }
            current.stamp = stamp
            return true
        }
    }

    /// Starts `effect`; `.quit`, `.copy` and `.suspend` are the runtime's own business.
    func run(_ effect: Effect) {
        switch effect {
        case .quit, .copy, .suspend, .editConfig:
            return
        case .cancel(let name):
            running.withLock { $0.removeValue(forKey: name) }?.cancel()
        case .loadTheme(let name):
            do {
                let theme = try themes.theme(named: name)
                queue.push(.themeLoaded(theme, message: "theme \(theme.name)"))
            } catch {
                queue.push(.themeLoaded(nil, message: "\(error)"))
            }
        default:
            let key = serverKey(of: effect)
            inFlight.add(1, ordering: .relaxed)
            let task = Task { [self] in
                let action = await perform(effect)
                if let key { _ = running.withLock { $0.removeValue(forKey: key) } }
                queue.push(action)
                inFlight.subtract(1, ordering: .relaxed)
            }
            if let key { running.withLock { $0[key] = task } }
        }
    }

    private func serverKey(of effect: Effect) -> String? {
        switch effect {
        case .whoami(let name), .diagnose(let name), .login(let name), .refresh(let name), .logout(let name, _), .reveal(let name):
            name
        case .rotate(let name, _, _), .rollback(let name, _):
            name
        default:
            nil
        }
    }

    /// Runs one effect to its action: one call of the workspace, its report's own words.
    private func perform(_ effect: Effect) async -> Action {
        let workspace = self.workspace
        switch effect {
        case .reload:
            return .loaded(workspace.overviews())
        case .reloadConfig:
            do {
                let fresh = try loadConfig()
                let next = Workspace(config: fresh, stores: workspace.stores, database: workspace.database, environment: workspace.environment)
                current.withLock { $0 = (next, ConfigStamp(fresh)) }
                let problem = fresh.broken.first.map { "\(fresh.broken.count) entr\(fresh.broken.count == 1 ? "y" : "ies") could not be read, the others work: \($0.error.summary)" }
                return .configReloaded(fresh, problem: problem)
            } catch {
                return .configReloaded(nil, problem: Self.describe(error))
            }
        case .loadAgent:
            return .agentLoaded((try? workspace.database?.agentStatus()) ?? nil)
        case .checkHealth(let names, let round):
            // Names the config no longer has are skipped; none asked for means every server.
            let known = names.filter { workspace.config.server(named: $0) != nil }
            if !names.isEmpty, known.isEmpty { return .healthChecked([], round: round) }
            return .healthChecked((try? await workspace.status(known)) ?? [], round: round)
        case .whoami(let name):
            do {
                return .whoamiFinished(server: name, report: try await workspace.whoami(name, useCache: false), error: nil)
            } catch {
                return .whoamiFinished(server: name, report: nil, error: Self.describe(error))
            }
        case .diagnose(let name):
            do {
                return .triaged(try await workspace.diagnose(name))
            } catch {
                return missing(name, error)
            }
        case .login(let name):
            let queue = self.queue
            do {
                let report = try await workspace.login(name, options: LoginOptions(openBrowser: true, timeout: .seconds(300), environment: workspace.environment)) { event in
                    queue.push(.loginProgress(server: name, event: event))
                }
                return .finished(server: name, operation: .login, message: report.summary, failed: false)
            } catch {
                return .finished(server: name, operation: .login, message: "\(name): login failed: \(Self.describe(error))", failed: true)
            }
        case .refresh(let name):
            do {
                return .finished(server: name, operation: .refresh, message: try await workspace.refresh(name).summary, failed: false)
            } catch {
                return .finished(server: name, operation: .refresh, message: "\(name): refresh failed: \(Self.describe(error))", failed: true)
            }
        case .logout(let name, let forgetRegistration):
            do {
                let report = try await workspace.logout(name, revoke: true, forget: forgetRegistration ? .registration : .tokens)
                return .finished(server: name, operation: .logout, message: report.summary, failed: false)
            } catch {
                return .finished(server: name, operation: .logout, message: "\(name): logout failed: \(Self.describe(error))", failed: true)
            }
        case .rotate(let name, let field, let value):
            do {
                return .finished(server: name, operation: .rotate, message: try await workspace.rotate(name, field: field, newValue: value).summary, failed: false)
            } catch {
                return .finished(server: name, operation: .rotate, message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .rollback(let name, let field):
            do {
                return .finished(server: name, operation: .rotate, message: try workspace.rollback(name, field: field).summary, failed: false)
            } catch {
                return .finished(server: name, operation: .rotate, message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .loadEvents(let name):
            return .eventsLoaded((try? workspace.events(name, limit: 500)) ?? [])
        case .useAccount(let name, let account):
            do {
                try workspace.useAccount(account, of: name)
                return .finished(server: name, operation: .account, message: "\(name): \(account) is now the active account", failed: false)
            } catch {
                return .finished(server: name, operation: .account, message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .reveal(let name):
            do {
                return .revealed(server: name, value: try await workspace.token(name))
            } catch {
                return .finished(server: name, operation: .reveal, message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .cancel, .loadTheme, .quit, .copy, .suspend, .editConfig:
            return .finished(server: nil, operation: .none, message: "", failed: false)
        }
    }

    /// Runs the editor on the config (through `ConfigEdit`, so only what loads is saved) or on
    /// the `.env` beside it, while the loop has handed the terminal over; the watcher reads the result.
    func performOutside(_ effect: Effect) -> Action {
        guard case .editConfig(let dotEnv) = effect else { return .finished(server: nil, operation: .none, message: "", failed: false) }
        do {
            let (message, failed) = try edit(dotEnv: dotEnv)
            return .finished(server: nil, operation: .edit, message: message, failed: failed)
        } catch {
            return .finished(server: nil, operation: .edit, message: Self.describe(error), failed: true)
        }
    }

    /// The editor on the `.env` or on a draft of the config; what happened, in one line.
    private func edit(dotEnv: Bool) throws -> (String, Bool) {
        let config = self.config
        let editor = EditorLauncher.editor(environment: environment)
        if dotEnv {
            let file = config.inputFiles.dropFirst().first ?? (config.path as NSString).deletingLastPathComponent + "/.env"
            let status = try EditorLauncher.run(editor, on: file)
            return (status == 0 ? "\(file) edited" : "the editor exited with status \(status)", status != 0)
        }
        let draft = try ConfigEdit.draft(for: config.path)
        let status = try EditorLauncher.run(editor, on: draft)
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: draft)
            return ("the editor exited with status \(status); the config was not changed", true)
        }
        let problems = ConfigEdit.problems(inDraft: draft, for: config.path, envFile: config.inputFiles.dropFirst().first,
                                            profile: config.profile, environment: environment)
        guard problems.isEmpty else {
            let kept = ConfigEdit.keep(rejected: draft, for: config.path)
            return ("the edit does not load, the config was not changed: \(problems[0])" + (kept.map { " (kept in \($0))" } ?? ""), true)
        }
        return (try ConfigEdit.save(draft: draft, to: config.path) ? "config saved" : "no changes to the config", false)
    }

    private func missing(_ name: String, _ error: any Error) -> Action {
        .finished(server: name, operation: .none, message: "\(name): \(Self.describe(error))", failed: true)
    }

    /// An error in one line, without a secret.
    static func describe(_ error: any Error) -> String {
        if let error = error as? any UserFacingError { return error.summary }
        if error is CancellationError { return "cancelled" }
        return SecretRedactor.shared.redact("\(error)")
    }
}
