import Foundation
import Testing

@Suite("CLI import on the real keyring", .serialized)
struct ImportCLITests {
    let cli = CLIRunner()

    var claudeFixture: String { CLIRunner.repositoryRoot + "/Tests/MCPDashCoreTests/Fixtures/claude_desktop_config.json" }

    @Test("import moves literal secrets into the real keyring; secret-tool finds them; nothing leaks to output or config")
    func importIntoKeyring() async throws {
        let result = try await cli.run(["import", claudeFixture])
        try #require(result.status == 0, "import failed: \(result.stderr)")
        #expect(result.stdout.contains("  + eka-care"))
        #expect(result.stdout.contains("eka-care/env:EKA_CLIENT_SECRET"))
        let config = try String(contentsOfFile: cli.home + "/config/mcpdash/servers.json", encoding: .utf8)
        for canary in ["canary-eka-client-secret-4417", "canary-eka-api-key-9921", "canary-gekko-token-3308"] {
            #expect(!config.contains(canary))
            #expect(!result.stdout.contains(canary) && !result.stderr.contains(canary))
        }
        let lookup = try await cli.run(["lookup", "server", "eka-care", "field", "env:EKA_CLIENT_SECRET"], program: "/usr/bin/secret-tool")
        #expect(lookup.stdout == "canary-eka-client-secret-4417")
        let list = try await cli.run(["list"])
        #expect(list.status == 0)
        #expect(list.stderr == "", "the imported config loads without warnings")
        let again = try await cli.run(["import", claudeFixture])
        #expect(again.stdout.contains("= eka-care: skipped, already configured (use --force to replace it)"))
        #expect(again.stdout.contains("Nothing to write"))
        // Clean the shared test keyring.
        for field in ["env:EKA_CLIENT_SECRET", "env:EKA_API_KEY"] {
            _ = try await cli.run(["clear", "server", "eka-care", "field", field], program: "/usr/bin/secret-tool")
        }
        _ = try await cli.run(["clear", "server", "gekkovet", "field", "token"], program: "/usr/bin/secret-tool")
    }

    @Test("--dry-run prints the result and writes nothing")
    func dryRun() async throws {
        let result = try await cli.run(["import", "--dry-run", claudeFixture])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Dry run: nothing was written"))
        #expect(!result.stdout.contains("canary"))
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/config/mcpdash/servers.json"))
        let lookup = try await cli.run(["lookup", "server", "eka-care", "field", "env:EKA_CLIENT_SECRET"], program: "/usr/bin/secret-tool")
        #expect(lookup.stdout == "")
    }

    @Test("--insecure-storage puts the secrets in a 0600 file instead, and says so")
    func insecureStorage() async throws {
        let result = try await cli.run(["import", "--insecure-storage", claudeFixture])
        #expect(result.status == 0)
        let secretsPath = cli.home + "/data/mcpdash/secrets.json"
        let mode = try FileManager.default.attributesOfItem(atPath: secretsPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: secretsPath, encoding: .utf8).contains("canary-eka-api-key-9921"))
        #expect(try await cli.run(["list", "--insecure-storage"]).stdout.contains("file (insecure)"))
    }

    @Test("a locked keyring stops the import with exit 69 and a hint; the config is not written")
    func lockedKeyring() async throws {
        let binary = CLIRunner.binary
        let result = try await cli.run(["sh", "-c", """
            dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
              org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
            exec "\(binary)" import "\(claudeFixture)"
            """], program: CLIRunner.repositoryRoot + "/scripts/with-keyring")
        #expect(result.status == 69)
        #expect(result.stderr.contains("mcpdash: error: the keyring secret store is not usable: locked"))
        #expect(result.stderr.contains("hint: unlock the keyring"))
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/config/mcpdash/servers.json"))
    }
}
