import Foundation

/// Where the config file is, and why mcpdash looked there.
public struct ConfigLocation: Equatable, Sendable {
    /// The file's path.
    public let path: String
    /// Why this path: `--config`, `MCPDASH_CONFIG` or the XDG default.
    public let reason: String

    /// Creates a location.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// Picks the config file: `--config`, then `MCPDASH_CONFIG`, then `$XDG_CONFIG_HOME/mcpdash/servers.json`.
    public static func resolve(explicit: String?, environment: [String: String]) -> ConfigLocation {
        if let explicit, !explicit.isEmpty {
            return ConfigLocation(path: explicit, reason: "from --config")
        }
        if let fromEnvironment = environment["MCPDASH_CONFIG"], !fromEnvironment.isEmpty {
            return ConfigLocation(path: fromEnvironment, reason: "from MCPDASH_CONFIG")
        }
        return ConfigLocation(path: XDGDirectories(environment: environment).config + "/mcpdash/servers.json",
                              reason: "the default location")
    }
}
