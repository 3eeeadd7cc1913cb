import Foundation
import Subprocess
import SystemPackage
import Synchronization
import Testing

/// A running `mcpdash agent` (or another long-running mcpdash command) for one test: its output collected line by line as it comes.
final class AgentProcess: Sendable {
    /// Every line the agent printed so far, stdout and stderr interleaved as they arrived.
    private let log = Mutex<[String]>([])
    /// The lines of stdout alone.
    private let stdoutLog = Mutex<[String]>([])
    /// The agent's process id.
    let pid: Int32

    private init(pid: Int32) {
        self.pid = pid
    }

    /// What the agent printed so far.
    var lines: [String] { log.withLock { $0 } }
    /// What it printed on stdout so far.
    var stdoutLines: [String] { stdoutLog.withLock { $0 } }
    /// All of it, as one string.
    var output: String { lines.joined(separator: "\n") }

    fileprivate func append(_ line: String, stdout: Bool) {
        log.withLock { $0.append(line) }
        if stdout { stdoutLog.withLock { $0.append(line) } }
    }

    /// Waits (up to `timeout`) for a line containing `text`; fails the test with the output so far when none comes.
    @discardableResult
    func waitForLine(containing text: String, after count: Int = 0, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.dropFirst(count).first(where: { $0.contains(text) }) { return line }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("no agent line with \"\(text)\" within \(timeout); the agent printed:\n\(output)")
        throw CancellationError()
    }

    /// The outcome of a run: the body's value, the exit status after SIGTERM, and every line.
    struct Outcome<T> {
        let value: T
        let status: Int32
        let output: String
    }

    /// Starts `mcpdash arguments…` (or `program arguments…`) as `cli`'s operator, runs `body`, then stops it with SIGTERM.
    static func with<T: Sendable>(_ cli: CLIRunner, _ arguments: [String], program: String = CLIRunner.binary,
                                  environment overrides: [String: String?] = [:],
                                  _ body: @Sendable (AgentProcess) async throws -> T) async throws -> Outcome<T> {
        var environment = cli.environment
        for (key, value) in overrides { environment[key] = value }
        let result = try await Subprocess.run(
            .path(FilePath(program)),
            arguments: Arguments(arguments),
            environment: .custom(environment.map { Array("\($0.key)=\($0.value)".utf8) + [0] }),
            workingDirectory: FilePath(cli.home),
            input: .none,
            output: .sequence,
            error: .sequence
        ) { execution in
            let agent = AgentProcess(pid: execution.processIdentifier.value)
            async let out: Void = Self.collect(execution.standardOutput, into: agent, stdout: true)
            async let err: Void = Self.collect(execution.standardError, into: agent, stdout: false)
            let value: T
            do {
                value = try await body(agent)
            } catch {
                try? execution.send(signal: .terminate)
                _ = try? await (out, err)
                throw error
            }
            try? execution.send(signal: .terminate)
            _ = try await (out, err)
            return (value, agent)
        }
        let status: Int32 = switch result.terminationStatus {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
        return Outcome(value: result.closureResult.0, status: status, output: result.closureResult.1.output)
    }

    private static func collect(_ sequence: SubprocessOutputSequence, into agent: AgentProcess, stdout: Bool) async throws {
        for try await line in sequence.strings() {
            agent.append(line.trimmingCharacters(in: .newlines), stdout: stdout)
        }
    }
}
