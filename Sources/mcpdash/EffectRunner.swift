import Foundation
import MCPDashCore
import MCPDashUI
import Synchronization

/// Runs the dashboard's effects: each is one call of the same core function the CLI command
/// uses, on its own task; its result comes back through the queue as an action.
final class EffectRunner: EffectPerformer {
    /// The config in use: the last one that loaded.
    var config: MCPDashConfig { current.withLock { $0.config } }
    private let current: Mutex<(config: MCPDashConfig, stamp: ConfigStamp)>
    /// Reads the config again (the same way the dashboard first read it).
    private let loadConfig: @Sendable () throws -> MCPDashConfig
    let stores: SecretStores
    let database: StateDatabase?
    let environment: [String: String]
    let queue: ActionQueue
    let themes: ThemeCatalog
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    private let inFlight = Atomic<Int>(0)

    /// Whether any effect is still working (the UI then polls its queue quickly).
    var isBusy: Bool { inFlight.load(ordering: .relaxed) > 0 }

    init(config: MCPDashConfig, loadConfig: @escaping @Sendable () throws -> MCPDashConfig, stores: SecretStores,
         database: StateDatabase?, environment: [String: String], queue: ActionQueue, themes: ThemeCatalog) {
        current = Mutex((config, ConfigStamp(config)))
        self.loadConfig = loadConfig
        self.stores = stores
        self.database = database
        self.environment = environment
        self.queue = queue
        self.themes = themes
    }

    /// Whether a file the config is read from changed since the last look (each change is reported once).
    func configChangedOnDisk() -> Bool {
        current.withLock { current in
            let stamp = ConfigStamp(current.config)
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

    private func server(_ name: String) -> ServerConfig? { config.server(named: name) }

    /// Runs one effect to its action.
    private func perform(_ effect: Effect) async -> Action {
        switch effect {
        case .reload:
            return .loaded(ServerOverview.load(config, stores: stores, database: database))
        case .reloadConfig:
            do {
                let fresh = try loadConfig()
                current.withLock { $0 = (fresh, ConfigStamp(fresh)) }
                let problem = fresh.broken.first.map { "\(fresh.broken.count) entr\(fresh.broken.count == 1 ? "y" : "ies") could not be read, the others work: \($0.error.summary)" }
                return .configReloaded(fresh, problem: problem)
            } catch {
                return .configReloaded(nil, problem: Self.describe(error))
            }
        case .loadAgent:
            return .agentLoaded((try? database?.agentStatus()) ?? nil)
        case .checkHealth(let names, let round):
            let servers = names.isEmpty ? config.servers : config.servers.filter { names.contains($0.name) }
            return .healthChecked(await HealthCheck.run(servers, config: config, stores: stores, journal: database, concurrency: 16), round: round)
        case .whoami(let name):
            guard let server = server(name) else { return missing(name) }
            do {
                let report = try await WhoAmI.run(server, config: config, stores: stores, journal: database, useCache: false)
                return .whoamiFinished(server: name, report: report, error: nil)
            } catch {
                return .whoamiFinished(server: name, report: nil, error: Self.describe(error))
            }
        case .diagnose(let name):
            guard let server = server(name) else { return missing(name) }
            return .triaged(await Triage.diagnose(server, config: config, stores: stores, journal: database))
        case .login(let name):
            guard let server = server(name), let database else { return missing(name) }
            let queue = self.queue
            do {
                let report = try await Login.run(server, config: config, stores: stores, database: database,
                                                 account: Accounts.resolve(nil, server: name, database: database),
                                                 options: LoginOptions(openBrowser: true, timeout: .seconds(300), environment: environment)) { event in
                    queue.push(.loginProgress(server: name, event: event))
                }
                return .finished(server: name, operation: "login", message: report.summary, failed: false)
            } catch {
                return .finished(server: name, operation: "login", message: "\(name): login failed: \(Self.describe(error))", failed: true)
            }
        case .refresh(let name):
            guard let server = server(name), let database else { return missing(name) }
            do {
                let report = try await TokenBroker(server: server, config: config, stores: stores, database: database,
                                                   account: Accounts.resolve(nil, server: name, database: database)).renew(force: true)
                return .finished(server: name, operation: "refresh", message: report.summary, failed: false)
            } catch {
                return .finished(server: name, operation: "refresh", message: "\(name): refresh failed: \(Self.describe(error))", failed: true)
            }
        case .logout(let name, let forgetRegistration):
            guard let server = server(name), let database else { return missing(name) }
            do {
                let report = try await Logout.run(server, config: config, stores: stores, database: database,
                                                  account: Accounts.resolve(nil, server: name, database: database),
                                                  revoke: true, forget: forgetRegistration ? .registration : .tokens)
                let revoked = report.revoked.isEmpty ? "" : "; revoked the \(report.revoked.joined(separator: " and "))"
                return .finished(server: name, operation: "logout", message: "\(name): logged out\(revoked)", failed: false)
            } catch {
                return .finished(server: name, operation: "logout", message: "\(name): logout failed: \(Self.describe(error))", failed: true)
            }
        case .rotate(let name, let field, let value):
            guard let server = server(name), let database else { return missing(name) }
            do {
                let report = try await SecretRotation.rotate(server, config: config, stores: stores, database: database,
                                                             account: Accounts.resolve(nil, server: name, database: database), field: field, newValue: value)
                return .finished(server: name, operation: "rotate",
                                 message: "\(name): \(report.field) rotated; \(report.verifiedBy ?? "a real call") accepted it; B rolls back", failed: false)
            } catch {
                return .finished(server: name, operation: "rotate", message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .rollback(let name, let field):
            guard let server = server(name), let database else { return missing(name) }
            do {
                _ = try SecretRotation.rollback(server, config: config, stores: stores, database: database,
                                                account: Accounts.resolve(nil, server: name, database: database), field: field)
                return .finished(server: name, operation: "rotate", message: "\(name): \(field) rolled back", failed: false)
            } catch {
                return .finished(server: name, operation: "rotate", message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .loadEvents(let name):
            return .eventsLoaded((try? database?.events(server: name, limit: 500)) ?? [])
        case .useAccount(let name, let account):
            guard let server = server(name), let database else { return missing(name) }
            do {
                try Accounts.use(account, server: server, database: database)
                return .finished(server: name, operation: "account", message: "\(name): \(account) is now the active account", failed: false)
            } catch {
                return .finished(server: name, operation: "account", message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .reveal(let name):
            guard let server = server(name), let database else { return missing(name) }
            do {
                let value = try await TokenBroker(server: server, config: config, stores: stores, database: database,
                                                  account: Accounts.resolve(nil, server: name, database: database)).presentableToken()
                return .revealed(server: name, value: value)
            } catch {
                return .finished(server: name, operation: "reveal", message: "\(name): \(Self.describe(error))", failed: true)
            }
        case .cancel, .loadTheme, .quit, .copy, .suspend, .editConfig:
            return .finished(server: nil, operation: "none", message: "", failed: false)
        }
    }

    /// Runs the editor on the config (through `ConfigEdit`, so only what loads is saved) or on
    /// the `.env` beside it, while the loop has handed the terminal over; the watcher reads the result.
    func performOutside(_ effect: Effect) -> Action {
        guard case .editConfig(let dotEnv) = effect else { return .finished(server: nil, operation: "none", message: "", failed: false) }
        do {
            let (message, failed) = try edit(dotEnv: dotEnv)
            return .finished(server: nil, operation: "edit", message: message, failed: failed)
        } catch {
            return .finished(server: nil, operation: "edit", message: Self.describe(error), failed: true)
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

    private func missing(_ name: String) -> Action {
        .finished(server: name, operation: "none", message: "\(name) is not in the config (or the state database is unavailable)", failed: true)
    }

    /// An error in one line, without a secret.
    static func describe(_ error: any Error) -> String {
        if let error = error as? any UserFacingError { return error.summary }
        if error is CancellationError { return "cancelled" }
        return SecretRedactor.shared.redact("\(error)")
    }
}
