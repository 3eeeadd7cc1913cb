import AsyncHTTPClient
import Foundation
import MCPDashCore
import Testing

/// The dashboard in tmux against `Tests/Peers/hostile_peer.py`: a hostile answer is a row's
/// state or error, never the end of the dashboard or raw bytes on the screen.
@Suite("the dashboard against hostile servers")
struct HostileDashboardTmuxTests {
    let cli = CLIRunner()

    @Test("l on a server answering absurd lifetimes logs in and keeps the dashboard running", arguments: ["1e300", "9223372036854775807", "-5"])
    func absurdExpiry(expiresIn: String) async throws {
        try await PeerServer.with(["--mode", "expires", "--expires-in", expiresIn], script: "hostile_peer.py") { peer in
            let name = "absurd-\(UUID().uuidString.prefix(6).lowercased())"
            let config = try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "clientCredentials", "style": "post",
                  "tokenURL": "http://127.0.0.1:\#(peer.port)/token", "clientId": "hostile-client", "clientSecret": "${SECRET}"}}}}
                """#)
            defer { Task { for field in ["accessToken", "refreshToken", "idToken"] { try? await cli.clearSecret(server: name, field: field) } } }
            let session = try await TmuxSession.start("\(CLIRunner.binary) --config \(config)", cli: cli, environment: [
                "SECRET": "hostile-secret", "XDG_STATE_HOME": cli.home + "/state", "XDG_CONFIG_HOME": cli.home + "/config", "HOME": cli.home,
            ])
            defer { Task { await session.kill() } }
            // The first health check may already have fetched a token (client credentials need
            // no user): wait until the row settles, signed in or out, then log in with l.
            let marker = { (screen: String) -> Character? in
                screen.split(separator: "\n").first { $0.contains(name) }?.trimmingCharacters(in: .whitespaces).first
            }
            try await session.waitFor("the row to settle") { ["●", "○"].contains(marker($0)) }
            let before = try await tokenRequests(peer)
            try await session.send("l", literal: true)
            let deadline = ContinuousClock.now + .seconds(30)
            var after = before
            repeat {
                try await Task.sleep(for: .milliseconds(100))
                after = try await tokenRequests(peer)
            } while after == before && ContinuousClock.now < deadline
            #expect(after > before, "l asked for no token")
            // Signed in and re-checked: the row is healthy, its lifetime clamped or unknown.
            let screen = try await session.waitFor("the login and its re-check") { marker($0) == "●" && !$0.contains("EXIT=") }
            let row = screen.split(separator: "\n").first { $0.contains(name) }.map(String.init) ?? ""
            #expect(row.contains(expiresIn == "-5" ? "—" : "3649d"), "\(row)")
            #expect(!screen.contains("hostile-access-"), "a token is on screen")
            try await session.send("q", literal: true)
            try await session.waitFor("EXIT=0")
            #expect(try session.terminalRestored())
        }
    }

    /// How many token requests `peer` has answered.
    private func tokenRequests(_ peer: PeerServer) async throws -> Int {
        try await peer.counts()["token"] ?? 0
    }
}
