import Foundation
import MCPDashCore

/// Starts the operator's editor on a file and waits for it: `$VISUAL`, else `$EDITOR`, else `vi`.
enum EditorLauncher {
    /// The editor command line (it may carry arguments, as `code --wait` does).
    static func editor(environment: [String: String]) -> String {
        [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
    }

    /// Runs `editor` on `file` through the shell; returns its exit status.
    static func run(_ editor: String, on file: String) throws(ConfigEditError) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "mcpdash-editor", file]
        do {
            try process.run()
        } catch {
            throw .editorFailed(command: editor, reason: "cannot be started: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
