import Foundation
import MCPDashCore
import MCPDashUI

/// Where the dashboard finds themes: a path, then `$XDG_CONFIG_HOME/mcpdash/themes/NAME.json`,
/// `$MCPDASH_THEMES_DIR`, `share/mcpdash/themes` beside the installed binary, the `themes/` folder
/// of a source checkout, `/usr/local/share` and `/usr/share`, and the compiled-in ones.
struct ThemeCatalog: Sendable {
    let directories: [String]

    init(environment: [String: String]) {
        var directories: [String] = []
        if let override = environment["MCPDASH_THEMES_DIR"], !override.isEmpty { directories.append(override) }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? "") + "/.config"
        directories.append(config + "/mcpdash/themes")
        // The binary itself (argv[0] may be a bare name found on PATH): PREFIX/bin/mcpdash finds
        // PREFIX/share/mcpdash/themes (scripts/install), a build in a checkout its themes/ folder.
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let binDirectory = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/mcpdash/themes").path)
        // .build/<triple>/<configuration>/mcpdash, reached through the .build/<configuration> link.
        let checkout = binDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        directories.append(checkout.appendingPathComponent("themes").path)
        directories.append("/usr/local/share/mcpdash/themes")
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

    /// Whether the theme `name` (the built-in one when nil) is found, and in which file: doctor's `theme` check.
    func check(named requested: String?) -> DoctorCheck {
        let name = requested ?? Theme.builtIn.name
        do {
            _ = try theme(named: name)
            let file = name.contains("/") ? name : directories.map { "\($0)/\(name).json" }.first { FileManager.default.fileExists(atPath: $0) }
            return DoctorCheck(name: "theme", status: .ok, detail: "\(name) (\(file ?? "built in"))")
        } catch {
            return DoctorCheck(name: "theme", status: .failure, detail: "\(name): \(error)",
                               hint: "themes found: \(names().joined(separator: ", ")); scripts/install puts them in PREFIX/share/mcpdash/themes")
        }
    }
}
