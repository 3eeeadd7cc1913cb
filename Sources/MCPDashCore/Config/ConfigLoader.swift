import Foundation
import MCP

/// Reads a config file (and its `.env`) into an `MCPDashConfig`.
public enum ConfigLoader {
    /// Loads the config at `location`.
    ///
    /// Variables come from `processEnvironment` over the profile's `.env.PROFILE` beside the
    /// config, over `envFile` (or the `.env` beside the config when no env file is named).
    public static func load(_ location: ConfigLocation, envFile: String? = nil, profile: String? = nil,
                            processEnvironment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> MCPDashConfig {
        let path = location.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw .notFound(file: path, lookedBecause: location.reason)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "permission denied or not a regular file")
        }
        var dotEnv = try loadDotEnv(explicit: envFile, besideConfig: path)
        if let profile {
            let file = try profileFile(profile, besideConfig: path)
            guard FileManager.default.fileExists(atPath: file) else {
                throw .envFile(file: file, line: nil, message: "the profile \"\(profile)\" has no .env.\(profile) beside the config")
            }
            dotEnv.merge(try DotEnvFile.load(path: file)) { _, profileValue in profileValue }
        }
        var config = try parse(data, file: path, resolver: EnvironmentResolver(process: processEnvironment, dotEnv: dotEnv))
        config.profile = profile
        config.inputFiles = [path, envFile ?? (path as NSString).deletingLastPathComponent + "/.env"]
            + (profile.flatMap { try? profileFile($0, besideConfig: path) }.map { [$0] } ?? [])
        return config
    }

    /// The `.env.PROFILE` beside the config; a profile is a plain name (letters, digits, `-`, `_`, `.`, not starting with `.`).
    public static func profileFile(_ profile: String, besideConfig path: String) throws(ConfigError) -> String {
        guard !profile.isEmpty, profile.count <= 64, !profile.hasPrefix("."),
              profile.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }) else {
            throw .envFile(file: (path as NSString).deletingLastPathComponent + "/.env.…", line: nil,
                           message: "a profile is a plain name such as dev or production (letters, digits, - _ .), not \"\(profile)\"")
        }
        return (path as NSString).deletingLastPathComponent + "/.env." + profile
    }

    /// Parses config text; `file` names it in errors and warnings.
    public static func parse(_ data: Data, file: String, resolver: EnvironmentResolver) throws(ConfigError) -> MCPDashConfig {
        let root: [String: Value]
        do {
            root = try LenientJSON.parseObject(data)
        } catch {
            throw .syntax(file: file, line: error.line, column: error.column, message: error.message)
        }
        let sink = FieldReader.Sink()
        let reader = FieldReader(root, file: file, server: nil, path: "", resolver: resolver, sink: sink)
        let settings = try reader.object("settings").map { reader throws(ConfigError) in try parseSettings(reader) } ?? Settings()
        var servers: [ServerConfig] = []
        var broken: [BrokenServer] = []
        var rawEntries: [String: Value] = [:]
        if let entries = reader.value("mcpServers") {
            guard case .object(let objects) = entries else {
                throw .invalidField(file: file, server: nil, field: "mcpServers", message: "expected an object of servers, found \(FieldReader.typeName(entries))")
            }
            rawEntries = objects
            for (name, value) in objects.sorted(by: { $0.key < $1.key }) {
                do {
                    servers.append(try ServerConfigParser.parse(name: name, value: value, file: file, resolver: resolver, sink: sink))
                } catch {
                    broken.append(BrokenServer(name: name, error: error))
                }
            }
        } else {
            reader.warn(nil, "no \"mcpServers\" object: no servers are configured",
                        hint: root["servers"] != nil ? "this looks like a VS Code file: run `mcpdash import \(file)`" : nil)
        }
        reader.ignore("$schema")
        reader.finish()
        var config = MCPDashConfig(path: file, servers: servers, settings: settings, warnings: sink.warnings, environment: resolver, broken: broken)
        config.entries = rawEntries
        return config
    }

    private static func parseSettings(_ reader: FieldReader) throws(ConfigError) -> Settings {
        var settings = Settings()
        if let storage = try reader.string("storage") {
            guard let kind = StorageKind(rawValue: storage), kind != .memory else {
                throw reader.error("storage", "expected \"keyring\" or \"file\", found \"\(storage)\"")
            }
            settings.storage = kind
        }
        settings.rotationPolicyDays = try reader.int("rotationPolicyDays", in: 1...3650) ?? settings.rotationPolicyDays
        settings.refreshMarginSeconds = try reader.int("refreshMarginSeconds", in: 0...86_400) ?? settings.refreshMarginSeconds
        settings.theme = try reader.string("theme")
        settings.expiryWarningSeconds = try reader.int("expiryWarningSeconds", in: 0...86_400 * 30) ?? settings.expiryWarningSeconds
        settings.healthCheckIntervalSeconds = try reader.int("healthCheckIntervalSeconds", in: 10...86_400) ?? settings.healthCheckIntervalSeconds
        settings.tokenCacheSeconds = try reader.int("tokenCacheSeconds", in: 0...3_600) ?? settings.tokenCacheSeconds
        reader.finish()
        return settings
    }

    private static func loadDotEnv(explicit: String?, besideConfig path: String) throws(ConfigError) -> [String: String] {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw .envFile(file: explicit, line: nil, message: "the --env-file does not exist")
            }
            return try DotEnvFile.load(path: explicit)
        }
        let beside = (path as NSString).deletingLastPathComponent + "/.env"
        return FileManager.default.fileExists(atPath: beside) ? try DotEnvFile.load(path: beside) : [:]
    }
}
