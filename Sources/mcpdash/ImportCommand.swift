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
            config, moving literal secrets out of it. --rewrite then changes the source file so \
            that client gets its credentials from mcpdash (a headersHelper for Claude Code, \
            `mcpdash exec` for stdio servers and for other clients' HTTP servers, through \
            mcp-remote) and holds no literal secret; the previous version is kept as FILE.bak \
            with "keyring:" where its secrets were.
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

    @Flag(name: .long, help: "Also rewrite the source file to take its credentials from mcpdash, without its literal secrets.")
    var rewrite = false

    func validate() throws {
        if from == nil && file == nil {
            throw ValidationError("name a file to import, or a tool with --from \(ImportFormat.allCases.map(\.rawValue).joined(separator: "|"))")
        }
    }

    func run() throws {
        let context = CommandContext(global)
        try ExitStatus.reporting {
            var request = ImportRequest(format: from, path: file, targetConfig: context.configLocation.path, force: force,
                                        dryRun: dryRun, environment: context.environment,
                                        workingDirectory: FileManager.default.currentDirectoryPath)
            request.rewrite = rewrite
            request.mcpdashCommand = Self.command(environment: context.environment)
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
        for rewrite in report.rewrites {
            guard !rewrite.changes.isEmpty else {
                Console.out("\(rewrite.file): no entry holds a secret mcpdash now keeps; nothing to rewrite")
                continue
            }
            Console.out(rewrite.wrote ? "Rewrote \(rewrite.file)" + (rewrite.backup.map { " (previous version kept as \($0), secrets replaced by keyring:)" } ?? "") + ":"
                                      : "\(rewrite.file) would become, for these entries:")
            for change in rewrite.changes {
                Console.out("  \(change.server): \(change.how)")
                if dryRun { for line in change.entry.split(separator: "\n" as Character) { Console.out("    \(line)") } }
            }
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

extension ImportCommand {
    /// How a rewritten client config starts mcpdash: `mcpdash` when that is this program on
    /// `PATH`, else this program's absolute path.
    static func command(environment: [String: String]) -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        if let found = ExecutableLocator.find("mcpdash", environment: environment),
           URL(fileURLWithPath: found).resolvingSymlinksInPath().path == URL(fileURLWithPath: own).resolvingSymlinksInPath().path {
            return "mcpdash"
        }
        return own
    }
}

extension ImportFormat: ExpressibleByArgument {}
