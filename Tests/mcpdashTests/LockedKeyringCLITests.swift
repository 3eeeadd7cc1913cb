import AsyncHTTPClient
import Foundation
import Testing

/// The keyring locks in the middle of a session (screen lock, `secret-tool lock`): every
/// command says so plainly, asks the server for nothing it could not store, and writes no
/// secret to a file instead.
@Suite("a keyring locked mid-session")
struct LockedKeyringCLITests {
    let cli = CLIRunner()

    @Test("after a login the keyring locks: token, refresh, whoami and status fail with `locked`, no token request, no secret in any file")
    func lockedMidSession() async throws {
        try await PeerServer.with(["--mode", "honest"], script: "hostile_peer.py") { peer in
            let name = "locked-session"
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
            // A keyring of its own (locking the shared one would disturb the other tests).
            let result = try await cli.run(["sh", "-c", """
                binary="\(CLIRunner.binary)"
                "$binary" login \(name) --timeout 30 >/dev/null 2>&1 || { echo "login failed"; exit 99; }
                curl -s http://127.0.0.1:\(peer.port)/count; echo
                dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
                  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
                for command in token refresh whoami status; do
                    "$binary" $command \(name) >"$HOME/$command.out" 2>&1
                    echo "$command=$?"
                    sed 's/^/  /' "$HOME/$command.out"
                done
                curl -s http://127.0.0.1:\(peer.port)/count; echo
                """], program: CLIRunner.repositoryRoot + "/scripts/with-keyring", environment: ["BROWSER": PeerServer.browser])
            try #require(!result.stdout.contains("login failed"), "\(result.stdout) \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            for command in ["token", "refresh", "whoami", "status"] {
                let status = lines.first { $0.hasPrefix("\(command)=") }
                #expect(status != nil && status != "\(command)=0", "\(command) succeeded with a locked keyring: \(result.stdout)")
            }
            #expect(lines.first { $0.hasPrefix("token=") } == "token=69", "\(result.stdout)")
            #expect(lines.filter { $0.hasPrefix("  ") }.contains { $0.contains("locked") }, "no command said the keyring is locked: \(result.stdout)")
            #expect(!result.stdout.contains("hostile-access-") && !result.stdout.contains("hostile-refresh-"), "a token was printed")
            // The server was asked for no token after the lock: the same count before and after.
            let counts = lines.filter { $0.hasPrefix("{") }
            try #require(counts.count == 2, "\(result.stdout)")
            let before = try JSONDecoder().decode([String: Int].self, from: Data(counts[0].utf8))
            let after = try JSONDecoder().decode([String: Int].self, from: Data(counts[1].utf8))
            #expect(after["token"] == before["token"], "a token request went out that could not have been stored: \(counts)")
            // No token landed in a file anywhere under the home (state database, config, backups).
            let files = FileManager.default.enumerator(atPath: cli.home)?.compactMap { $0 as? String } ?? []
            for file in files {
                guard let data = FileManager.default.contents(atPath: cli.home + "/" + file) else { continue }
                let text = String(decoding: data, as: UTF8.self)
                #expect(!text.contains("hostile-access-") && !text.contains("hostile-refresh-"), "\(file) holds a token")
            }
        }
    }
}
