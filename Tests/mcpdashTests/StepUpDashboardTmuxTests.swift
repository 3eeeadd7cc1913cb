import Foundation
import Testing

/// Step-up from the dashboard, in tmux: a server whose health check meets a 403
/// `insufficient_scope` shows the scope it needs in the row, and `l` logs in for the union.
@Suite("step-up in the dashboard")
struct StepUpDashboardTmuxTests {
    let cli = CLIRunner()

    @Test("a row refused for scope says which scope it needs; l logs in for the union and the row turns healthy")
    func stepUpWithL() async throws {
        try await ConformancePeer.with("step-up-ping") { peer in
            let name = "stepup-\(UUID().uuidString.prefix(6).lowercased())"
            let config = try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
            defer { Task { for field in ["accessToken", "refreshToken"] { try? await cli.clearSecret(server: name, field: field) } } }
            let login = try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser])
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout.contains("scopes mcp:basic"), "\(login.stdout)")
            let session = try await TmuxSession.start("\(CLIRunner.binary) --config \(config)", cli: cli, environment: [
                "BROWSER": PeerServer.browser, "XDG_STATE_HOME": cli.home + "/state", "XDG_CONFIG_HOME": cli.home + "/config", "HOME": cli.home,
            ])
            defer { Task { await session.kill() } }
            _ = try await session.waitFor("the row to need a scope", timeout: .seconds(60)) { $0.contains("+mcp:write") }
            try await session.send("l", literal: true)
            let row = { (screen: String) -> String in screen.split(separator: "\n").first { $0.contains(name) }.map(String.init) ?? "" }
            let screen = try await session.waitFor("the step-up login and its re-check", timeout: .seconds(60)) {
                row($0).trimmingCharacters(in: .whitespaces).hasPrefix("●")
            }
            #expect(!row(screen).contains("needs"), "\(row(screen))")
            try await peer.expectPassed(["step-up-union"])
            try await session.send("q", literal: true)
            _ = try await session.waitFor("EXIT=0")
        }
    }
}
