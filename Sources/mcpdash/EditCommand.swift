import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash edit`: opens the config in $VISUAL or $EDITOR and saves it only when it loads.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit the config in $VISUAL or $EDITOR; it is saved only when it loads, else the old file stays.",
        discussion: """
            The editor works on a private copy beside the config. On a terminal a broken edit \
            can be reopened; otherwise it is kept as PATH.rejected. The previous config is kept \
            as PATH.bak.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = CommandContext(global)
        try ExitStatus.reporting {
            let path = context.configLocation.path
            let editor = EditorLauncher.editor(environment: context.environment)
            let draft = try ConfigEdit.draft(for: path)
            let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
            while true {
                let status = try EditorLauncher.run(editor, on: draft)
                guard status == 0 else {
                    try? FileManager.default.removeItem(atPath: draft)
                    throw ConfigEditError.editorFailed(command: editor, reason: "exited with status \(status); the config was not changed")
                }
                let problems = ConfigEdit.problems(inDraft: draft, for: path, envFile: global.envFile, profile: context.profile,
                                                   environment: context.environment)
                if problems.isEmpty { break }
                for problem in problems { Console.error("error: \(problem)") }
                if interactive {
                    if let answer = TerminalPrompt.ask("edit again? [Y/n] "), !["n", "no"].contains(answer.lowercased()) { continue }
                }
                throw ConfigEditError.rejectedEdit(problems: problems, keptAt: ConfigEdit.keep(rejected: draft, for: path))
            }
            let changed = try ConfigEdit.save(draft: draft, to: path)
            Console.out(changed ? "saved \(path)" : "no changes to \(path)")
        }
    }
}
