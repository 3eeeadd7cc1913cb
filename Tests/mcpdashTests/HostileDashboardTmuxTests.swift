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
            try await session.waitFor("the signed-out row") { $0.contains(name) && $0.contains("signed out") }
            try await session.send("l", literal: true)
            // Signed in and re-checked: the row is healthy, its lifetime clamped or unknown.
            let screen = try await session.waitFor("the login and its re-check") { screen in
                screen.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("● \(name)") }
            }
            let row = screen.split(separator: "\n").first { $0.contains(name) }.map(String.init) ?? ""
            #expect(row.contains(expiresIn == "-5" ? "—" : "3649d"), "\(row)")
            #expect(!screen.contains("EXIT="), "the dashboard ended: \(screen)")
            #expect(!screen.contains("hostile-access-"), "a token is on screen")
            try await session.send("q", literal: true)
            try await session.waitFor("EXIT=0")
            #expect(try session.terminalRestored())
        }
    }
}
