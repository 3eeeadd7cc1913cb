import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash import`: bring servers over from Claude Desktop, Claude Code, Cursor, VS Code or MCPOmni.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import MCP servers from another client's config into mcpdash's.",
        discussion: """
            Literal secrets are moved into the keyring and replaced by "keyring:". Existing \
            entries are kept unless --force is given. `--from mcpdash` re-imports mcpdash's own \
            config, moving literal secrets out of it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Read this tool's config from its default location.", valueName: ImportFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var from: ImportFormat?

    @Argument(help: ArgumentHelp("A config file to import (its format is detected; --from overrides).", valueName: "file"))
    var file: String?

    @Flag(name: .long, help: "Replace servers that already exist in the mcpdash config.")
    var force = false

    @Flag(name: .long, help: "Show the result without storing secrets or writing the config.")
    var dryRun = false

    func validate() throws {
        if from == nil && file == nil {
            throw ValidationError("name a file to import, or a tool with --from \(ImportFormat.allCases.map(\.rawValue).joined(separator: "|"))")
        }
    }

    func run() throws {
        let context = CommandContext(global)
        try ExitStatus.reporting {
            let request = ImportRequest(format: from, path: file, targetConfig: context.configLocation.path, force: force,
                                        dryRun: dryRun, environment: context.environment,
                                        workingDirectory: FileManager.default.currentDirectoryPath)
            let journal = dryRun ? nil : try? StateDatabase(path: context.statePath)
            let report = try ConfigImporter.run(request, stores: context.stores, journal: journal)
            print(report)
        }
    }

    private func print(_ report: ImportReport) {
        Console.out("Importing from \(report.format.rawValue): \(report.sources.joined(separator: ", "))")
        for server in report.added { Console.out("  + \(server.name)") }
        for server in report.replaced { Console.out("  ~ \(server.name) (replaced)") }
        for skipped in report.skipped { Console.out("  = \(skipped.name): skipped, \(skipped.reason)") }
        if !report.movedSecrets.isEmpty {
            Console.out(report.wrote ? "Secrets moved out of the config into the secret store:" : "Secrets that would be moved into the secret store:")
            for address in report.movedSecrets { Console.out("  \(address)") }
        }
        if !report.notes.isEmpty {
            Console.out("Notes:")
            for note in report.notes { Console.out("  - \(note)") }
        }
        if dryRun {
            Console.out("Dry run: nothing was written. The config would become:")
            Console.out(report.resultingDocument)
        } else if report.wrote {
            let count = report.added.count + report.replaced.count
            Console.out("Wrote \(count) server\(count == 1 ? "" : "s") to \(report.targetPath)"
                        + (report.backupPath.map { " (previous version kept as \($0))" } ?? ""))
        } else {
            Console.out("Nothing to write: \(report.targetPath) is unchanged.")
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}
