import Foundation
import MCPDashCore
import Testing

/// `mcpdash list` as an offline "what am I logged into": account, expiry, login state and secret
/// ages, from the state database alone.
@Suite("list: logins and expiries offline")
struct ListCLITests {
    let cli = CLIRunner()

    @Test("a static JWT bearer gets its countdown (and is marked expired) once mcpdash has read it; secret ages are recorded, never the secret")
    func staticExpiriesAndAges() async throws {
        let live = try await TestTokens.mint(audience: "mcp", expiresIn: 7200)
        let old = try await TestTokens.mint(audience: "mcp", expiresIn: -3600)
        let key = "canary-list-key-\(UUID().uuidString.prefix(8))"
        let name = "jwt-live-\(UUID().uuidString.prefix(6))"
        try await cli.storeSecret(server: name, field: "token", value: live)
        defer { Task { try? await cli.clearSecret(server: name, field: "token") } }
        try await PeerServer.with(["--auth", "bearer", "--token", "\(live)=alice", "--token", "\(key)=bob"]) { peer in
            try cli.writeConfig("""
                {"mcpServers": {
                  "\(name)": {"url": "\(peer.url)", "auth": {"method": "bearer", "token": "keyring:"}},
                  "jwt-old": {"url": "\(peer.url)", "auth": {"method": "bearer", "token": "${OLD}"}},
                  "plain": {"url": "\(peer.url)", "auth": {"method": "bearer", "token": "${KEY}"}},
                  "signin": {"url": "\(peer.url)", "auth": {"method": "oauth"}},
                  "machine": {"url": "\(peer.url)", "auth": {"method": "clientCredentials", "clientId": "c", "clientSecret": "${KEY}",
                              "tokenEndpoint": "http://127.0.0.1:9/token"}}
                }}
                """)
            let environment = ["OLD": old, "KEY": key]
            /// The text under `column` in `server`'s row, cut at the header's column starts.
            func cell(_ column: String, _ server: String, _ stdout: String) -> String {
                let lines = stdout.split(separator: "\n").map(String.init)
                guard let header = lines.first(where: { $0.hasPrefix("NAME") }),
                      let row = lines.first(where: { $0.hasPrefix(server + " ") }),
                      let start = header.range(of: column)?.lowerBound else { return "<no \(column) for \(server)>" }
                let from = header.distance(from: header.startIndex, to: start)
                let next = header[start...].dropFirst(column.count).firstIndex { $0 != " " }
                let to = next.map { header.distance(from: header.startIndex, to: $0) } ?? Int.max
                let characters = Array(row)
                guard from < characters.count else { return "" }
                return String(characters[from..<min(to, characters.count)]).trimmingCharacters(in: .whitespaces)
            }
            let before = try await cli.run(["list"], environment: environment)
            #expect(before.status == 0, "\(before.stderr)")
            #expect(cell("EXPIRES", name, before.stdout) == "—", "nothing is known before the token is read: \(before.stdout)")
            #expect(cell("LOGIN", name, before.stdout) == "—", "\(before.stdout)")
            #expect(cell("LOGIN", "signin", before.stdout) == "login required", "\(before.stdout)")
            #expect(cell("LOGIN", "machine", before.stdout) == "on demand", "\(before.stdout)")

            _ = try await cli.run(["status"], environment: environment)
            let after = try await cli.run(["list"], environment: environment)
            #expect(after.status == 0, "\(after.stderr)")
            // Minted two hours ahead; a slow machine may take minutes to get here, so any 1h5x is right.
            #expect(cell("EXPIRES", name, after.stdout).hasPrefix("1h5") || cell("EXPIRES", name, after.stdout).hasPrefix("2h00m"),
                    "the JWT's exp is the countdown: \(after.stdout)")
            #expect(cell("LOGIN", name, after.stdout) == "ok", "\(after.stdout)")
            #expect(cell("EXPIRES", "jwt-old", after.stdout).hasPrefix("expired 1h0"), "\(after.stdout)")
            #expect(cell("LOGIN", "jwt-old", after.stdout) == "expired", "\(after.stdout)")
            #expect(cell("EXPIRES", "plain", after.stdout) == "age 0d", "an opaque secret has an age from when it was first read: \(after.stdout)")

            let json = try await cli.run(["list", "--json"], environment: environment)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            let plain = try #require(rows.first { $0["name"] as? String == "plain" })
            #expect(plain["login"] as? String == "—")
            let secrets = try #require(plain["secrets"] as? [[String: Any]])
            #expect(secrets.map { $0["field"] as? String } == ["token"])
            #expect(secrets.first?["firstSeen"] as? Bool == true)
            #expect(secrets.first?["ageDays"] as? Int == 0)
            #expect(rows.first { $0["name"] as? String == name }?["expiresAt"] is String)
            #expect(rows.first { $0["name"] as? String == "signin" }?["login"] as? String == "login required")

            for output in [before, after, json] {
                #expect(!(output.stdout + output.stderr).contains(key) && !(output.stdout + output.stderr).contains(live))
            }
            let stateFiles = try FileManager.default.contentsOfDirectory(atPath: cli.home + "/state/mcpdash")
            for file in stateFiles where file.hasPrefix("state") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.home + "/state/mcpdash/" + file))
                #expect(bytes.range(of: Data(key.utf8)) == nil && bytes.range(of: Data(live.utf8)) == nil, "\(file) holds a secret")
            }
        }
    }
}
