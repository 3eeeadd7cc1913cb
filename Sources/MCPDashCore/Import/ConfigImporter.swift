import Foundation
import MCP

/// `mcpdash import`: reads other tools' MCP configs and merges them into the mcpdash config.
///
/// Literal secrets found on the way go into the secret store and are replaced by `keyring:`;
/// an existing entry is never overwritten without `force`; a dry run writes nothing. When
/// anything fails, secrets stored so far are removed and the config is left as it was.
public enum ConfigImporter {
    /// Runs an import.
    public static func run(_ request: ImportRequest, stores: SecretStores, journal: StateDatabase? = nil) throws -> ImportReport {
        let (format, sources) = try locateSources(request)
        if request.rewrite, !ClientConfigRewrite.formats.contains(format) { throw ImportError.cannotRewrite(format: format.rawValue) }
        var imported: [String: ImportedServer] = [:]
        var notes: [String] = []
        for source in sources {
            for server in try read(source, format: format, workingDirectory: request.workingDirectory) {
                if let earlier = imported[server.name] {
                    notes.append("\(server.name): the entry in \(server.origin) takes precedence over \(earlier.origin)")
                }
                imported[server.name] = server
            }
        }
        guard !imported.isEmpty else { throw ImportError.noServers(file: sources.joined(separator: ", ")) }

        var document = try ConfigFile.read(request.targetConfig)
        let root = document.root
        let setting = root["settings"]?.objectValue?["storage"]?.stringValue.flatMap(StorageKind.init(rawValue:)) ?? .keyring
        func store(for server: ImportedServer) -> any SecretStore {
            stores.store(stores.kind(serverOverride: server.entry["storage"]?.stringValue.flatMap(StorageKind.init(rawValue:)), setting: setting))
        }
        var existing = root["mcpServers"]?.objectValue ?? [:]
        var added: [ImportedServer] = [], replaced: [ImportedServer] = [], skipped: [ImportReport.Skipped] = []
        var alreadyConfigured: [ImportedServer] = []
        let resolver = EnvironmentResolver(process: request.environment)
        for server in imported.values.sorted(by: { $0.name < $1.name }) {
            notes += server.notes
            if let problem = validate(server, resolver: resolver, notes: &notes) {
                skipped.append(.init(name: server.name, reason: problem))
                continue
            }
            let inPlace = format == .mcpdash
            if existing[server.name] != nil {
                if inPlace && server.secrets.isEmpty { continue }
                guard request.force || inPlace else {
                    skipped.append(.init(name: server.name, reason: "already configured (use --force to replace it)"))
                    alreadyConfigured.append(server)
                    continue
                }
                replaced.append(server)
            } else {
                added.append(server)
            }
            existing[server.name] = .object(server.entry)
            document.set(["mcpServers", server.name], to: .object(server.entry))
        }
        let changed = added + replaced
        let moved = changed.flatMap { server in
            server.secrets.keys.sorted().map { SecretAddress(server: server.name, field: $0) }
        }
        var backup: String? = nil
        let shouldWrite = !request.dryRun && !changed.isEmpty
        if shouldWrite {
            try storeSecrets(of: changed, storeFor: store(for:))
            let movedValues = changed.flatMap { $0.secrets.values }
            do {
                backup = try ConfigFile.write(document, to: request.targetConfig, scrubbing: movedValues)
            } catch {
                for server in changed { for field in server.secrets.keys { _ = try? store(for: server).delete(SecretAddress(server: server.name, field: field)) } }
                throw ImportError.cannotWrite(file: request.targetConfig, reason: error.summary)
            }
            for server in changed {
                _ = try? journal?.append(JournalEvent(server: server.name, operation: .importing, outcome: .success,
                                                      message: "imported from \(server.origin)"
                                                        + (server.secrets.isEmpty ? "" : "; \(server.secrets.count) secret(s) moved to the \(store(for: server).kind.displayName)")))
            }
        }
        var report = ImportReport(format: format, sources: sources, added: added, replaced: replaced, skipped: skipped,
                                  movedSecrets: moved, notes: notes, targetPath: request.targetConfig, backupPath: backup,
                                  wrote: shouldWrite, resultingDocument: document.text)
        if request.rewrite {
            // A server imported earlier is rewritten too when the secret store already holds exactly its secrets.
            var rewritable = changed
            for server in alreadyConfigured where !server.secrets.isEmpty {
                if server.secrets.allSatisfy({ (try? store(for: server).get(SecretAddress(server: server.name, field: $0.key))) == $0.value }) {
                    rewritable.append(server)
                } else {
                    report.notes.append("\(server.name): not rewritten: mcpdash holds other secrets for it (import it again with --force)")
                }
            }
            for source in sources {
                report.rewrites.append(try ClientConfigRewrite.run(file: source, format: format, servers: rewritable,
                                                                   mcpdash: request.mcpdashCommand, dryRun: request.dryRun))
            }
        }
        return report
    }

    // MARK: - Reading sources

    private static func locateSources(_ request: ImportRequest) throws -> (ImportFormat, [String]) {
        if let path = request.path {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ImportError.noSource(format: request.format?.rawValue ?? "MCP", looked: [path])
            }
            let format = try request.format ?? ImportFormat.detect(path: path, root: parse(path))
            return (format, [path])
        }
        let format = request.format ?? .claude
        let candidates = format.defaultPaths(environment: request.environment, workingDirectory: request.workingDirectory,
                                             mcpdashConfig: request.targetConfig)
        var found = candidates.filter { FileManager.default.fileExists(atPath: $0) }
        // Claude Desktop keeps one file; the macOS location is only a fallback.
        if format == .claude || format == .vscode { found = Array(found.prefix(1)) }
        guard !found.isEmpty else { throw ImportError.noSource(format: format.rawValue, looked: candidates) }
        return (format, found)
    }

    private static func parse(_ path: String) throws -> [String: Value] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError.unreadableSource(file: path, reason: "cannot read the file")
        }
        do {
            return try LenientJSON.parseObject(data)
        } catch {
            throw ImportError.unreadableSource(file: path, reason: "line \(error.line), column \(error.column): \(error.message)")
        }
    }

    static func read(_ path: String, format: ImportFormat, workingDirectory: String) throws -> [ImportedServer] {
        let root = try parse(path)
        var normalizer = ImportNormalizer()
        var groups: [(origin: String, path: [String], servers: [String: Value])] = []
        switch format {
        case .vscode:
            for input in root["inputs"]?.arrayValue ?? [] {
                if let id = input.objectValue?["id"]?.stringValue {
                    normalizer.vscodeInputs[id] = input.objectValue?["password"]?.boolValue ?? false
                }
            }
            let folder = (path as NSString).deletingLastPathComponent
            normalizer.workspaceFolder = (folder as NSString).lastPathComponent == ".vscode" ? (folder as NSString).deletingLastPathComponent : folder
            let key = root["servers"] != nil ? "servers" : "mcpServers"
            groups.append((path, [key], root[key]?.objectValue ?? [:]))
        case .claudeCode:
            groups.append((path, ["mcpServers"], root["mcpServers"]?.objectValue ?? [:]))
            // Local scope: ~/.claude.json's entry for this project; it wins over the user scope.
            if let project = root["projects"]?.objectValue?[workingDirectory]?.objectValue?["mcpServers"]?.objectValue {
                groups.append(("\(path) (project \(workingDirectory))", ["projects", workingDirectory, "mcpServers"], project))
            }
        case .claude, .cursor, .mcpomni, .mcpdash:
            groups.append((path, ["mcpServers"], root["mcpServers"]?.objectValue ?? [:]))
        }
        return groups.flatMap { group in
            group.servers.sorted(by: { $0.key < $1.key }).compactMap { name, value -> ImportedServer? in
                guard let object = value.objectValue else { return nil }
                var server = normalizer.normalize(name: name, object: object, origin: group.origin)
                server.sourceFile = path
                server.sourcePath = group.path + [name]
                return server
            }
        }
    }

    /// Checks that the converted entry loads; returns the problem when it does not.
    private static func validate(_ server: ImportedServer, resolver: EnvironmentResolver, notes: inout [String]) -> String? {
        let sink = FieldReader.Sink()
        do {
            _ = try ServerConfigParser.parse(name: server.name, value: .object(server.entry), file: server.origin, resolver: resolver, sink: sink)
        } catch {
            return error.summary
        }
        notes += sink.warnings.map { "\(server.name): \($0.field.map { "\($0): " } ?? "")\($0.message)" }
        return nil
    }

    // MARK: - Writing

    /// Stores every moved secret; on failure removes the ones already stored and rethrows.
    private static func storeSecrets(of servers: [ImportedServer], storeFor: (ImportedServer) -> any SecretStore) throws {
        let pending = servers.flatMap { server in
            server.secrets.map { (storeFor(server), SecretAddress(server: server.name, field: $0.key), $0.value) }
        }
        for store in Set(pending.map(\.0.kind)).compactMap({ kind in pending.first { $0.0.kind == kind }?.0 }) {
            let health = store.health()
            guard health.isReady else { throw SecretStoreError.unavailable(store.kind, health) }
        }
        var stored: [(any SecretStore, SecretAddress)] = []
        do {
            for (store, address, value) in pending {
                try store.set(value, for: address)
                stored.append((store, address))
            }
        } catch {
            for (store, address) in stored { _ = try? store.delete(address) }
            throw error
        }
    }
}
