import Foundation
import Testing

/// The dashboard driven as a person drives it: in a tmux pane, with keys in and screen text out.
struct TmuxSession: Sendable {
    let cli: CLIRunner
    let socket: String
    let marker: String

    static var tmux: String? { ["/usr/bin/tmux", "/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } }

    /// Starts `command` (a shell line) in a `width`×`height` pane; `stty -g` is saved before and
    /// after it runs, and its exit status printed as `EXIT=N`.
    static func start(_ command: String, cli: CLIRunner, width: Int = 120, height: Int = 40,
                      environment: [String: String] = [:]) async throws -> TmuxSession {
        let tmux = try #require(Self.tmux, "the dashboard tests need tmux; run scripts/setup")
        let marker = UUID().uuidString.prefix(8).lowercased()
        let session = TmuxSession(cli: cli, socket: cli.home + "/tmux-\(marker).sock", marker: String(marker))
        let script = cli.home + "/run-\(marker).sh"
        try """
            stty -g > \(cli.home)/stty-before-\(marker)
            \(command)
            echo EXIT=$?
            stty -g > \(cli.home)/stty-after-\(marker)
            sleep 600
            """.write(toFile: script, atomically: true, encoding: .utf8)
        var arguments = ["-S", session.socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)",
                         "-e", "TERM=tmux-256color", "-e", "LANG=C.UTF-8"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments += ["sh \(script)"]
        let result = try await cli.run(arguments, program: tmux)
        try #require(result.status == 0, "tmux did not start: \(result.stderr)")
        return session
    }

    /// The pane's text now.
    func capture() async throws -> String {
        try await cli.run(["-S", socket, "capture-pane", "-p"], program: Self.tmux ?? "tmux").stdout
    }

    /// Presses keys (tmux key names: `Enter`, `Escape`, `Up`, or literal text with `literal`).
    func send(_ keys: String..., literal: Bool = false) async throws {
        _ = try await cli.run(["-S", socket, "send-keys"] + (literal ? ["-l"] : []) + keys, program: Self.tmux ?? "tmux")
    }

    /// Presses raw bytes (a mouse report, say), sent as one write.
    func sendBytes(_ bytes: [UInt8]) async throws {
        _ = try await cli.run(["-S", socket, "send-keys", "-H"] + bytes.map { String(format: "%02x", $0) }, program: Self.tmux ?? "tmux")
    }

    /// A left click at the cell (`x`, `y`), counted from 0, as an xterm reports it (press, then release).
    func click(x: Int, y: Int) async throws {
        try await sendBytes([0x1B, 0x5B, 0x4D, 0x20, UInt8(0x21 + x), UInt8(0x21 + y)])
        try await sendBytes([0x1B, 0x5B, 0x4D, 0x23, UInt8(0x21 + x), UInt8(0x21 + y)])
    }

    /// One notch of the wheel at (`x`, `y`): up or down.
    func wheel(up: Bool, x: Int, y: Int) async throws {
        try await sendBytes([0x1B, 0x5B, 0x4D, up ? 0x60 : 0x61, UInt8(0x21 + x), UInt8(0x21 + y)])
    }

    /// Copies every byte the program writes from now on into `path` (escape sequences included).
    func record(to path: String) async throws {
        _ = try await cli.run(["-S", socket, "pipe-pane", "-o", "cat >> '\(path)'"], program: Self.tmux ?? "tmux")
    }

    /// Resizes the window.
    func resize(width: Int, height: Int) async throws {
        _ = try await cli.run(["-S", socket, "resize-window", "-x", "\(width)", "-y", "\(height)"], program: Self.tmux ?? "tmux")
    }

    /// Waits until the screen satisfies `condition` (polling, no fixed sleeps); returns that screen.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        // Polls until the deadline, then looks once more: with every test of the suite running
        // at once, this task can be kept off the two threads for seconds at a time.
        repeat {
            screen = try await capture()
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        screen = try await capture()
        if condition(screen) { return screen }
        Issue.record("timed out waiting for \(what); the screen was:\n\(screen)")
        throw TimedOut(what: what)
    }

    /// Waits until `text` is on screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(20)) async throws -> String {
        try await waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Whether the terminal settings after the command equal those before it.
    func terminalRestored() throws -> Bool {
        let before = try String(contentsOfFile: cli.home + "/stty-before-\(marker)", encoding: .utf8)
        let after = try String(contentsOfFile: cli.home + "/stty-after-\(marker)", encoding: .utf8)
        return !before.isEmpty && before == after
    }

    /// Ends the tmux server.
    func kill() async {
        _ = try? await cli.run(["-S", socket, "kill-server"], program: Self.tmux ?? "tmux")
    }

    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }
}
