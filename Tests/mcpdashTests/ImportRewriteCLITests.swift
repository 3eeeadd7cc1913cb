import Foundation
import MCP
import MCPDashCore
import Testing

/// `import --rewrite`: the source client's file takes its credentials from mcpdash afterwards,
/// its literal secrets gone (from the backup too), the secrets only in the keyring, and the
/// rewritten entries really produce them.
@Suite("import --rewrite round trips")
struct ImportRewriteCLITests {
    let cli = CLIRunner()

    /// Runs `command` through the shell as a client would, with the test's environment.
    func shell(_ command: String, environment: [String: String?] = [:]) async throws -> CLIRunner.Result {
        try await cli.run(["-c", command], program: "/bin/sh", environment: environment)
    }

    /// Runs a rewritten stdio entry, as the client would start it, with its command after `--` replaced by `probe`.
    func start(_ entry: [String: Value], replacingCommandWith probe: [String]) async throws -> CLIRunner.Result {
        let args = (entry["args"]?.arrayValue ?? []).compactMap { $0.stringValue }
        let separator = try #require(args.firstIndex(of: "--"))
        let command = try #require(entry["command"]?.stringValue)
        return try await cli.run(Array(args[...separator]) + probe, program: command)
    }

    func parsed(_ path: String) throws -> [String: Value] {
        try LenientJSON.parseObject(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test("Claude Code: an HTTP entry gets a headersHelper that prints the token, a stdio entry runs through mcpdash exec; other keys and projects stay")
    func claudeCode() async throws {
        let id = UUID().uuidString.prefix(6)
        let (http, stdio) = ("cc-http-\(id)", "cc-stdio-\(id)")
        let token = "canary-cc-token-\(UUID().uuidString.prefix(8))"
        let key = "canary-cc-key-\(UUID().uuidString.prefix(8))"
        defer {
            Task { [cli] in
                try? await cli.clearSecret(server: http, field: "token")
                try? await cli.clearSecret(server: stdio, field: "env:GEKKO_API_KEY")
            }
        }
        let source = cli.home + "/.claude.json"
        try """
            {
              "numStartups": 42,
              "theme": "dark",
              "mcpServers": {
                "\(http)": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer \(token)", "X-Team": "ops"}},
                "\(stdio)": {"type": "stdio", "command": "/bin/sh", "args": ["-c", "printf %s \\"$GEKKO_API_KEY\\""], "env": {"GEKKO_API_KEY": "\(key)", "LOG": "info"}},
                "open": {"type": "http", "url": "https://open.example.com/mcp"}
              },
              "projects": {"/srv/app": {"allowedTools": ["Bash"], "mcpServers": {}}}
            }
            """.write(toFile: source, atomically: true, encoding: .utf8)

        let dry = try await cli.run(["import", "--from", "claude-code", "--rewrite", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would become") && dry.stdout.contains("\(http): headersHelper"), "\(dry.stdout)")
        #expect(!(dry.stdout + dry.stderr).contains(token) && !(dry.stdout + dry.stderr).contains(key))
        #expect(try String(contentsOfFile: source, encoding: .utf8).contains(token), "a dry run rewrote the source")

        let result = try await cli.run(["import", "--from", "claude-code", "--rewrite"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Rewrote \(source)"), "\(result.stdout)")
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let backup = try String(contentsOfFile: source + ".bak", encoding: .utf8)
        for canary in [token, key] {
            #expect(!text.contains(canary) && !backup.contains(canary), "a secret stayed in the source file or its backup")
            #expect(!(result.stdout + result.stderr).contains(canary))
        }
        #expect(try await cli.lookupSecret(server: http, field: "token") == token)
        #expect(try await cli.lookupSecret(server: stdio, field: "env:GEKKO_API_KEY") == key)

        let root = try parsed(source)
        #expect(root["numStartups"] == .int(42) && root["projects"]?.objectValue?["/srv/app"]?.objectValue?["allowedTools"] == .array(["Bash"]))
        let servers = try #require(root["mcpServers"]?.objectValue)
        #expect(servers["open"] == .object(["type": "http", "url": "https://open.example.com/mcp"]), "an entry without secrets is untouched")
        let httpEntry = try #require(servers[http]?.objectValue)
        #expect(httpEntry["url"] == .string("https://mcp.example.com/mcp"))
        #expect(httpEntry["headers"] == .object(["X-Team": "ops"]))
        let helper = try #require(httpEntry["headersHelper"]?.stringValue)
        #expect(helper.hasSuffix(" headers \(http)"))
        let headers = try await shell(helper, environment: ["CLAUDE_CODE_MCP_SERVER_NAME": http])
        #expect(headers.status == 0, "\(headers.stderr)")
        #expect(headers.stdout.contains("\"Authorization\":\"Bearer \(token)\"") || headers.stdout.contains("\"Authorization\" : \"Bearer \(token)\""),
                "the helper prints the header Claude Code will send: \(headers.stdout)")

        let stdioEntry = try #require(servers[stdio]?.objectValue)
        #expect(stdioEntry["env"] == .object(["LOG": "info"]), "the secret left the entry's env")
        let stdioArgs = (stdioEntry["args"]?.arrayValue ?? []).compactMap { $0.stringValue }
        let stdioCommand = try #require(stdioEntry["command"]?.stringValue)
        let started = try await cli.run(stdioArgs, program: stdioCommand)
        #expect(started.status == 0 && started.stdout == key, "the server gets its secret from mcpdash exec: \(started.stdout)\(started.stderr)")

        let again = try await cli.run(["import", "--from", "claude-code", "--rewrite"])
        #expect(again.status == 0 && again.stdout.contains("nothing to rewrite"), "a second run finds nothing left: \(again.stdout)")
    }

    @Test("Cursor: an HTTP entry becomes mcpdash exec + mcp-remote with the header from the environment; an earlier import is rewritten when the keyring holds its secret")
    func cursor() async throws {
        let name = "cursor-\(UUID().uuidString.prefix(6))"
        let key = "canary-cursor-\(UUID().uuidString.prefix(8))"
        defer { Task { [cli] in try? await cli.clearSecret(server: name, field: "header:X-API-Key") } }
        let source = cli.home + "/.cursor/mcp.json"
        try FileManager.default.createDirectory(atPath: cli.home + "/.cursor", withIntermediateDirectories: true)
        try """
            {
              "mcpServers": {
                "\(name)": {"url": "https://kb.example.com/mcp", "headers": {"X-API-Key": "\(key)", "X-Region": "eu"}}
              }
            }
            """.write(toFile: source, atomically: true, encoding: .utf8)
        let first = try await cli.run(["import", "--from", "cursor"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try String(contentsOfFile: source, encoding: .utf8).contains(key), "without --rewrite the source stays")

        let result = try await cli.run(["import", "--from", "cursor", "--rewrite"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(name): mcpdash exec + mcp-remote"), "\(result.stdout)")
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let backup = try String(contentsOfFile: source + ".bak", encoding: .utf8)
        #expect(!text.contains(key) && !backup.contains(key))
        let root = try parsed(source)
        let entry = try #require(root["mcpServers"]?.objectValue?[name]?.objectValue)
        let args = (entry["args"]?.arrayValue ?? []).compactMap { $0.stringValue }
        #expect(Array(args.suffix(8)) == ["npx", "-y", "mcp-remote", "https://kb.example.com/mcp",
                                          "--header", "X-API-Key:${MCP_HEADER_X_API_KEY}", "--header", "X-Region:eu"], "\(args)")
        let probe = try await start(entry, replacingCommandWith: ["/bin/sh", "-c", #"printf %s "$MCP_HEADER_X_API_KEY""#])
        #expect(probe.status == 0 && probe.stdout == key, "mcp-remote finds the header's value in its environment: \(probe.stderr)")
    }

    @Test("VS Code: comments stay, the entry becomes a stdio one, --rewrite refuses formats it cannot rewrite")
    func vscode() async throws {
        let name = "vsc-\(UUID().uuidString.prefix(6))"
        let token = "canary-vsc-\(UUID().uuidString.prefix(8))"
        defer { Task { [cli] in try? await cli.clearSecret(server: name, field: "token") } }
        try FileManager.default.createDirectory(atPath: cli.home + "/.vscode", withIntermediateDirectories: true)
        let source = cli.home + "/.vscode/mcp.json"
        try """
            {
              // shared with the team, minus the token
              "inputs": [],
              "servers": {
                "\(name)": {"type": "http", "url": "https://vs.example.com/mcp", "headers": {"Authorization": "Bearer \(token)"}}
              }
            }
            """.write(toFile: source, atomically: true, encoding: .utf8)
        let result = try await cli.run(["import", source, "--rewrite"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: source, encoding: .utf8)
        #expect(text.contains("// shared with the team, minus the token") && !text.contains(token), "\(text)")
        let root = try parsed(source)
        let entry = try #require(root["servers"]?.objectValue?[name]?.objectValue)
        #expect(entry["type"] == .string("stdio"))
        let probe = try await start(entry, replacingCommandWith: ["/bin/sh", "-c", #"printf %s "$MCP_HEADER_AUTHORIZATION""#])
        #expect(probe.stdout == "Bearer \(token)", "\(probe.stderr)")

        let omni = cli.home + "/servers_config.json"
        try #"{"mcpServers": {"o": {"transport_type": "streamable_http", "url": "https://o.example/mcp"}}}"#.write(toFile: omni, atomically: true, encoding: .utf8)
        let refused = try await cli.run(["import", omni, "--rewrite"])
        #expect(refused.status == 65 && refused.stderr.contains("--rewrite does not rewrite mcpomni files"), "\(refused.stderr)")
    }
}
