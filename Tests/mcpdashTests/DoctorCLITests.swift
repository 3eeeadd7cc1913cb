import Foundation
import Testing

/// `mcpdash doctor` against real keyring states: ready, locked, no session bus, no Secret Service.
@Suite("CLI doctor")
struct DoctorCLITests {
    let cli = CLIRunner()

    struct Output: Decodable {
        struct Check: Decodable {
            let name: String
            let status: String
            let detail: String
            let hint: String?
        }
        let ok: Bool
        let checks: [Check]

        func check(_ name: String) -> Check? { checks.first { $0.name == name } }
    }

    func doctor(program: String? = nil, arguments: [String]? = nil, environment: [String: String?] = [:]) async throws -> (CLIRunner.Result, Output) {
        let result = try await cli.run(arguments ?? ["doctor", "--json"], program: program, environment: environment)
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        return (result, output)
    }

    @Test("with a valid config and an unlocked keyring everything is ok")
    func allReady() async throws {
        try cli.writeConfig(#"{"mcpServers": {"a": {"url": "https://a.example/mcp"}}}"#)
        let (result, output) = try await doctor(environment: ["BROWSER": "true", "TERM": "xterm-256color"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(output.ok)
        #expect(output.check("config")?.detail.contains("1 server in") == true)
        #expect(output.check("keyring")?.status == "ok")
        #expect(output.check("state")?.status == "ok")
        #expect(output.check("browser")?.detail == "$BROWSER is true")
        #expect(output.check("terminal")?.status == "ok")
    }

    @Test("a broken config, a dumb terminal and a missing browser are each reported with a hint")
    func problems() async throws {
        try cli.writeConfig("{ nope")
        let (result, output) = try await doctor(environment: ["TERM": "dumb", "BROWSER": nil, "PATH": "/nonexistent"])
        #expect(result.status == 1)
        #expect(output.check("config")?.status == "failure")
        #expect(output.check("config")?.detail.contains("servers.json:1:") == true)
        #expect(output.check("terminal")?.status == "failure")
        #expect(output.check("terminal")?.detail == "TERM=dumb cannot move the cursor")
        #expect(output.check("browser")?.status == "warning")
    }

    @Test("no session bus is told apart from a locked keyring")
    func noSessionBus() async throws {
        let runtime = cli.home + "/runtime"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let (result, output) = try await doctor(environment: ["DBUS_SESSION_BUS_ADDRESS": nil, "DISPLAY": nil, "XDG_RUNTIME_DIR": runtime])
        #expect(result.status == 1)
        #expect(output.check("keyring")?.status == "failure")
        #expect(output.check("keyring")?.detail.hasPrefix("no session bus") == true, "\(output.check("keyring")?.detail ?? "")")
        #expect(output.check("keyring")?.hint?.contains("dbus-run-session") == true)
    }

    @Test("a locked keyring is reported as locked, with how to unlock it")
    func lockedKeyring() async throws {
        let (result, output) = try await doctor(program: CLIRunner.repositoryRoot + "/scripts/with-keyring", arguments: ["sh", "-c", """
            dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
              org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
            exec "\(CLIRunner.binary)" doctor --json
            """])
        #expect(result.status == 1)
        #expect(output.check("keyring")?.detail == "locked")
        #expect(output.check("keyring")?.hint?.contains("gnome-keyring-daemon --unlock") == true)
    }

    @Test("a session bus with no Secret Service provider is reported as such")
    func noProvider() async throws {
        let busConfig = cli.home + "/bus.xml"
        try """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:tmpdir=/tmp</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """.write(toFile: busConfig, atomically: true, encoding: .utf8)
        let (result, output) = try await doctor(program: "/usr/bin/dbus-run-session",
                                          arguments: ["--config-file=\(busConfig)", "--", CLIRunner.binary, "doctor", "--json"],
                                          environment: ["DISPLAY": nil])
        #expect(result.status == 1)
        #expect(output.check("keyring")?.detail.hasPrefix("no Secret Service provider") == true, "\(output.check("keyring")?.detail ?? "")")
        #expect(output.check("keyring")?.hint?.contains("gnome-keyring-daemon --start") == true)
    }

    @Test("--insecure-storage turns a missing keyring into a warning and reports the file fallback")
    func insecureFallback() async throws {
        try cli.writeConfig(#"{"mcpServers": {"a": {"url": "https://a.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}}}}"#)
        let runtime = cli.home + "/runtime"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let (_, output) = try await doctor(arguments: ["doctor", "--json", "--insecure-storage"],
                                     environment: ["DBUS_SESSION_BUS_ADDRESS": nil, "DISPLAY": nil, "XDG_RUNTIME_DIR": runtime])
        #expect(output.check("keyring")?.status == "warning")
        #expect(output.check("file storage")?.detail.contains("secrets of a are kept in the insecure file store") == true)
    }
}
