import Foundation
import Logging
import MCP
import Subprocess
import SystemPackage

/// The stdio transport of MCP: a child process speaking JSON lines on stdin and stdout.
///
/// The command runs without a shell, with the configured arguments, environment (secret
/// variables resolved from the keyring or `${ENV}`) and working directory. stderr is kept
/// (the last lines) for the journal. On disconnect stdin is closed; a child still running
/// after two seconds gets SIGTERM, and two seconds later SIGKILL, so none is left behind.
/// swift-subprocess starts the child with a clean signal mask, so those signals arrive.
public actor StdioTransport: SelfFailingTransport {
    public nonisolated let logger: Logger
    /// The server.
    public let server: ServerConfig
    private let command: StdioCommand
    private let resolver: SecretResolver
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let outgoing: AsyncStream<Data>
    private let outgoingContinuation: AsyncStream<Data>.Continuation
    private var runner: Task<Void, Never>?
    private var closing = false
    /// Whether the child was started (a start that fails is reported as that, never as an exit).
    private var childStarted = false
    private let failure = FailureSignal()
    /// The last lines the child wrote to stderr.
    public private(set) var stderrTail: [String] = []
    private static let stderrLines = 20

    /// Creates a transport for a stdio server.
    public init(server: ServerConfig, resolver: SecretResolver, logger: Logger = .transport("mcpdash.stdio")) throws {
        guard case .stdio(let command) = server.transport else {
            throw MCPTransportError(.protocolViolation, server: server.name, url: server.transport.endpoint?.url ?? "", message: "not a stdio server")
        }
        self.server = server
        self.command = command
        self.resolver = resolver
        self.logger = logger
        (messages, continuation) = AsyncThrowingStream.makeStream()
        (outgoing, outgoingContinuation) = AsyncStream.makeStream()
    }

    public func connect() async throws {
        var environment: [Environment.Key: String?] = [:]
        for (name, value) in command.env { environment[Environment.Key(stringLiteral: name)] = value }
        for (name, source) in command.secretEnv {
            environment[Environment.Key(stringLiteral: name)] = try resolver.value(of: source, field: SecretField.environmentVariable(name))
        }
        let executable: Executable = command.command.contains("/") ? .path(FilePath(command.command)) : .name(command.command)
        let (started, startedContinuation) = AsyncStream<(any Error)?>.makeStream()
        let arguments = command.args
        let workingDirectory = command.cwd.map { FilePath($0) }
        runner = Task {
            do {
                _ = try await Subprocess.run(executable, arguments: Arguments(arguments), environment: .inherit.updating(environment),
                                             workingDirectory: workingDirectory, input: .inputWriter, output: .sequence, error: .sequence) { execution in
                    self.childStarted = true
                    startedContinuation.yield(nil)
                    startedContinuation.finish()
                    await self.serve(execution)
                }
                await self.childEnded(nil)
            } catch {
                startedContinuation.yield(error)
                startedContinuation.finish()
                await self.childEnded(error)
            }
        }
        for await failure in started {
            if let failure {
                throw MCPTransportError(.processFailed, server: server.name, url: command.command, message: "cannot start \(command.command): \(failure)")
            }
        }
    }

    public func disconnect() async {
        closing = true
        outgoingContinuation.finish()
        await runner?.value
        continuation.finish()
    }

    public func send(_ data: Data) async throws {
        guard runner != nil, !closing else {
            throw MCPTransportError(.processFailed, server: server.name, url: command.command, message: "the server process is not running")
        }
        outgoingContinuation.yield(data)
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> { messages }

    // MARK: - The child

    private enum Ended: Sendable { case stdout, stderr, writer, drained }

    /// Pumps messages both ways until the child closes stdout (and stderr has been read, for at
    /// most half a second more), then makes sure it is gone.
    private nonisolated func serve(_ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>) async {
        _ = try? await withThrowingTaskGroup(of: Ended.self) { group in
            group.addTask {
                for try await line in execution.standardOutput.strings() {
                    let trimmed = line.trimmingCharacters(in: .newlines)
                    if !trimmed.isEmpty { await self.deliver(Data(trimmed.utf8)) }
                }
                return .stdout
            }
            group.addTask {
                for try await line in execution.standardError.strings() {
                    await self.recordStderr(line.trimmingCharacters(in: .newlines))
                }
                return .stderr
            }
            group.addTask {
                // A write to a child that already exited fails with EPIPE; the exit is reported
                // when stdout closes, so the writer just stops.
                do {
                    for await message in self.outgoing {
                        _ = try await execution.standardInputWriter.write(Array(message) + [0x0A])
                    }
                    try await execution.standardInputWriter.finish()
                    try await Task.sleep(for: .seconds(2))
                    try? execution.send(signal: .terminate)
                    try await Task.sleep(for: .seconds(2))
                    try? execution.send(signal: .kill)
                } catch {}
                return .writer
            }
            var stdoutClosed = false, stderrClosed = false
            while let ended = try await group.next() {
                switch ended {
                case .stdout:
                    stdoutClosed = true
                    if !stderrClosed { group.addTask { try await Task.sleep(for: .milliseconds(500)); return .drained } }
                case .stderr:
                    stderrClosed = true
                case .drained:
                    stderrClosed = true
                case .writer:
                    break
                }
                if stdoutClosed && stderrClosed { break }
            }
            group.cancelAll()
            try? execution.send(signal: .kill)
        }
    }

    private func deliver(_ message: Data) {
        continuation.yield(message)
    }

    private func recordStderr(_ line: String) {
        stderrTail.append(SecretRedactor.shared.redact(line))
        if stderrTail.count > Self.stderrLines { stderrTail.removeFirst(stderrTail.count - Self.stderrLines) }
    }

    private func childEnded(_ error: (any Error)?) async {
        guard !closing else { return }
        let reason = stderrTail.last.map { ": \($0)" } ?? ""
        // A child that never started did not exit: both ways the failure is heard (connect's
        // answer and the transport's own) say the same, whichever comes first.
        var message = "the server process exited\(reason)"
        if let error, !childStarted { message = "cannot start \(command.command): \(error)" }
        let exited = MCPTransportError(.processFailed, server: server.name, url: command.command, message: message)
        continuation.finish(throwing: exited)
        await failure.fail(exited)
    }

    public func unexpectedFailure() async -> MCPTransportError? {
        await failure.wait()
    }
}
