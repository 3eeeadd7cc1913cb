import Foundation
import MCPDashCore
import Testing

/// `add`, `remove`, `edit` and `secret set|rm`: servers managed without hand-editing JSON,
/// the config's comments kept, secrets only ever in the keyring.
@Suite("add, remove, edit, secret")
struct ServerEditCLITests {
    let cli = CLIRunner()

    static let commented = """
        // my MCP servers
        {
          "mcpServers": {
            // the docs search (read-only)
            "docs": {"url": "https://docs.example/mcp"}
          }
        }

        """

    func configText() throws -> String { try String(contentsOfFile: cli.home + "/config/mcpdash/servers.json", encoding: .utf8) }

    @Test("add writes an entry that loads, keeps the comments, and leaves a missing secret for secret set, which a real server then accepts")
    func addThenSecretSet() async throws {
        let name = "added-\(UUID().uuidString.prefix(6))"
        let token = "canary-add-\(UUID().uuidString.prefix(8))"
        defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "token") } }
        try await PeerServer.with(["--auth", "bearer", "--token", "\(token)=alice"]) { peer in
            try cli.writeConfig(Self.commented)
            let added = try await cli.run(["add", name, peer.url, "--auth", "bearer", "--tag", "work"])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("\(name): added in "))
            #expect(added.stdout.contains("token is not set yet: run `mcpdash secret set \(name) token`"), "\(added.stdout)")
            let text = try configText()
            #expect(text.hasPrefix("// my MCP servers\n{") && text.contains("// the docs search (read-only)"), "\(text)")
            #expect(text.contains(#""token": "keyring:""#))

            let list = try await cli.run(["list"])
            #expect(list.stdout.contains(name) && list.stdout.contains("docs"), "\(list.stdout)")
            #expect(try await cli.run(["whoami", name]).status != 0, "no token is stored yet")

            let set = try await cli.run(["secret", "set", name, "token"], stdin: token + "\n")
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout == "\(name): token stored in the keyring\n")
            #expect(try await cli.lookupSecret(server: name, field: "token") == token)
            let whoami = try await cli.run(["whoami", name])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains(#""sub":"alice""#))

            for output in [added, list, set, whoami] { #expect(!(output.stdout + output.stderr).contains(token)) }
            for file in ["servers.json", "servers.json.bak"] {
                #expect(!(try String(contentsOfFile: cli.home + "/config/mcpdash/" + file, encoding: .utf8)).contains(token), "\(file)")
            }
            let events = try await cli.run(["events", "--json"])
            #expect(events.stdout.contains("\"add\"") && events.stdout.contains("\"secret\"") && !events.stdout.contains(token))
        }
    }

    @Test("add refuses a secret on the command line, a taken name (unless --force), an entry that would not load; nothing is written")
    func addRefusals() async throws {
        try cli.writeConfig(Self.commented)
        let onArgv = try await cli.run(["add", "x", "https://x.example/mcp", "--header", "Authorization: Bearer canary-argv"])
        #expect(onArgv.status == 64)
        #expect(onArgv.stderr.contains("never taken on the command line") && onArgv.stderr.contains("--secret-header Authorization"))
        let authField = try await cli.run(["add", "x", "https://x.example/mcp", "--auth", "bearer", "--auth-field", "token=canary-argv"])
        #expect(authField.status == 64, "\(authField.stderr)")
        let taken = try await cli.run(["add", "docs", "https://other.example/mcp"])
        #expect(taken.status == 64 && taken.stderr.contains("docs is already configured"))
        let incomplete = try await cli.run(["add", "cc", "https://cc.example/mcp", "--auth", "clientCredentials"])
        #expect(incomplete.status == 64 && incomplete.stderr.contains("auth.clientId: missing"), "\(incomplete.stderr)")
        let unknown = try await cli.run(["add", "u", "https://u.example/mcp", "--auth", "kerberos"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown auth method"))
        let neither = try await cli.run(["add", "n"])
        #expect(neither.status == 64 && neither.stderr.contains("give the server's URL, or its command after --"))
        #expect(try configText() == Self.commented, "a refused add wrote the config")

        let forced = try await cli.run(["add", "docs", "https://other.example/mcp", "--force", "--json"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let report = try JSONDecoder().decode(ServerAddition.Report.self, from: Data(forced.stdout.utf8))
        #expect(report.replaced && report.pending.isEmpty)
        #expect(try configText().contains("https://other.example/mcp") && !(try configText()).contains("https://docs.example/mcp"))
    }

    @Test("a stdio server added with --secret-env gets its secret through secret set (by the bare variable name) and exec")
    func stdioSecretEnv() async throws {
        let name = "files-\(UUID().uuidString.prefix(6))"
        let value = "canary-env-\(UUID().uuidString.prefix(8))"
        defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "env:API_TOKEN") } }
        try cli.writeConfig(Self.commented)
        let added = try await cli.run(["add", name, "--secret-env", "API_TOKEN", "--env", "MODE=ro", "--", "npx", "-y", "my-server", "/tmp"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("env:API_TOKEN is not set yet"))
        #expect(try configText().contains(#""args": ["-y", "my-server", "/tmp"]"#))
        let set = try await cli.run(["secret", "set", name, "API_TOKEN"], stdin: value)
        #expect(set.status == 0, "\(set.stderr)")
        let exec = try await cli.run(["exec", name, "--", "/bin/sh", "-c", #"printf '%s %s' "$API_TOKEN" "$MODE""#])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stdout == "\(value) ro")
    }

    @Test("secret set on a literal moves it into the keyring and rewrites only that value; secret rm deletes it")
    func secretSetOnLiteral() async throws {
        let name = "lit-\(UUID().uuidString.prefix(6))"
        let old = "canary-old-\(UUID().uuidString.prefix(8))"
        let new = "canary-new-\(UUID().uuidString.prefix(8))"
        defer { Task { [cli, name] in try? await cli.clearSecret(server: name, field: "apiKey") } }
        try cli.writeConfig("""
            {
              "mcpServers": {
                "\(name)": {
                  "url": "https://k.example/mcp",
                  "auth": {"method": "apiKey", "key": "\(old)"} // TODO move to keyring
                }
              }
            }
            """)
        let set = try await cli.run(["secret", "set", name, "apiKey"], stdin: new)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("the config now refers to it as \"keyring:\""))
        let text = try configText()
        #expect(text.contains(#""auth": {"method": "apiKey", "key": "keyring:"} // TODO move to keyring"#), "\(text)")
        let backup = try String(contentsOfFile: cli.home + "/config/mcpdash/servers.json.bak", encoding: .utf8)
        #expect(!text.contains(old) && !backup.contains(old), "the old literal survived in the config or its backup")
        #expect(try await cli.lookupSecret(server: name, field: "apiKey") == new)

        let unknown = try await cli.run(["secret", "set", name, "password"], stdin: "x")
        #expect(unknown.status == 64 && unknown.stderr.contains("has no secret password (it has apiKey)"))
        let removed = try await cli.run(["secret", "rm", name, "apiKey"])
        #expect(removed.status == 0 && removed.stdout.contains("apiKey deleted from the keyring"), "\(removed.stderr)")
        #expect(try await cli.lookupSecret(server: name, field: "apiKey") == nil)
        #expect(try await cli.run(["secret", "rm", name, "apiKey"]).status == 1, "nothing left to delete")
    }

    @Test("remove takes the entry and its comment, deletes its secrets (or keeps them with --keep-secrets), and works on a broken entry")
    func remove() async throws {
        let name = "gone-\(UUID().uuidString.prefix(6))"
        let kept = "kept-\(UUID().uuidString.prefix(6))"
        defer { Task { [cli, kept] in try? await cli.clearSecret(server: kept, field: "token") } }
        try cli.writeConfig("""
            {
              "mcpServers": {
                "docs": {"url": "https://docs.example/mcp"},
                // to be removed
                "\(name)": {"url": "https://g.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
                "\(kept)": {"url": "https://k.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
                "broken": {"url": 42}
              }
            }
            """)
        try await cli.storeSecret(server: name, field: "token", value: "canary-gone")
        try await cli.storeSecret(server: name, field: "refreshToken", value: "canary-gone-refresh")
        try await cli.storeSecret(server: kept, field: "token", value: "canary-kept")
        try await cli.storeSecret(server: kept, field: "accessToken", value: "canary-kept-session")

        let removed = try await cli.run(["remove", name])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("\(name): removed from") && removed.stdout.contains("deleted 2 secret(s)"), "\(removed.stdout)")
        #expect(try await cli.lookupSecret(server: name, field: "token") == nil)
        #expect(try await cli.lookupSecret(server: name, field: "refreshToken") == nil)
        let text = try configText()
        #expect(!text.contains(name) && !text.contains("// to be removed") && text.contains("\"docs\""), "\(text)")

        let keep = try await cli.run(["remove", kept, "--keep-secrets"])
        #expect(keep.status == 0 && keep.stdout.contains("kept 1 secret(s)"), "\(keep.stdout)\(keep.stderr)")
        #expect(try await cli.lookupSecret(server: kept, field: "token") == "canary-kept")
        #expect(try await cli.lookupSecret(server: kept, field: "accessToken") == nil, "a session is forgotten even with --keep-secrets")

        let broken = try await cli.run(["remove", "broken"])
        #expect(broken.status == 0, "\(broken.stderr)")
        let missing = try await cli.run(["remove", "broken"])
        #expect(missing.status == 64 && missing.stderr.contains("no server named broken") && missing.stderr.contains("(it has docs)"))
        #expect(try await cli.run(["list"]).stderr.isEmpty, "the config is whole again")
    }

    @Test("edit saves what loads (keeping a backup), keeps the old file when the edit does not load or the editor fails")
    func edit() async throws {
        try cli.writeConfig(Self.commented)
        let editor = cli.home + "/editor.sh"
        func useEditor(_ body: String) throws {
            try "#!/bin/sh\n\(body)\n".write(toFile: editor, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        }
        try useEditor(#"sed -i 's#https://docs.example/mcp#https://docs2.example/mcp#' "$1""#)
        let saved = try await cli.run(["edit"], environment: ["EDITOR": editor, "VISUAL": nil])
        #expect(saved.status == 0 && saved.stdout.contains("saved "), "\(saved.stderr)")
        #expect(try configText() == Self.commented.replacingOccurrences(of: "docs.example", with: "docs2.example"))
        #expect(try String(contentsOfFile: cli.home + "/config/mcpdash/servers.json.bak", encoding: .utf8) == Self.commented)

        let good = try configText()
        try useEditor(##"sed -i 's#"url": "https://docs2.example/mcp"#"url": 7#' "$1""##)
        let broken = try await cli.run(["edit"], environment: ["EDITOR": editor, "VISUAL": nil])
        #expect(broken.status == 78, "\(broken.stderr)")
        #expect(broken.stderr.contains("servers.json: server \"docs\", field url"), "the message names the real file: \(broken.stderr)")
        #expect(broken.stderr.contains("your edit is kept in "))
        #expect(try configText() == good)
        #expect(try String(contentsOfFile: cli.home + "/config/mcpdash/servers.json.rejected", encoding: .utf8).contains(#""url": 7"#))

        try useEditor(#"printf '{ "mcpServers": ' > "$1""#)
        let syntax = try await cli.run(["edit"], environment: ["EDITOR": editor, "VISUAL": nil])
        #expect(syntax.status == 78 && syntax.stderr.contains("servers.json:1:"), "\(syntax.stderr)")
        #expect(try configText() == good)

        try useEditor("exit 3")
        let failed = try await cli.run(["edit"], environment: ["EDITOR": editor, "VISUAL": nil])
        #expect(failed.status == 69 && failed.stderr.contains("exited with status 3"), "\(failed.stderr)")
        #expect(try configText() == good)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home + "/config/mcpdash").filter { $0.contains(".edit.") }
        #expect(leftovers.isEmpty, "the editing copy is cleaned up: \(leftovers)")
    }
}
