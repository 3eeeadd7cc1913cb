import Foundation
import MCP

/// `mcpdash add`: builds a server's config entry from options, checks that it loads, stores
/// the secrets it was given in the secret store and writes the entry into the config,
/// keeping the file's comments and layout.
///
/// Every secret of the entry is written as `"keyring:"`; one that was not given stays a
/// reference for `mcpdash secret set` to fill.
public enum ServerAddition {
    /// What the server is reached by.
    public enum Target: Equatable, Sendable {
        /// An HTTP URL; `sse` for the older SSE transport.
        case url(String, sse: Bool)
        /// A stdio server's program and arguments.
        case command([String])
    }

    /// What `add` was asked for.
    public struct Request: Sendable {
        /// The server's name.
        public var name: String
        /// Its URL or command.
        public var target: Target
        /// The auth method (`bearer`, `oauth`…); none when nil.
        public var method: String?
        /// The method's other fields (`clientId`, `scopes`, `header`…), as config values.
        public var authFields: [String: Value]
        /// Further `auth` keys to keep in the secret store (`clientSecret` for a confidential OAuth client…).
        public var extraSecrets: [String]
        /// Plain HTTP headers.
        public var headers: [String: String]
        /// HTTP headers whose values are secrets.
        public var secretHeaders: [String]
        /// Plain environment variables of a stdio server.
        public var env: [String: String]
        /// Environment variables of a stdio server whose values are secrets.
        public var secretEnv: [String]
        /// Tags.
        public var tags: [String]
        /// Where its secrets live, when not the config's default.
        public var storage: StorageKind?
        /// Replace an entry of the same name.
        public var force: Bool

        /// Creates a request.
        public init(name: String, target: Target, method: String? = nil, authFields: [String: Value] = [:], extraSecrets: [String] = [],
                    headers: [String: String] = [:], secretHeaders: [String] = [], env: [String: String] = [:], secretEnv: [String] = [],
                    tags: [String] = [], storage: StorageKind? = nil, force: Bool = false) {
            self.name = name
            self.target = target
            self.method = method
            self.authFields = authFields
            self.extraSecrets = extraSecrets
            self.headers = headers
            self.secretHeaders = secretHeaders
            self.env = env
            self.secretEnv = secretEnv
            self.tags = tags
            self.storage = storage
            self.force = force
        }
    }

    /// An entry that loads, and the secrets it needs.
    public struct Plan: Sendable {
        /// The server's name.
        public var name: String
        /// The config entry to write.
        public var entry: [String: Value]
        /// The secret fields the entry keeps in the secret store, in the method's order.
        public var secretFields: [String]
        /// Whether it replaces an entry of the same name.
        public var replaces: Bool
        /// The entry's own `storage`, when it has one.
        public var storage: StorageKind?
        /// The config's `settings.storage`.
        public var setting: StorageKind
    }

    /// What `add` did.
    public struct Report: Codable, Equatable, Sendable {
        /// The server.
        public var server: String
        /// The config file written.
        public var file: String
        /// Secret fields stored in the secret store.
        public var stored: [String]
        /// Secret fields left for `mcpdash secret set`.
        public var pending: [String]
        /// Whether an entry of the same name was replaced.
        public var replaced: Bool
        /// The previous config, kept.
        public var backup: String?

        /// One line per fact, for the terminal.
        public var lines: [String] {
            var lines = ["\(server): \(replaced ? "replaced" : "added") in \(file)"]
            if !stored.isEmpty { lines.append("  stored \(stored.joined(separator: ", ")) in the secret store") }
            for field in pending {
                lines.append("  \(field) is not set yet: run `mcpdash secret set \(server) \(field)`")
            }
            return lines
        }
    }

    /// The `auth` keys each method cannot work without that are secrets.
    static func requiredSecretKeys(method: String, fields: [String: Value]) -> [String] {
        switch method {
        case "bearer": ["token"]
        case "apiKey": ["key"]
        case "clientCredentials": fields["style"]?.stringValue.map(ServerConfigParser.normalized) == "privatekeyjwt" ? ["privateKey"] : ["clientSecret"]
        case "jwt": ["signingKey"]
        case "hmac": ["secret"]
        default: []
        }
    }

    /// Builds and checks the entry; nothing is written.
    public static func plan(_ request: Request, configPath: String, environment: [String: String]) throws(ConfigEditError) -> Plan {
        let name = request.name
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "/" }) else {
            throw .invalidEntry(.invalidField(file: configPath, server: name, field: "name", message: "a server name must be non-empty, with no '/' and no control character"))
        }
        let document = try Self.document(configPath)
        let replaces = document.value(at: ["mcpServers", name]) != nil
        if replaces, !request.force { throw .exists(server: name, file: configPath) }

        try refuseSecretValues(request, file: configPath)
        var entry: [String: Value] = [:]
        let keyring = Value.string(SecretSource.keyringReference)
        switch request.target {
        case .url(let url, let sse):
            entry["url"] = .string(url)
            if sse { entry["type"] = "sse" }
            var headers = request.headers.mapValues { Value.string($0) }
            for header in request.secretHeaders { headers[header] = keyring }
            if !headers.isEmpty { entry["headers"] = .object(headers) }
        case .command(let command):
            entry["command"] = command.first.map(Value.string) ?? ""
            if command.count > 1 { entry["args"] = .array(command.dropFirst().map(Value.string)) }
            var env = request.env.mapValues { Value.string($0) }
            for variable in request.secretEnv { env[variable] = keyring }
            if !env.isEmpty { entry["env"] = .object(env) }
        }
        if let requested = request.method {
            guard let method = ServerConfigParser.canonicalMethod(requested) else {
                throw .invalidEntry(.invalidField(file: configPath, server: name, field: "auth.method",
                                                  message: "unknown auth method \"\(requested)\"; expected one of \(AuthConfig.methodNames.joined(separator: ", "))"))
            }
            var auth = request.authFields
            auth["method"] = .string(method)
            for key in requiredSecretKeys(method: method, fields: request.authFields) + request.extraSecrets { auth[key] = keyring }
            if method != "none" || auth.count > 1 { entry["auth"] = .object(auth) }
        }
        if !request.tags.isEmpty { entry["tags"] = .array(request.tags.map(Value.string)) }
        if let storage = request.storage { entry["storage"] = .string(storage.rawValue) }

        let server: ServerConfig
        do {
            server = try ServerConfigParser.parse(name: name, value: .object(entry), file: configPath,
                                                  resolver: EnvironmentResolver(process: environment), sink: FieldReader.Sink())
        } catch {
            throw .invalidEntry(error)
        }
        let setting = document.value(at: ["settings", "storage"])?.stringValue.flatMap(StorageKind.init(rawValue:)) ?? .keyring
        let fields = server.secretFields.filter { $0.source == .keyring }.map(\.field)
        return Plan(name: name, entry: entry, secretFields: fields, replaces: replaces, storage: request.storage, setting: setting)
    }

    /// Stores `values` (by secret field; empty ones are skipped) and writes the entry; the
    /// secrets are removed again when the config cannot be written.
    public static func apply(_ plan: Plan, values: [String: String], configPath: String, stores: SecretStores,
                             database: StateDatabase?, now: Date = Date()) throws -> Report {
        var document = try Self.document(configPath)
        if document.value(at: ["mcpServers", plan.name]) != nil, !plan.replaces { throw ConfigEditError.exists(server: plan.name, file: configPath) }
        document.set(["mcpServers", plan.name], to: .object(plan.entry))
        let store = stores.store(stores.kind(serverOverride: plan.storage, setting: plan.setting))
        let given = plan.secretFields.compactMap { field in values[field].flatMap { $0.isEmpty ? nil : (field, $0) } }
        if !given.isEmpty {
            let health = store.health()
            guard health.isReady else { throw SecretStoreError.unavailable(store.kind, health) }
        }
        var stored: [SecretAddress] = []
        do {
            for (field, value) in given {
                SecretRedactor.shared.remember(value)
                let address = SecretAddress(server: plan.name, field: field)
                try store.set(value, for: address)
                stored.append(address)
            }
            let backup = try ConfigFile.write(document, to: configPath)
            for (field, value) in given {
                try? database?.save(SecretChange(server: plan.name, account: SecretAddress.defaultAccount, field: field, value: value, at: now, firstSeen: false))
            }
            let report = Report(server: plan.name, file: configPath, stored: given.map(\.0),
                                pending: plan.secretFields.filter { values[$0]?.isEmpty ?? true }, replaced: plan.replaces, backup: backup)
            _ = try? database?.append(JournalEvent(server: plan.name, operation: .add, outcome: .success,
                                                   message: report.lines.joined(separator: ";").replacingOccurrences(of: "  ", with: " ")))
            return report
        } catch {
            for address in stored { _ = try? store.delete(address) }
            throw error
        }
    }

    /// A secret's value is never taken from the command line, where `ps` and the shell's history see it.
    private static func refuseSecretValues(_ request: Request, file: String) throws(ConfigEditError) {
        func refuse(_ field: String, _ instead: String) -> ConfigEditError {
            .invalidEntry(.invalidField(file: file, server: request.name, field: field,
                                        message: "a secret's value is never taken on the command line (ps and your shell history would keep it); \(instead)"))
        }
        func isLiteral(_ value: String) -> Bool {
            if case .literal = SecretSource(raw: value) { return !value.isEmpty }
            return false
        }
        for (name, value) in request.headers where SecretNames.looksSecret(name) && isLiteral(value) {
            throw refuse("headers.\(name)", "use --secret-header \(name) (you are asked for it, or set it with mcpdash secret set)")
        }
        for (name, value) in request.env where SecretNames.looksSecret(name) && isLiteral(value) {
            throw refuse("env.\(name)", "use --secret-env \(name) (you are asked for it, or set it with mcpdash secret set)")
        }
        for (key, value) in request.authFields where SecretFieldPath.secretAuthKeys.contains(key) || key == "privateKey" {
            if let text = value.stringValue, !isLiteral(text) { continue }
            throw refuse("auth.\(key)", "it is asked for, or set it later with mcpdash secret set")
        }
    }

    private static func document(_ path: String) throws(ConfigEditError) -> ConfigDocument {
        do { return try ConfigFile.read(path) } catch { throw .invalidEntry(error) }
    }
}
