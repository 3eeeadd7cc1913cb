import AsyncHTTPClient
import Foundation
import Subprocess
import SystemPackage
import Testing

/// A real server from `Tests/Peers/` — an MCP server from `mcp_peer.py` (fastmcp) or the OIDC
/// provider from `oidc_peer.py` (django-oauth-toolkit) — running on loopback for one test.
struct PeerServer: Sendable {
    /// The port it listens on.
    let port: Int

    /// Its Streamable HTTP endpoint.
    var url: String { "http://127.0.0.1:\(port)/mcp" }

    static var python: String { CLIRunner.repositoryRoot + "/.venv-peers/bin/python" }
    /// The MCP peer script, for stdio configs.
    static var script: String { CLIRunner.repositoryRoot + "/Tests/Peers/mcp_peer.py" }
    /// The scripted browser (`Tests/Peers/browser.py`), as a `$BROWSER` value.
    static var browser: String { "\(python) \(CLIRunner.repositoryRoot)/Tests/Peers/browser.py" }

    struct NotReady: Error, CustomStringConvertible {
        let script: String
        let arguments: [String]
        var description: String { "the peer `\(script) \(arguments.joined(separator: " "))` exited before printing READY" }
    }

    /// Starts `script` (in Tests/Peers) with `arguments`, runs `body` while it serves, then kills it.
    static func with<T: Sendable>(_ arguments: [String], script: String = "mcp_peer.py",
                                  _ body: @Sendable (PeerServer) async throws -> T) async throws -> T {
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "the live-peer tests need the Python venv .venv-peers (fastmcp, django-oauth-toolkit); run scripts/setup")
        let result = try await Subprocess.run(
            .path(FilePath(python)),
            arguments: Arguments([CLIRunner.repositoryRoot + "/Tests/Peers/" + script] + arguments),
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            var port: Int? = nil
            for try await line in execution.standardOutput.strings() {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.hasPrefix("READY ") { port = Int(trimmed.dropFirst("READY ".count)); break }
            }
            guard let port else { throw NotReady(script: script, arguments: arguments) }
            return try await killing(execution) { try await body(PeerServer(port: port)) }
        }
        return result.closureResult
    }

    /// Runs `body`, then kills the process of `execution`, whether `body` returned or threw.
    static func killing<T, Input, Output, Failure>(_ execution: Execution<Input, Output, Failure>,
                                                   after body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            try? execution.send(signal: .kill)
            return value
        } catch {
            try? execution.send(signal: .kill)
            throw error
        }
    }
}

extension PeerServer {
    /// What the peer answers at `GET /count`: how many requests of each kind it has served.
    func counts() async throws -> [String: Int] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/count"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 16)
        return try JSONDecoder().decode([String: Int].self, from: Data(body.readableBytesView))
    }
}
