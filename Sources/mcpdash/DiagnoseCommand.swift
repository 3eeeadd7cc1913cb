import ArgumentParser
import Foundation
import MCPDashCore

/// `mcpdash diagnose NAME`: why does this server answer 401?
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain a 401/403: the challenge, the discovery chain, the checks, a verdict and the fix."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var serverName: ServerArgument
    /// The server's name.
    var name: String { serverName.name }

    @OptionGroup var accountOption: AccountOption
    /// The account asked for, nil for the active one.
    var account: String? { accountOption.account }

    @OptionGroup var output: JSONOption
    /// True to print JSON.
    var json: Bool { output.json }

    func run() async throws {
        let context = CommandContext(global)
        var failed = false
        try await ExitStatus.reporting {
            let report = try await context.workspace().diagnose(name, account: account)
            failed = report.failed
            if json { return try Console.json(report) }
            print(report)
        }
        if failed { throw ExitCode(ExitStatus.failure.rawValue) }
    }

    private func print(_ report: TriageReport) {
        let probe = report.probe
        Console.out("\(report.server)  \(probe.url)  auth \(report.authMethod)")
        Console.out("")
        Console.out("request   initialize \(probe.sentCredential ? "with" : "without") a credential → "
                    + (probe.status.map { "HTTP \($0)" } ?? (probe.error ?? "no answer")) + (probe.serverDate.map { "  (Date: \($0))" } ?? ""))
        for challenge in report.challenges {
            let parameters = challenge.parameters.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ", ")
            Console.out("challenge \(challenge.scheme)" + (challenge.token68.map { " \($0)" } ?? "") + (parameters.isEmpty ? "" : " \(parameters)"))
        }
        for problem in report.headerProblems { Console.out("          malformed: \(problem)") }
        if !report.discovery.isEmpty {
            Console.out("")
            Console.out("discovery")
            for step in report.discovery {
                Console.out("  \(step.status.map(String.init) ?? "---")  \(step.url)  (\(step.kind), \(step.source))")
                Console.out("       \(step.note)")
            }
        }
        if !report.checks.isEmpty {
            Console.out("")
            Console.out("checks")
            for check in report.checks {
                                Console.out("  \(check.status.mark)  \(check.id.rawValue): \(check.detail)")
            }
        }
        Console.out("")
        Console.out("verdict   \(report.verdict)")
        if let fix = report.fix { Console.out("fix       \(fix)") }
    }
}
