import Foundation
import MCPDashCore
import Testing

@Suite("CLI")
struct CLITests {
    let cli = CLIRunner()

    @Test("--version prints the name and version")
    func version() async throws {
        let result = try await cli.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "mcpdash 0.1.0\n")
    }

    @Test("the help text lists every command and the exit codes")
    func help() async throws {
        let result = try await cli.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            OVERVIEW: A terminal dashboard for your MCP servers' connections and credentials.

            Every secret lives in the desktop keyring (libsecret); the file fallback is used only when asked
            for. Exit codes: 0 ok, 1 a check or operation failed, 64 usage, 65 bad input data, 66 file not
            found, 69 secret store or server unavailable, 73 cannot write, 76 protocol error, 77 refused or no
            credential, 78 invalid config.

            USAGE: mcpdash <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              dashboard (default)     Open the dashboard (what `mcpdash` alone does on a terminal; elsewhere it
                                      prints the list).
              list                    List the servers and, offline, your login to each: account, expiry,
                                      storage, tags.
              status                  Check servers: initialize and ping each one (all of them concurrently),
                                      and journal the results.
              whoami                  Ask a server who it thinks you are, and show what your credential says.
              diagnose                Explain a 401/403: the challenge, the discovery chain, the checks, a
                                      verdict and the fix.
              events                  Show the event journal: logins, refreshes, whoami and status results,
                                      imports, 401s.
              login                   Log in to a server by its auth method (browser, device code or client
                                      credentials) and store the tokens.
              refresh                 Refresh a server's token now (or every server's with --all).
              logout                  Forget a server's tokens (and with --forget, its client registration or
                                      every secret); --revoke tells the server first.
              token                   Print a valid access token for a server (refreshing it when due) and
                                      nothing else.
              headers                 Print the JSON object of HTTP headers that authenticate to a server (for
                                      a client's headersHelper).
              rotate                  Replace a server's stored secret: the new value (typed masked, or on
                                      stdin) is tried with a real call first; --rollback restores the previous
                                      one.
              accounts                List a server's named accounts (secrets are stored per account); --use
                                      makes one active.
              exec                    Run a command with a server's credentials in its environment (for another
                                      client's stdio server, or a script).
              agent                   Keep every token fresh and every server checked, in the foreground;
                                      optionally serve Prometheus metrics.
              add                     Add a server to the config: its URL (or command after --), auth method
                                      and fields; secrets are asked for, masked, and go straight to the keyring.
              remove                  Remove a server from the config with its secrets, tokens and
                                      registrations (--keep-secrets keeps its static secrets).
              edit                    Edit the config in $VISUAL or $EDITOR; it is saved only when it loads,
                                      else the old file stays.
              secret                  Set or delete a server's secret in the keyring (the value is typed
                                      masked, or read from stdin).
              import                  Import MCP servers from another client's config into mcpdash's.
              doctor                  Check the config, the keyring, the state database, the browser opener,
                                      TERM and locale.

              See 'mcpdash help <subcommand>' for detailed help.

            """)
    }

    @Test("each command's help names its options")
    func commandHelp() async throws {
        let list = try await cli.run(["list", "--help"]).stdout
        for option in ["--config <path>", "--env-file <path>", "--insecure-storage", "--json"] { #expect(list.contains(option)) }
        let importHelp = try await cli.run(["import", "--help"]).stdout
        for option in ["--from <claude|claude-code|cursor|vscode|mcpomni|mcpdash>", "--force", "--dry-run", "<file>"] {
            #expect(importHelp.contains(option), "import --help lacks \(option)")
        }
        #expect(try await cli.run(["doctor", "--help"]).stdout.contains("--json"))
    }

    @Test("shell completion offers the config's server names, and a server's own secret fields for --field and FIELD")
    func completion() async throws {
        try cli.writeConfig(#"""
            {"mcpServers": {
              "gh": {"url": "https://x.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}, "headers": {"X-Team": "keyring:"}},
              "kb": {"url": "https://y.example/mcp", "auth": {"method": "api-key", "key": "keyring:"}}
            }}
            """#)
        let names = try await cli.run(["---completion", "whoami", "--", "positional@0", "2", "0", "mcpdash", "whoami", ""])
        #expect(names.stdout.split(separator: "\n") == ["gh", "kb"], "\(names.stdout)\(names.stderr)")
        let fields = try await cli.run(["---completion", "rotate", "--", "--field", "4", "0", "mcpdash", "rotate", "gh", "--field", ""])
        #expect(fields.stdout.split(separator: "\n") == ["header:X-Team", "token"], "\(fields.stdout)\(fields.stderr)")
        let secret = try await cli.run(["---completion", "secret", "set", "--", "positional@1", "4", "0", "mcpdash", "secret", "set", "kb", "a"])
        #expect(secret.stdout.split(separator: "\n") == ["apiKey"], "\(secret.stdout)\(secret.stderr)")
        let malformed = try await cli.run(["secret", "set", "kb", "env:"])
        #expect(malformed.status == 64 && malformed.stderr.contains("invalid for '<field>'"), "\(malformed.stderr)")
    }

    @Test("--profile NAME (or MCPDASH_PROFILE) loads .env.NAME over .env; an unknown profile names the file it wanted")
    func profiles() async throws {
        let config = try cli.writeConfig(#"{"mcpServers": {"eka": {"url": "${EKA_API_BASE_URL}/mcp"}}}"#)
        let directory = (config as NSString).deletingLastPathComponent
        try "EKA_API_BASE_URL=https://api-dev.eka.care\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        try "EKA_API_BASE_URL=https://api.eka.care\n".write(toFile: directory + "/.env.production", atomically: true, encoding: .utf8)
        #expect(try await cli.run(["list"]).stdout.contains("https://api-dev.eka.care/mcp"))
        let production = try await cli.run(["list", "--profile", "production"])
        #expect(production.status == 0 && production.stdout.contains("https://api.eka.care/mcp"), "\(production.stdout)\(production.stderr)")
        #expect(try await cli.run(["list"], environment: ["MCPDASH_PROFILE": "production"]).stdout.contains("https://api.eka.care/mcp"))
        let missing = try await cli.run(["list", "--profile", "staging"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains(#"the profile "staging" has no .env.staging beside the config"#), "\(missing.stderr)")
        #expect(try await cli.run(["list", "--help"]).stdout.contains("--profile <name>"))
    }

    @Test("list shows server, transport, auth, account, expiry, login, storage and tags; --json has the same")
    func list() async throws {
        try cli.writeConfig("""
            {"mcpServers": {
              "gekkovet": {"url": "https://mcp.example/mcp", "auth": {"method": "oauth"}, "tags": ["prod"]},
              "files": {"command": "uvx", "args": ["mcp-server-filesystem", "/tmp"]},
              "local-file": {"url": "https://x.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}, "storage": "file"}
            }}
            """)
        let result = try await cli.run(["list"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            NAME        TRANSPORT  AUTH    ACCOUNT  EXPIRES  LOGIN           STORAGE          TAGS  ENDPOINT
            files       stdio      none    —        —        —               —                      uvx mcp-server-filesystem /tmp
            gekkovet    http       oauth   —        —        login required  keyring          prod  https://mcp.example/mcp
            local-file  http       bearer  —        —        —               file (insecure)        https://x.example/mcp

            """)
        let json = try await cli.run(["list", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.map { $0["name"] as? String } == ["files", "gekkovet", "local-file"])
        #expect(rows?[1]["tags"] as? [String] == ["prod"])
        #expect(try await cli.run([]).stdout == result.stdout, "list is the default command")
        #expect(try await cli.run(["list", "--insecure-storage"]).stdout.contains("login required  file (insecure)  prod"))
    }

    @Test("piped, list prints every value whole; on a terminal a long endpoint is cut")
    func wholeValuesWhenPiped() async throws {
        let endpoint = "https://mcp.example.com/" + String(repeating: "a-very-long-path-segment/", count: 4) + "mcp"
        let config = try cli.writeConfig(#"{"mcpServers": {"long": {"url": "\#(endpoint)"}}}"#)
        let piped = try await cli.run(["list"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains(endpoint), "\(piped.stdout)")
        let session = try await TmuxSession.start("\(CLIRunner.binary) list --config \(config)", cli: cli, width: 200,
                                                  environment: ["XDG_STATE_HOME": cli.home + "/state", "HOME": cli.home])
        defer { Task { await session.kill() } }
        let screen = try await session.waitFor("EXIT=0")
        #expect(!screen.contains(endpoint) && screen.contains("https://mcp.example.com/a-very-long"), "\(screen)")
    }

    @Test("headers and token without a name serve the server Claude Code names (CLAUDE_CODE_MCP_SERVER_NAME, else its URL)")
    func headersHelperVariables() async throws {
        try cli.writeConfig("""
            {"mcpServers": {
              "alpha": {"url": "https://alpha.example/mcp", "auth": {"method": "bearer", "token": "${TA}"}},
              "beta": {"url": "https://beta.example/mcp/", "auth": {"method": "apiKey", "header": "X-Api-Key", "key": "${TB}"}}
            }}
            """)
        let secrets: [String: String?] = ["TA": "canary-helper-alpha", "TB": "canary-helper-beta"]
        func headers(_ name: String?, _ url: String?) async throws -> CLIRunner.Result {
            try await cli.run(["headers"], environment: secrets.merging(["CLAUDE_CODE_MCP_SERVER_NAME": name, "CLAUDE_CODE_MCP_SERVER_URL": url]) { $1 })
        }
        let byName = try await headers("beta", "https://alpha.example/mcp")
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(try JSONDecoder().decode([String: String].self, from: Data(byName.stdout.utf8)) == ["X-Api-Key": "canary-helper-beta"])
        let byURL = try await headers("named-otherwise-in-claude", "https://beta.example/mcp")
        #expect(try JSONDecoder().decode([String: String].self, from: Data(byURL.stdout.utf8)) == ["X-Api-Key": "canary-helper-beta"],
                "a trailing slash does not matter: \(byURL.stderr)")
        let token = try await cli.run(["token"], environment: secrets.merging(["CLAUDE_CODE_MCP_SERVER_NAME": "alpha"]) { $1 })
        #expect(token.status == 0 && token.stdout == "canary-helper-alpha\n", "\(token.stderr)")
        let explicit = try await cli.run(["headers", "alpha"], environment: secrets.merging(["CLAUDE_CODE_MCP_SERVER_NAME": "beta"]) { $1 })
        #expect(explicit.stdout.contains("Bearer canary-helper-alpha"), "a name given wins")
        let neither = try await headers(nil, nil)
        #expect(neither.status == 64 && neither.stdout.isEmpty)
        #expect(neither.stderr.contains("name a server") && neither.stderr.contains("alpha, beta"), "\(neither.stderr)")
        let unmatched = try await headers("gamma", "https://gamma.example/mcp")
        #expect(unmatched.status == 64 && unmatched.stderr.contains("gamma"), "\(unmatched.stderr)")
        #expect(!(neither.stderr + unmatched.stderr).contains("canary"))
    }

    @Test("exec runs a command with a server's credentials in its environment; its exit status is the command's")
    func execEnvironment() async throws {
        try cli.writeConfig("""
            {"mcpServers": {
              "files": {"command": "cat", "env": {"PLAIN": "plain-value", "SECRET": "${S}"}},
              "web": {"url": "https://web.example/mcp", "auth": {"method": "bearer", "token": "${T}"}}
            }}
            """)
        let secrets: [String: String?] = ["S": "canary-exec-stdio", "T": "canary-exec-bearer"]
        let stdio = try await cli.run(["exec", "files", "--", "/bin/sh", "-c", "echo \"$MCPDASH_SERVER $PLAIN $SECRET\"; exit 3"],
                                      environment: secrets)
        #expect(stdio.status == 3, "the command's own status: \(stdio.stderr)")
        #expect(stdio.stdout == "files plain-value canary-exec-stdio\n")
        let web = try await cli.run(["exec", "web", "--", "/usr/bin/env"], environment: secrets)
        #expect(web.status == 0, "\(web.stderr)")
        let variables = Dictionary(web.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }) { $1 }
        #expect(variables["MCP_SERVER_URL"] == "https://web.example/mcp")
        #expect(variables["MCP_ACCESS_TOKEN"] == "canary-exec-bearer")
        #expect(variables["MCP_HEADERS"] == #"{"Authorization":"Bearer canary-exec-bearer"}"#)
        #expect(variables["MCPDASH_SERVER"] == "web")
        let missing = try await cli.run(["exec", "web", "--", "no-such-command-\(UUID().uuidString.prefix(6))"], environment: secrets)
        #expect(missing.status == 127 && missing.stderr.contains("cannot run no-such-command"), "\(missing.stderr)")
        let bare = try await cli.run(["exec", "web"], environment: secrets)
        #expect(bare.status == 64 && bare.stderr.contains("name the command to run after --"), "\(bare.stderr)")
        let unset = try await cli.run(["exec", "files", "--", "/bin/true"])
        #expect(unset.status == 77 && unset.stderr.contains("${S}"), "a secret that cannot be read stops it: \(unset.stderr)")
        #expect(!(missing.stderr + bare.stderr + unset.stderr + stdio.stderr).contains("canary"))
    }

    @Test("--tag selects servers for list and status (any of several tags); it cannot be mixed with a name")
    func tagSelection() async throws {
        try cli.writeConfig("""
            {"mcpServers": {
              "a": {"url": "http://127.0.0.1:9/mcp", "tags": ["dev"]},
              "b": {"url": "http://127.0.0.1:9/mcp", "tags": ["prod", "eu"]},
              "c": {"url": "http://127.0.0.1:9/mcp"}
            }}
            """)
        let names = { (stdout: String) in Set(stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }) }
        #expect(names(try await cli.run(["list", "--tag", "dev"]).stdout) == ["a"])
        #expect(names(try await cli.run(["list", "--tag", "dev", "--tag", "eu"]).stdout) == ["a", "b"])
        #expect(names(try await cli.run(["list"]).stdout) == ["a", "b", "c"])
        let status = try await cli.run(["status", "--tag", "prod", "--json"])
        #expect(try JSONDecoder().decode([HealthReport].self, from: Data(status.stdout.utf8)).map(\.server) == ["b"])
        #expect(try await cli.run(["status", "a", "--tag", "dev"]).status == 64)
        #expect(try await cli.run(["refresh", "a", "--tag", "dev"]).status == 64)
    }

    @Test("a malformed config is one line naming file, line and column, plus a hint; exit 78")
    func malformedConfig() async throws {
        let path = try cli.writeConfig("{\n  \"mcpServers\": {\n    \"a\": {\"url\": }\n  }\n}")
        let result = try await cli.run(["list"])
        #expect(result.status == 78)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("mcpdash: error: \(path):3:") == true)
        #expect(lines.last?.hasPrefix("  hint: ") == true)
    }

    @Test("a missing config says where mcpdash looked; exit 66")
    func missingConfig() async throws {
        let result = try await cli.run(["list", "--config", cli.home + "/none.json"])
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("mcpdash: error: config file not found: \(cli.home)/none.json (from --config)"))
        let fromEnvironment = try await cli.run(["list"], environment: ["MCPDASH_CONFIG": cli.home + "/env.json"])
        #expect(fromEnvironment.stderr.contains("(from MCPDASH_CONFIG)"))
    }

    @Test("warnings go to stderr and never include the literal secret")
    func warningsOnStderr() async throws {
        try cli.writeConfig(#"{"mcpServers": {"a": {"url": "https://a.example/mcp", "auth": {"method": "bearer", "token": "canary-cli-literal-777"}, "colour": "red"}}}"#)
        let result = try await cli.run(["list"])
        #expect(result.status == 0)
        #expect(result.stderr.contains(#"server "a", field auth.token: a secret is written literally in the config file"#))
        #expect(result.stderr.contains(#"server "a", field colour: unknown key, ignored"#))
        #expect(!(result.stdout + result.stderr).contains("canary-cli-literal-777"))
    }

    @Test("a usage error exits 64")
    func usageError() async throws {
        let result = try await cli.run(["import"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("name a file to import, or a tool with --from"))
    }
}
