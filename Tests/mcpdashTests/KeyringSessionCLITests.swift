import Foundation
import Testing

/// How many Secret Service sessions an mcpdash process opens, counted on a real session bus.
@Suite("the keyring's Secret Service session")
struct KeyringSessionCLITests {
    let cli = CLIRunner()

    @Test("each process opens one Secret Service session, whether it stores, finds or misses an item, and asks about the lock in one call")
    func oneSessionPerProcess() async throws {
        // Every session is a Diffie-Hellman exchange (about 23 million instructions); libsecret's
        // password functions and its SecretService object would each open one. The scenario runs
        // on a bus of its own (scripts/with-keyring), so no other test's process is counted.
        try cli.writeConfig("""
            {"settings": {"tokenCacheSeconds": 0}, "mcpServers": {
              "stored": {"url": "https://stored.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
              "missing": {"url": "https://missing.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}}
            }}
            """)
        let log = cli.home + "/monitor.log"
        let result = try await cli.run(["sh", "-c", """
            dbus-monitor --session "type='method_call',interface='org.freedesktop.Secret.Service',member='OpenSession'" \\
                "type='method_call',interface='org.freedesktop.Secret.Service',member='ReadAlias'" \\
                "type='method_call',interface='org.freedesktop.DBus.Properties',member='Get',path='/org/freedesktop/secrets/aliases/default'" \\
                >"\(log)" 2>/dev/null &
            monitor=$!
            # dbus-monitor prints NameLost once it has become a monitor of the bus.
            for _ in $(seq 1 100); do grep -q NameLost "\(log)" && break; sleep 0.05; done
            grep -q NameLost "\(log)" || { echo "dbus-monitor (the dbus-bin package) did not start monitoring" >&2; exit 90; }
            printf %s canary-one-session | "\(CLIRunner.binary)" secret set stored token || exit 91
            "\(CLIRunner.binary)" token stored || exit 92
            "\(CLIRunner.binary)" token missing 2>/dev/null && exit 93
            # The monitor may print the last call a moment later.
            for _ in $(seq 1 40); do [ "$(grep -c member=OpenSession "\(log)")" -ge 3 ] && break; sleep 0.05; done
            kill $monitor
            echo "sessions $(grep -c member=OpenSession "\(log)")"
            echo "aliases read $(grep -c member=ReadAlias "\(log)")"
            echo "locked asked $(grep -c 'path=/org/freedesktop/secrets/aliases/default.*member=Get' "\(log)")"
            """], program: CLIRunner.repositoryRoot + "/scripts/with-keyring")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("canary-one-session"), "\(result.stdout)")
        // Three processes: a store (with its lock check), a read that finds, a read that misses
        // (and then checks the lock).
        #expect(result.stdout.contains("sessions 3\n"), "OpenSession calls for three processes: \(result.stdout)")
        // Each lock check is one Properties.Get of the default alias's Locked, not a
        // SecretCollection proxy (ReadAlias and seven more calls).
        let asked = result.stdout.split(separator: "\n" as Character).first { $0.hasPrefix("locked asked ") }.flatMap { Int($0.dropFirst(13)) }
        #expect((asked ?? 0) >= 2, "the store and the miss each check the lock: \(result.stdout)")
        #expect(result.stdout.contains("aliases read 0\n"), "\(result.stdout)")
    }

    @Test("after a login, whoami opens no Secret Service session while the keyring is unlocked, asking only whether it is; with the token cache off it opens one")
    func whoamiAfterLoginReadsTheCache() async throws {
        try await PeerServer.with(["--auth", "oauth"]) { peer in
            let entry = #"{"op": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}"#
            try cli.writeConfig(#"{"mcpServers": \#(entry)}"#)
            let uncached = cli.home + "/uncached.json"
            try #"{"settings": {"tokenCacheSeconds": 0}, "mcpServers": \#(entry)}"#.write(toFile: uncached, atomically: true, encoding: .utf8)
            let log = cli.home + "/monitor.log"
            let result = try await cli.run(["sh", "-c", """
                dbus-monitor --session "type='method_call',interface='org.freedesktop.Secret.Service',member='OpenSession'" \\
                    "type='method_call',interface='org.freedesktop.DBus.Properties',member='Get',path='/org/freedesktop/secrets/aliases/default'" \\
                    >"\(log)" 2>/dev/null &
                monitor=$!
                for _ in $(seq 1 100); do grep -q NameLost "\(log)" && break; sleep 0.05; done
                grep -q NameLost "\(log)" || { echo "dbus-monitor (the dbus-bin package) did not start monitoring" >&2; exit 90; }
                count() { grep -c "member=$1" "\(log)"; }
                settle() { sleep 0.3; }
                "\(CLIRunner.binary)" login op --timeout 60 >/dev/null 2>&1 || exit 91
                settle; echo "login sessions $(count OpenSession) asked $(count Get)"
                "\(CLIRunner.binary)" whoami op --fresh || exit 92
                settle; echo "whoami sessions $(count OpenSession) asked $(count Get)"
                "\(CLIRunner.binary)" whoami op --fresh --config "\(uncached)" >/dev/null || exit 93
                settle; echo "uncached sessions $(count OpenSession) asked $(count Get)"
                kill $monitor
                """], program: CLIRunner.repositoryRoot + "/scripts/with-keyring", environment: ["BROWSER": PeerServer.browser])
            #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
            /// The two counts printed after `label`.
            func counts(_ label: String) -> (sessions: Int, asked: Int)? {
                guard let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix(label + " ") }) else { return nil }
                let words = line.split(separator: " ")
                guard words.count == 5, let sessions = Int(words[2]), let asked = Int(words[4]) else { return nil }
                return (sessions, asked)
            }
            let login = try #require(counts("login"), "\(result.stdout)")
            let whoami = try #require(counts("whoami"), "\(result.stdout)")
            let uncachedCounts = try #require(counts("uncached"), "\(result.stdout)")
            #expect(login.sessions == 1, "the login stores through one session: \(result.stdout)")
            #expect(result.stdout.contains("identity"), "whoami answered: \(result.stdout)")
            #expect(whoami.sessions == login.sessions, "whoami opened a Secret Service session: \(result.stdout)")
            #expect(whoami.asked > login.asked, "whoami sent the cached token without asking whether the keyring is unlocked: \(result.stdout)")
            #expect(uncachedCounts.sessions == whoami.sessions + 1, "with the cache off, whoami reads the keyring: \(result.stdout)")
        }
    }
}
