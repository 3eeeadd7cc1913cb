import Foundation
import MCPDashCore
import Testing

/// `add` and `edit` on a terminal, driven in tmux: the prompts for what is missing, the
/// secret typed without echo and stored in the keyring, the offer to edit again.
@Suite("add and edit on a terminal")
struct AddPromptTmuxTests {
    let cli = CLIRunner()

    var environment: [String: String] {
        ["XDG_STATE_HOME": cli.home + "/state", "XDG_CONFIG_HOME": cli.home + "/config", "HOME": cli.home]
    }

    @Test("add asks for a missing client id (shown) and the client secret (never shown), then stores the secret in the keyring")
    func prompts() async throws {
        let name = "prompted-\(UUID().uuidString.prefix(6))"
        let secret = "canary-prompt-\(UUID().uuidString.prefix(8))"
        defer { Task { [cli] in try? await cli.clearSecret(server: name, field: "clientSecret") } }
        let config = try cli.writeConfig(#"{"mcpServers": {}}"#)
        let session = try await TmuxSession.start("\(CLIRunner.binary) add \(name) https://cc.example/mcp --auth clientCredentials --token-url https://cc.example/token --config \(config)",
                                                  cli: cli, environment: environment)
        defer { Task { await session.kill() } }
        try await session.waitFor("clientId (the client id):")
        try await session.send("svc-client", literal: true)
        try await session.send("Enter")
        try await session.waitFor("clientSecret for \(name) (hidden; Enter to set it later):")
        try await session.send(secret, literal: true)
        try await session.send("Enter")
        let screen = try await session.waitFor("EXIT=0")
        #expect(screen.contains("stored clientSecret in the secret store"), "\(screen)")
        #expect(!screen.contains(secret), "the secret was echoed")
        #expect(try await cli.lookupSecret(server: name, field: "clientSecret") == secret)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(text.contains(#""clientId": "svc-client""#) && text.contains(#""clientSecret": "keyring:""#) && !text.contains(secret))
        #expect(try session.terminalRestored())
    }

    @Test("edit on a terminal offers to edit again after a broken edit; declining keeps the old file")
    func editAgain() async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {"a": {"url": "https://a.example/mcp"}}}"#)
        let editor = cli.home + "/break.sh"
        try "#!/bin/sh\nprintf '{ \"mcpServers\": ' > \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let session = try await TmuxSession.start("EDITOR=\(editor) \(CLIRunner.binary) edit --config \(config)", cli: cli, environment: environment)
        defer { Task { await session.kill() } }
        try await session.waitFor("edit again? [Y/n]")
        try await session.send("n", literal: true)
        try await session.send("Enter")
        let screen = try await session.waitFor("EXIT=78")
        #expect(screen.contains("your edit is kept in"), "\(screen)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == #"{"mcpServers": {"a": {"url": "https://a.example/mcp"}}}"#)
    }
}
