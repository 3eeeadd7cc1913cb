import Foundation
import MCPDashUI

/// Where the dashboard finds themes: a path, then `$XDG_CONFIG_HOME/mcpdash/themes/NAME.json`,
/// `$MCPDASH_THEMES_DIR`, the `themes/` folder of a source checkout, and the compiled-in ones.
struct ThemeCatalog: Sendable {
    let directories: [String]

    init(environment: [String: String]) {
        var directories: [String] = []
        if let override = environment["MCPDASH_THEMES_DIR"], !override.isEmpty { directories.append(override) }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? "") + "/.config"
        directories.append(config + "/mcpdash/themes")
        // .build/<configuration>/mcpdash in a checkout: the repository's themes/ folder.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        directories.append(executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes").path)
        directories.append("/usr/share/mcpdash/themes")
        self.directories = directories
    }

    /// The theme called `name` (or at the path `name`).
    func theme(named name: String) throws -> Theme {
        if name.contains("/") { return try Theme.load(path: name) }
        for directory in directories where FileManager.default.fileExists(atPath: "\(directory)/\(name).json") {
            return try Theme.load(path: "\(directory)/\(name).json")
        }
        switch name {
        case Theme.builtIn.name: return Theme.builtIn
        case Theme.monochrome.name: return Theme.monochrome
        default: throw ThemeError(file: name, key: "", problem: "no such theme (looked in \(directories.joined(separator: ", ")))")
        }
    }

    /// The names of every theme found.
    func names() -> [String] {
        var names = Set([Theme.builtIn.name, Theme.monochrome.name])
        for directory in directories {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where file.hasSuffix(".json") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted { ($0 == Theme.builtIn.name ? 0 : 1, $0) < ($1 == Theme.builtIn.name ? 0 : 1, $1) }
    }
}
