import Foundation

/// The XDG base directories, with their documented fallbacks under `$HOME`.
public struct XDGDirectories: Sendable {
    /// `$XDG_CONFIG_HOME`, or `~/.config`.
    public let config: String
    /// `$XDG_STATE_HOME`, or `~/.local/state`.
    public let state: String
    /// `$XDG_DATA_HOME`, or `~/.local/share`.
    public let data: String
    /// `$HOME`.
    public let home: String

    /// Reads the directories from an environment.
    public init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        func directory(_ name: String, _ fallback: String) -> String {
            if let value = environment[name], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        self.home = home
        self.config = directory("XDG_CONFIG_HOME", ".config")
        self.state = directory("XDG_STATE_HOME", ".local/state")
        self.data = directory("XDG_DATA_HOME", ".local/share")
    }
}
