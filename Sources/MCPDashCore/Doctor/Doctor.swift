import Foundation

/// `mcpdash doctor`: checks that the config, the secret store, the state database and the
/// browser opener are usable, and says what to do about each one that is not.
public enum Doctor {
    /// What the checks look at.
    public struct Inputs: Sendable {
        /// The config file to check.
        public var configLocation: ConfigLocation
        /// A `--env-file`, if given.
        public var envFile: String?
        /// The profile, if one is chosen.
        public var profile: String? = nil
        /// The process environment.
        public var environment: [String: String]
        /// The secret stores.
        public var stores: SecretStores
        /// The state database's path.
        public var statePath: String
        /// Checks supplied by the runtime (the terminal's).
        public var extraChecks: [DoctorCheck]

        /// Creates the inputs.
        public init(configLocation: ConfigLocation, envFile: String?, environment: [String: String], stores: SecretStores,
                    statePath: String, extraChecks: [DoctorCheck] = []) {
            self.configLocation = configLocation
            self.envFile = envFile
            self.environment = environment
            self.stores = stores
            self.statePath = statePath
            self.extraChecks = extraChecks
        }
    }

    /// Runs every check.
    public static func run(_ inputs: Inputs) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let config: MCPDashConfig?
        do {
            let loaded = try ConfigLoader.load(inputs.configLocation, envFile: inputs.envFile, profile: inputs.profile,
                                            processEnvironment: inputs.environment)
            config = loaded
            let detail = "\(loaded.servers.count) server\(loaded.servers.count == 1 ? "" : "s") in \(loaded.path) (\(inputs.configLocation.reason))"
            checks.append(DoctorCheck(name: "config", status: loaded.warnings.isEmpty ? .ok : .warning,
                                      detail: loaded.warnings.isEmpty ? detail : detail + ", \(loaded.warnings.count) warning\(loaded.warnings.count == 1 ? "" : "s")",
                                      hint: loaded.warnings.first?.hint, notes: loaded.warnings.map(\.description)))
        } catch {
            config = nil
            checks.append(DoctorCheck(name: "config", status: .failure, detail: error.summary, hint: error.hint))
        }
        checks.append(keyringCheck(inputs.stores))
        if let fileUsers = config.map({ config in
            config.servers.filter { inputs.stores.kind(serverOverride: $0.storage, setting: config.settings.storage) == .file }.map(\.name)
        }), !fileUsers.isEmpty {
            let health = inputs.stores.file.health()
            checks.append(DoctorCheck(name: "file storage", status: health.isReady ? .warning : .failure,
                                      detail: "secrets of \(fileUsers.joined(separator: ", ")) are kept in the insecure file store"
                                        + (health.isReady ? "" : ": \(health.summary)"),
                                      hint: health.isReady ? "prefer the keyring where one is available" : health.hint))
        }
        checks.append(stateCheck(inputs.statePath))
        if let config, let ages = secretAgeCheck(config, statePath: inputs.statePath, now: Date()) { checks.append(ages) }
        checks.append(browserCheck(inputs.environment))
        checks += inputs.extraChecks
        return checks
    }

    private static func keyringCheck(_ stores: SecretStores) -> DoctorCheck {
        let health = stores.keyring.health()
        return DoctorCheck(name: "keyring", status: health.isReady ? .ok : (stores.insecureStorageFlag ? .warning : .failure),
                           detail: health.isReady ? "Secret Service ready, default collection unlocked" : health.summary,
                           hint: health.isReady ? nil : health.hint)
    }

    private static func stateCheck(_ path: String) -> DoctorCheck {
        do {
            let database = try StateDatabase(path: path)
            return DoctorCheck(name: "state", status: .ok, detail: "\(database.path) (\(try database.allTokenMetadata().count) tokens tracked)")
        } catch {
            return DoctorCheck(name: "state", status: .failure, detail: error.summary, hint: error.hint)
        }
    }

    /// Secrets replaced by mcpdash longer ago than the rotation policy (per server, else `settings`).
    static func secretAgeCheck(_ config: MCPDashConfig, statePath: String, now: Date) -> DoctorCheck? {
        guard let database = try? StateDatabase(path: statePath), let changes = try? database.secretChanges(), !changes.isEmpty else { return nil }
        var overdue: [String] = []
        for change in changes {
            guard let server = config.server(named: change.server) else { continue }
            let policy = server.rotationPolicyDays ?? config.settings.rotationPolicyDays
            let age = Int(now.timeIntervalSince(change.changedAt) / 86_400)
            if age > policy { overdue.append("\(change.server)/\(change.field) is \(age) days old (policy \(policy))") }
        }
        guard !overdue.isEmpty else {
            return DoctorCheck(name: "secret ages", status: .ok, detail: "\(changes.count) rotated secret(s), all within policy")
        }
        return DoctorCheck(name: "secret ages", status: .warning, detail: "\(overdue.count) secret(s) past the rotation policy",
                           hint: "mcpdash rotate SERVER", notes: overdue)
    }

    private static func browserCheck(_ environment: [String: String]) -> DoctorCheck {
        let onSSH = environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil
        let hasDisplay = environment["DISPLAY"].map { !$0.isEmpty } == true || environment["WAYLAND_DISPLAY"].map { !$0.isEmpty } == true
        if let browser = environment["BROWSER"], !browser.isEmpty {
            return DoctorCheck(name: "browser", status: .ok, detail: "$BROWSER is \(browser)")
        }
        guard let opener = ExecutableLocator.find("xdg-open", environment: environment) else {
            return DoctorCheck(name: "browser", status: .warning, detail: "no $BROWSER and no xdg-open on PATH",
                               hint: "logins print the URL to open by hand (`--no-browser`), or use `mcpdash login NAME --device`")
        }
        if onSSH && !hasDisplay {
            return DoctorCheck(name: "browser", status: .warning, detail: "SSH session without a display; \(opener) cannot open a browser here",
                               hint: "use `mcpdash login NAME --device`, or `--no-browser` and open the printed URL elsewhere")
        }
        return DoctorCheck(name: "browser", status: .ok, detail: "\(opener)")
    }
}
