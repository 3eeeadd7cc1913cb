import Foundation
import MCPDashCore
import Testing

/// The dashboard end to end, in tmux, against live peers, as an operator would use it.
@Suite("the dashboard in tmux")
struct DashboardTmuxTests {
    let cli = CLIRunner()

    var binary: String { CLIRunner.binary }

    @Test("the table, a ticking countdown, login from the keyboard, whoami, triage of a failing server, themes, resize, quit")
    func operatorSession() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { oauth in
            try await PeerServer.with(["--auth", "bearer", "--token", "tmux-token-0123456789=carol"]) { bearer in
                try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer error="invalid_token", error_description="revoked""#]) { refusing in
                    let config = try cli.writeConfig(#"""
                        {"mcpServers": {
                          "oauth-local": {"url": "\#(oauth.url)", "auth": {"method": "oauth"}, "tags": ["dev"]},
                          "bearer-local": {"url": "\#(bearer.url)", "auth": {"method": "bearer", "token": "${TMUX_TOKEN}"}},
                          "refusing": {"url": "\#(refusing.url)", "auth": {"method": "bearer", "token": "${TMUX_TOKEN}"}},
                          "files": {"command": "\#(PeerServer.python)", "args": ["\#(PeerServer.script)", "--transport", "stdio"]}
                        }}
                        """#)
                    let session = try await TmuxSession.start("\(binary) --config \(config)", cli: cli, environment: [
                        "TMUX_TOKEN": "tmux-token-0123456789", "BROWSER": PeerServer.browser,
                        "XDG_STATE_HOME": cli.home + "/state", "XDG_CONFIG_HOME": cli.home + "/config", "HOME": cli.home,
                    ])
                    defer { Task { await session.kill() } }
                    // Every server, checked.
                    var screen = try await session.waitFor("the health checks") { $0.contains("● bearer-local") && $0.contains("✗ refusing") }
                    #expect(screen.contains("○ oauth-local") && screen.contains("signed out"))
                    #expect(screen.contains("files"))
                    #expect(!screen.contains("tmux-token-0123456789"), "a secret is on screen")

                    // Log in from the keyboard; the scripted browser completes it; the row gets a countdown.
                    try await session.send(":", literal: true)
                    try await session.send("login oauth-local", literal: true)
                    try await session.send("Enter")
                    screen = try await session.waitFor("the login") { screen in
                        screen.split(separator: "\n").contains { $0.contains("oauth-local") && $0.contains("59m") }
                    }
                    let first = screen.split(separator: "\n").first { $0.contains("oauth-local") }.map(String.init) ?? ""
                    let second = try await session.waitFor("the countdown to tick") { screen in
                        let row = screen.split(separator: "\n").first { $0.contains("oauth-local") }.map(String.init) ?? ""
                        return !row.isEmpty && row != first
                    }
                    // Signed in: ok, not checked yet, or the re-check a new credential starts (busy).
                    #expect(second.contains("● oauth-local") || second.contains("· oauth-local") || second.contains("… oauth-local"), "\(second)")

                    // whoami shows the subject.
                    try await session.send(":", literal: true)
                    try await session.send("whoami bearer-local", literal: true)
                    try await session.send("Enter")
                    try await session.waitFor(#""sub":"carol""#)

                    // Triage of the failing server shows the verdict and its fix key.
                    try await session.send(":", literal: true)
                    try await session.send("diagnose refusing", literal: true)
                    try await session.send("Enter")
                    screen = try await session.waitFor("verdict")
                    #expect(screen.contains("triage · refusing"))
                    #expect(screen.contains("FAIL"))
                    try await session.send("Escape")

                    // Another theme; a resize to 80×24 still shows the table.
                    try await session.send("T", literal: true)
                    try await session.waitFor("theme ")
                    try await session.resize(width: 80, height: 24)
                    screen = try await session.waitFor("the smaller table") { screen in
                        screen.split(separator: "\n").allSatisfy { $0.count <= 80 } && screen.contains("NAME") && screen.contains("refusing")
                    }
                    #expect(screen.split(separator: "\n", omittingEmptySubsequences: false).count <= 25)

                    // Help, then quit; the terminal is as it was.
                    try await session.send("?", literal: true)
                    try await session.waitFor("help · Esc or ? closes")
                    try await session.send("Escape")
                    try await session.send("q", literal: true)
                    try await session.waitFor("EXIT=0")
                    #expect(try session.terminalRestored(), "stty settings differ after quitting")
                }
            }
        }
    }

    @Test("Ctrl-C, SIGTERM and fatal signals (a trap, an abort, a segfault) restore the terminal too",
          arguments: ["ctrl-c", "sigterm", "ILL", "ABRT", "SEGV"])
    func restoredOnInterrupt(how: String) async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {"nowhere": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let tag = UUID().uuidString.prefix(8)
        let session = try await TmuxSession.start("\(binary) --config \(config) --theme light # \(tag)", cli: cli,
                                                  environment: ["XDG_STATE_HOME": cli.home + "/state", "HOME": cli.home])
        defer { Task { await session.kill() } }
        try await session.waitFor("nowhere")
        if how == "ctrl-c" {
            try await session.send("C-c")
        } else {
            let signal = how == "sigterm" ? "TERM" : how
            _ = try await cli.run(["-\(signal)", "-f", "mcpdash --config \(config)"], program: "/usr/bin/pkill")
        }
        try await session.waitFor("EXIT=")
        #expect(try session.terminalRestored())
    }

    @Test("a broken config entry is shown failing with its error; the other servers are listed and the dashboard runs")
    func brokenEntry() async throws {
        let config = try cli.writeConfig("""
            {"mcpServers": {"nowhere": {"url": "http://127.0.0.1:9/mcp"},
                            "broken": {"url": "https://b.example/mcp", "auth": {"method": "apiKey"}}}}
            """)
        let tag = UUID().uuidString.prefix(8)
        let session = try await TmuxSession.start("\(binary) --config \(config) # \(tag)", cli: cli,
                                                  environment: ["XDG_STATE_HOME": cli.home + "/state", "HOME": cli.home])
        defer { Task { await session.kill() } }
        // The status line says so at start (it clears itself later); the row stays.
        try await session.waitFor("the broken row") { $0.contains("✗ broken") && $0.contains("invalid") && $0.contains("nowhere") }
        try await session.send("q")
        try await session.waitFor("EXIT=0")
    }

    @Test("a terminal that cannot address the cursor gets a clear message, not garbage")
    func dumbTerminal() async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {}}"#)
        let session = try await TmuxSession.start("TERM=dumb \(binary) --config \(config)", cli: cli,
                                                  environment: ["XDG_STATE_HOME": cli.home + "/state"])
        defer { Task { await session.kill() } }
        let screen = try await session.waitFor("EXIT=")
        #expect(screen.contains("cannot move the cursor"))
        #expect(screen.contains("EXIT=69"))
    }
}
