import Foundation
import MCPDashCore
import Testing

/// The dashboard's everyday conveniences in a real terminal: copying (the OSC 52 bytes read
/// off the pane), the login URL as a link, a config reloaded when it changes, the mouse, Ctrl-Z.
@Suite("the dashboard's conveniences in tmux")
struct OperatorTmuxTests {
    let cli = CLIRunner()

    var environment: [String: String] {
        ["XDG_STATE_HOME": cli.home + "/state", "XDG_CONFIG_HOME": cli.home + "/config", "HOME": cli.home]
    }

    /// The payloads of the OSC 52 sequences in what the pane received, decoded.
    func copied(_ path: String) throws -> [String] {
        let raw = (try? String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)) ?? ""
        return raw.components(separatedBy: "\u{1B}]52;c;").dropFirst().compactMap { part in
            guard let end = part.firstIndex(of: "\u{07}"), let data = Data(base64Encoded: String(part[..<end])) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test("the login URL is on rows of its own as an OSC 8 link and y puts it on the clipboard with OSC 52; an event opens whole and y copies it")
    func copyOut() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { oauth in
            let config = try cli.writeConfig(#"{"mcpServers": {"oauth-local": {"url": "\#(oauth.url)", "auth": {"method": "oauth"}}}}"#)
            var environment = self.environment
            environment["BROWSER"] = "/bin/true"
            let session = try await TmuxSession.start("\(CLIRunner.binary) --config \(config)", cli: cli, environment: environment)
            defer { Task { await session.kill() } }
            let raw = cli.home + "/pane.raw"
            try await session.record(to: raw)
            try await session.waitFor("oauth-local")
            try await session.send(":", literal: true)
            try await session.send("login oauth-local", literal: true)
            try await session.send("Enter")
            let screen = try await session.waitFor("the login URL") { $0.contains("Open the URL below") && $0.contains("/authorize?") }
            let urlRows = screen.split(separator: "\n").filter { $0.contains("/authorize?") || $0.contains("code_challenge") }
            #expect(!urlRows.isEmpty && urlRows.allSatisfy { !$0.contains("│") }, "the URL rows hold no border: \(urlRows)")

            try await session.send("y", literal: true)
            try await session.waitFor("copied the login URL to the clipboard")
            let url = try #require(try copied(raw).last, "no OSC 52 sequence reached the terminal")
            #expect(url.hasPrefix("http://127.0.0.1:") && url.contains("/authorize?") && url.contains("code_challenge=") && url.contains("state="), "\(url)")
            #expect(screen.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains(url),
                    "the copied URL is the one on screen")
            let bytes = try String(decoding: Data(contentsOf: URL(fileURLWithPath: raw)), as: UTF8.self)
            #expect(bytes.contains("\u{1B}]8;id=mcpdash-0;\(url)\u{1B}\\"), "the URL is drawn inside an OSC 8 link")

            try await session.send("Escape")
            try await session.waitFor("the login to close") { !$0.contains("Open the URL below") }
            try await session.send("e", literal: true)
            // The journal is read in the background: wait for its rows before opening one.
            try await session.waitFor("the journal") { $0.contains("events · oauth-local") && $0.contains("OUTCOME") && !$0.contains("no events yet") }
            try await session.send("Enter")
            try await session.waitFor("y copies the message")
            try await session.send("y", literal: true)
            try await session.waitFor("copied the event's message")
            let message = try #require(try copied(raw).last)
            #expect(message != url && !message.isEmpty)
            try await session.send("Escape")
            try await session.send("q", literal: true)
            try await session.waitFor("EXIT=0")
        }
    }

    @Test("an edited config is read again: a new server appears; a broken edit keeps the table and says why")
    func reload() async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {"alpha": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let session = try await TmuxSession.start("\(CLIRunner.binary) --config \(config)", cli: cli, environment: environment)
        defer { Task { await session.kill() } }
        try await session.waitFor("alpha")
        try #"{"mcpServers": {"alpha": {"url": "http://127.0.0.1:9/mcp"}, "beta": {"url": "http://127.0.0.1:9/beta"}}}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let screen = try await session.waitFor("the reload") { $0.contains("config reloaded: 2 servers, new: beta") }
        #expect(screen.contains("2 servers"))
        try #"{"mcpServers": {"alpha": {"url": "#.write(toFile: config, atomically: false, encoding: .utf8)
        let broken = try await session.waitFor("the broken edit") { $0.contains("config not reloaded, the last good one stays") }
        #expect(broken.contains("beta") && broken.contains("alpha"), "the last good table stays: \(broken)")
        try await session.send("q", literal: true)
        try await session.waitFor("EXIT=0")
    }

    @Test("a click selects a row and a click on a key hint runs it; the wheel moves the selection")
    func mouse() async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {"alpha": {"url": "http://127.0.0.1:9/a"}, "beta": {"url": "http://127.0.0.1:9/b"}, "gamma": {"url": "http://127.0.0.1:9/c"}}}"#)
        let session = try await TmuxSession.start("\(CLIRunner.binary) --config \(config)", cli: cli, width: 100, height: 30, environment: environment)
        defer { Task { await session.kill() } }
        var screen = try await session.waitFor("gamma")
        func row(_ name: String, _ screen: String) throws -> Int {
            try #require(screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(" \(name) ") })
        }
        func hint(_ text: String, _ screen: String) throws -> (x: Int, y: Int) {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let y = try #require(lines.lastIndex { $0.contains(text) }, "no hint \(text) on screen")
            let range = try #require(lines[y].range(of: text))
            return (lines[y].distance(from: lines[y].startIndex, to: range.lowerBound), y)
        }
        try await session.click(x: 5, y: try row("gamma", screen))
        // Wait for the hint bar (messages from the first checks clear after a while).
        screen = try await session.waitFor("the key hints", timeout: .seconds(30)) { $0.contains("e events") }
        let events = try hint("e events", screen)
        try await session.click(x: events.x, y: events.y)
        try await session.waitFor("events · gamma")
        try await session.send("Escape")
        screen = try await session.waitFor("alpha")
        try await session.wheel(up: true, x: 5, y: try row("beta", screen))
        try await session.send("e", literal: true)
        try await session.waitFor("the wheel's selection") { $0.contains("events · alpha") }
        try await session.send("q", literal: true)
        try await session.waitFor("EXIT=0")
    }

    @Test("Ctrl-Z hands the terminal back to the shell in its normal mode; fg brings the dashboard back whole")
    func suspend() async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {"alpha": {"url": "http://127.0.0.1:9/mcp"}}}"#)
        let session = try await TmuxSession.start("bash --norc --noprofile -i", cli: cli, environment: environment)
        defer { Task { await session.kill() } }
        try await session.waitFor("bash-")
        try await session.send("PS1='shell$ '", literal: true)
        try await session.send("Enter")
        try await session.waitFor("shell$")
        try await session.send("\(CLIRunner.binary) --config \(config)", literal: true)
        try await session.send("Enter")
        // The first check has run: the loop is reading keys.
        try await session.waitFor("alpha checked") { $0.contains("✗ alpha") }
        try await session.send("C-z")
        // Under a full suite's load a key can land while the loop is between frames; one more
        // press is allowed, and a dashboard that never stops still fails below.
        if (try? await session.waitFor("the shell's Stopped", timeout: .seconds(10)) { $0.contains("Stopped") }) == nil {
            try await session.send("C-z")
            try await session.waitFor("Stopped")
        }
        try await session.send(#"s=$(stty -a); case "$s" in *-icanon*|*" -echo "*|*-isig*) echo MODE=raw;; *) echo MODE=cooked;; esac"#, literal: true)
        try await session.send("Enter")
        try await session.waitFor("MODE=cooked")
        try await session.send("fg", literal: true)
        try await session.send("Enter")
        let back = try await session.waitFor("the dashboard again") { $0.contains("mcpdash · 1 server") && $0.contains("alpha") && !$0.contains("Stopped") }
        #expect(!back.contains("MODE=cooked"), "the whole screen is redrawn")
        try await session.send("q", literal: true)
        try await session.waitFor("the shell again") { $0.split(separator: "\n").last { !$0.isEmpty }?.hasPrefix("shell$") == true }
    }
}
