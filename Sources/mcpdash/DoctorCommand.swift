import ArgumentParser
import Foundation
import MCPDashCore
import MCPDashTerminal

/// `mcpdash doctor`: is everything mcpdash needs in place?
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the config, the keyring, the state database, the browser opener, TERM and locale."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    private struct Output: Encodable {
        let ok: Bool
        let checks: [DoctorCheck]
    }

    func run() throws {
        let context = CommandContext(global)
        var inputs = Doctor.Inputs(configLocation: context.configLocation, envFile: global.envFile,
                                   environment: context.environment, stores: context.stores,
                                   statePath: context.statePath,
                                   extraChecks: Self.terminalChecks(TerminalProbe.probe(environment: context.environment))
                                       + [Self.themeCheck(context)].compactMap { $0 })
        inputs.profile = context.profile
        let checks = Doctor.run(inputs)
        let ok = !checks.contains { $0.status == .failure }
        if json {
            try Console.json(Output(ok: ok, checks: checks))
        } else {
            let width = checks.map(\.name.count).max() ?? 0
            for check in checks {
                Console.out("\(check.status.mark)  \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.detail)")
                for note in check.notes { Console.out("        \(String(repeating: " ", count: width))  \(note)") }
                if let hint = check.hint { Console.out("        \(String(repeating: " ", count: width))  hint: \(hint)") }
            }
        }
        if !ok { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    /// Whether the dashboard's theme (`settings.theme`) is found, and where; nil without a readable config.
    static func themeCheck(_ context: CommandContext) -> DoctorCheck? {
        guard let config = try? context.loadConfig() else { return nil }
        return ThemeCatalog(environment: context.environment).check(named: config.settings.theme)
    }

    /// The terminal's readiness as doctor checks.
    static func terminalChecks(_ report: TerminalProbe.Report) -> [DoctorCheck] {
        let term: DoctorCheck
        if let name = report.term, report.termKnown, report.cursorAddressable {
            term = DoctorCheck(name: "terminal", status: .ok, detail: "TERM=\(name), \(report.colors) colours")
        } else if let name = report.term, report.termKnown {
            term = DoctorCheck(name: "terminal", status: .failure, detail: "TERM=\(name) cannot move the cursor",
                               hint: "run the dashboard in a real terminal (TERM=xterm-256color, tmux-256color…); the CLI commands work anywhere")
        } else {
            term = DoctorCheck(name: "terminal", status: .warning,
                               detail: report.term.map { "TERM=\($0) is unknown to terminfo" } ?? "TERM is not set",
                               hint: "set TERM to your terminal's type (xterm-256color, tmux-256color…) to use the dashboard")
        }
        let locale = report.utf8
            ? DoctorCheck(name: "locale", status: .ok, detail: "UTF-8")
            : DoctorCheck(name: "locale", status: .warning, detail: "character set is \(report.codeset), not UTF-8",
                          hint: "export LANG=C.UTF-8 (or another UTF-8 locale); otherwise the dashboard draws ASCII")
        return [term, locale]
    }
}
