import AsyncHTTPClient
import Foundation
import MCPDashCore
import Testing

/// Retries against a live server: 5xx and 429 are retried with backoff, 401 never.
@Suite("retries against a live peer")
struct RetryCLITests {
    let cli = CLIRunner()

    func posts(_ peer: PeerServer) async throws -> Int {
        try await peer.counts()["posts"] ?? -1
    }

    @Test("two 503s are retried and the third answer is what status reports")
    func retriesServerErrors() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer scope="mcp:read""#, "--fail-first", "2", "--fail-status", "503"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"s": {"url": "\#(peer.url)", "retry_config": {"max_retries": 3, "backoff_factor": 0.05, "retry_on": [503]}}}}"#)
            let result = try await cli.run(["status", "--json"])
            let report = try JSONDecoder().decode([HealthReport].self, from: Data(result.stdout.utf8)).first
            #expect(report?.outcome == .unauthorized)
            #expect(report?.httpStatus == 401)
            #expect(try await posts(peer) == 3)
        }
    }

    @Test("when retries run out, the last failure is reported")
    func retriesRunOut() async throws {
        try await PeerServer.with(["--auth", "raw", "--fail-first", "5", "--fail-status", "429"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"s": {"url": "\#(peer.url)", "retry": {"maxRetries": 1, "backoffFactor": 0.05}}}}"#)
            let result = try await cli.run(["status", "--json"])
            let report = try JSONDecoder().decode([HealthReport].self, from: Data(result.stdout.utf8)).first
            #expect(report?.httpStatus == 429)
            #expect(try await posts(peer) == 2)
        }
    }

    @Test("a 401 is never retried, even when the config lists it; the config says why")
    func neverRetriesRefusals() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer error="invalid_token""#]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"s": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${T}"}, "retry_config": {"max_retries": 3, "retry_on": [401, 403]}}}}"#)
            let result = try await cli.run(["status"], environment: ["T": "canary-retry-token"])
            #expect(result.stderr.contains("401 and 403 are never retried in a loop"))
            #expect(try await posts(peer) == 1)
        }
    }
}
