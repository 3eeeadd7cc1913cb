import Foundation
import Subprocess
import SystemPackage

/// Opens a URL in the user's browser: `$BROWSER` when set (a `:`-separated list; `%s` marks
/// the URL), else `xdg-open`. Never through a shell; never waits for the browser to close.
public enum BrowserOpener {
    /// The command that would open `url`, or nil when there is none.
    public static func command(for url: String, environment: [String: String]) -> [String]? {
        if let browsers = environment["BROWSER"], !browsers.isEmpty {
            for entry in browsers.split(separator: ":" as Character) {
                var words = entry.split(separator: " " as Character).map(String.init)
                guard !words.isEmpty else { continue }
                if words.contains(where: { $0.contains("%s") }) {
                    words = words.map { $0.replacingOccurrences(of: "%s", with: url) }
                } else {
                    words.append(url)
                }
                return words
            }
        }
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil,
              let opener = ExecutableLocator.find("xdg-open", environment: environment) else { return nil }
        return [opener, url]
    }

    /// Starts the browser on `url`; returns what was run (its program), or nil when no browser is
    /// available or the URL is not one a browser may be given (`OriginPolicy.outboundRefusal`).
    @discardableResult
    public static func open(_ url: String, environment: [String: String]) -> String? {
        guard OriginPolicy.outboundRefusal(url) == nil else { return nil }
        guard let command = command(for: url, environment: environment), let program = command.first else { return nil }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let arguments = Array(command.dropFirst())
        Task.detached {
            _ = try? await Subprocess.run(executable, arguments: Arguments(arguments), output: .discarded, error: .discarded)
        }
        return program
    }
}
