import Foundation
import Subprocess
import SystemPackage
import Testing

/// A real MCP server from `Tests/Peers/mcp_peer.py` (fastmcp), running on loopback for one test.
struct PeerServer: Sendable {
    /// The port it listens on.
    let port: Int

    /// Its Streamable HTTP endpoint.
    var url: String { "http://127.0.0.1:\(port)/mcp" }

    static var python: String { CLIRunner.repositoryRoot + "/.venv-peers/bin/python" }
    static var script: String { CLIRunner.repositoryRoot + "/Tests/Peers/mcp_peer.py" }

    struct NotReady: Error, CustomStringConvertible {
        let arguments: [String]
        var description: String { "the peer `mcp_peer.py \(arguments.joined(separator: " "))` exited before printing READY" }
    }

    /// Starts a peer with `arguments`, runs `body` while it serves, then kills it.
    static func with<T: Sendable>(_ arguments: [String], _ body: @Sendable (PeerServer) async throws -> T) async throws -> T {
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "the live-peer tests need the Python venv .venv-peers (fastmcp); run scripts/setup")
        let result = try await Subprocess.run(
            .path(FilePath(python)),
            arguments: Arguments([script] + arguments),
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            var port: Int? = nil
            for try await line in execution.standardOutput.strings() {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.hasPrefix("READY ") { port = Int(trimmed.dropFirst("READY ".count)); break }
            }
            guard let port else { throw NotReady(arguments: arguments) }
            do {
                let value = try await body(PeerServer(port: port))
                try? execution.send(signal: .kill)
                return value
            } catch {
                try? execution.send(signal: .kill)
                throw error
            }
        }
        return result.closureResult
    }
}
