import Foundation

/// `mcpdash edit`: the config is edited in a private copy beside it and replaces the real
/// file only when it loads, every server included; otherwise the old file stays.
public enum ConfigEdit {
    /// The copy the editor opens: hidden, beside the config (so its `.env` files apply), 0600.
    public static func draft(for configPath: String) throws(ConfigEditError) -> String {
        let target = URL(fileURLWithPath: configPath).resolvingSymlinksInPath().path
        let directory = (target as NSString).deletingLastPathComponent
        let draft = directory + "/." + (target as NSString).lastPathComponent + ".edit.json"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let text = FileManager.default.contents(atPath: target) ?? Data("{\n  \"mcpServers\": {\n  }\n}\n".utf8)
            FileManager.default.createFile(atPath: draft, contents: nil, attributes: [.posixPermissions: 0o600])
            try text.write(to: URL(fileURLWithPath: draft))
        } catch {
            throw .cannotWrite(file: draft, reason: (error as NSError).localizedDescription)
        }
        return draft
    }

    /// What keeps the draft from loading, in the words `mcpdash` would use for the real file;
    /// empty when it loads with every server.
    public static func problems(inDraft draft: String, for configPath: String, envFile: String?, profile: String?,
                                environment: [String: String]) -> [String] {
        func named(_ text: String) -> String { text.replacingOccurrences(of: draft, with: configPath) }
        do {
            let config = try ConfigLoader.load(ConfigLocation(path: draft, reason: "edited"), envFile: envFile, profile: profile,
                                               processEnvironment: environment)
            return config.broken.map { named($0.error.summary) }
        } catch {
            return [named(error.summary)]
        }
    }

    /// Replaces the config with the draft (keeping `PATH.bak`) and removes the draft; returns whether anything changed.
    @discardableResult
    public static func save(draft: String, to configPath: String) throws(ConfigEditError) -> Bool {
        defer { try? FileManager.default.removeItem(atPath: draft) }
        guard let edited = FileManager.default.contents(atPath: draft) else {
            throw .cannotWrite(file: configPath, reason: "the edited copy \(draft) is gone")
        }
        if FileManager.default.contents(atPath: configPath) == edited { return false }
        try ConfigFile.write(edited, to: configPath)
        return true
    }

    /// Keeps a rejected draft as `PATH.rejected` (0600) for the user to fix; returns its path.
    public static func keep(rejected draft: String, for configPath: String) -> String? {
        let target = URL(fileURLWithPath: configPath).resolvingSymlinksInPath().path + ".rejected"
        try? FileManager.default.removeItem(atPath: target)
        do {
            try FileManager.default.moveItem(atPath: draft, toPath: target)
            PrivateFiles.tighten(target, to: 0o600)
            return target
        } catch {
            return nil
        }
    }
}
