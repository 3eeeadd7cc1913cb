import Foundation
import MCP
import Testing
@testable import MCPDashCore

@Suite("Import")
struct ConfigImporterTests {
    let directory = TestSupport.temporaryDirectory()
    var target: String { directory + "/mcpdash/servers.json" }
    let keyring = InMemorySecretStore()
    var stores: SecretStores { SecretStores(keyring: keyring, file: InMemorySecretStore()) }

    func run(_ path: String?, format: ImportFormat? = nil, force: Bool = false, dryRun: Bool = false,
             workingDirectory: String = "/work/project") throws -> ImportReport {
        try ConfigImporter.run(ImportRequest(format: format, path: path, targetConfig: target, force: force, dryRun: dryRun,
                                             environment: ["HOME": directory], workingDirectory: workingDirectory), stores: stores)
    }

    func loadTarget() throws -> MCPDashConfig {
        try ConfigLoader.load(ConfigLocation(path: target, reason: "test"), processEnvironment: [:])
    }

    func targetText() throws -> String { try String(contentsOfFile: target, encoding: .utf8) }

    @Test("Claude Desktop: literal env secrets move to the keyring; mcp-remote becomes a direct HTTP entry")
    func claudeDesktop() throws {
        let report = try run(TestSupport.fixture("claude_desktop_config.json"))
        #expect(report.format == .claude)
        #expect(report.added.map(\.name) == ["eka-care", "gekkovet", "medai"])
        #expect(report.movedSecrets.map(\.description) == ["eka-care/env:EKA_API_KEY", "eka-care/env:EKA_CLIENT_SECRET", "gekkovet/token"])
        let text = try targetText()
        for canary in ["canary-eka-client-secret-4417", "canary-eka-api-key-9921", "canary-gekko-token-3308"] {
            #expect(!text.contains(canary), "\(canary) was written to the config")
        }
        #expect(try keyring.get(SecretAddress(server: "eka-care", field: "env:EKA_CLIENT_SECRET")) == "canary-eka-client-secret-4417")
        #expect(try keyring.get(SecretAddress(server: "gekkovet", field: "token")) == "canary-gekko-token-3308")
        let config = try loadTarget()
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        guard case .stdio(let eka) = config.server(named: "eka-care")?.transport else { Issue.record("eka-care is not stdio"); return }
        #expect(eka.env == ["EKA_CLIENT_ID": "your_client_id_here", "EKA_API_BASE_URL": "https://api.eka.care"])
        #expect(eka.secretEnv == ["EKA_CLIENT_SECRET": .keyring, "EKA_API_KEY": .keyring])
        #expect(config.server(named: "gekkovet")?.transport == .http(HTTPEndpoint(url: "https://mcp.gekkovet.workers.dev/mcp")))
        #expect(config.server(named: "gekkovet")?.auth == .bearer(BearerAuth(token: .keyring)))
        #expect(config.server(named: "medai")?.transport == .sse(HTTPEndpoint(url: "https://medai-tools.eka.care/mcp")))
        #expect(report.notes.contains { $0.contains("mcp-remote") })
    }

    @Test("MCPOmni: transport_type, auth.method, bearer and custom headers, ${VAR}, sse_read_timeout")
    func mcpOmni() throws {
        let report = try run(TestSupport.fixture("servers_config.json"))
        #expect(report.format == .mcpomni)
        #expect(report.movedSecrets.map(\.description) == ["api-server/token", "custom-server/header:X-API-Key"])
        let config = try loadTarget()
        #expect(config.server(named: "oauth-server")?.auth == .oauth(OAuthAuth()))
        #expect(config.server(named: "api-server")?.auth == .bearer(BearerAuth(token: .keyring)))
        #expect(config.server(named: "custom-server")?.transport == .http(HTTPEndpoint(
            url: "https://internal.api.com/mcp", headers: ["X-Client-ID": "mcpomni-connect", "X-Service-Version": "v1"],
            secretHeaders: ["X-API-Key": .keyring])))
        #expect(config.server(named: "sse-server")?.transport == .sse(HTTPEndpoint(
            url: "https://stream.api.com/sse", headers: ["X-Stream-Type": "mcp-events"], readTimeout: 120)))
        #expect(config.server(named: "sse-server")?.auth == .bearer(BearerAuth(token: .environment(template: "${SSE_TOKEN}"))))
        #expect(config.server(named: "env-server")?.auth == .bearer(BearerAuth(token: .environment(template: "${OPENAI_API_KEY}"))))
        #expect(config.server(named: "env-server")?.transport.endpoint?.secretHeaders == ["X-Custom-Key": .environment(template: "${CUSTOM_API_KEY}")])
        #expect(config.server(named: "env-server")?.timeoutSeconds == 30)
        #expect(config.server(named: "local-server")?.transport == .stdio(StdioCommand(command: "uvx", args: ["mcp-server-filesystem", "/tmp"])))
        #expect(try keyring.get(SecretAddress(server: "custom-server", field: "header:X-API-Key")) == "canary-omni-api-key-7070")
        #expect(!(try targetText()).contains("canary-omni"))
    }

    @Test("VS Code: servers, password inputs become keyring items, ${env:} and ${workspaceFolder} are rewritten")
    func vscode() throws {
        let path = TestSupport.fixture("project/.vscode/mcp.json")
        let report = try run(path)
        #expect(report.format == .vscode)
        let config = try loadTarget()
        guard case .stdio(let perplexity) = config.server(named: "perplexity")?.transport else { Issue.record("not stdio"); return }
        #expect(perplexity.secretEnv == ["PERPLEXITY_API_KEY": .keyring])
        #expect(perplexity.env == ["TENANT": "${TENANT}"])
        let project = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        #expect(config.server(named: "local")?.transport == .stdio(StdioCommand(command: "node", args: ["\(project)/server.js"])))
        #expect(config.server(named: "github")?.transport.endpoint?.headers == ["X-Home": "${HOME}"])
        #expect(report.notes.contains { $0.contains("perplexity-key") && $0.contains("mcpdash rotate perplexity") })
        #expect(report.notes.contains { $0.contains("\"envFile\"") })
    }

    @Test("Claude Code: the project's local scope wins over the user scope")
    func claudeCode() throws {
        let report = try run(TestSupport.fixture("claude.json"), format: .claudeCode)
        #expect(report.added.map(\.name) == ["docs", "shared"])
        let config = try loadTarget()
        #expect(config.server(named: "shared")?.transport.endpoint?.url == "https://local-scope.example/mcp")
        #expect(config.server(named: "docs")?.transport.endpoint?.secretHeaders == ["X-API-Key": .keyring])
        #expect(report.notes.contains { $0.contains("takes precedence") })
    }

    @Test("Cursor: a raw token in Authorization becomes a bearer with an empty scheme")
    func cursorRawToken() throws {
        _ = try run(TestSupport.fixture("cursor-mcp.json"), format: .cursor)
        let config = try loadTarget()
        #expect(config.server(named: "raw-token")?.auth == .bearer(BearerAuth(token: .keyring, scheme: "")))
        #expect(try keyring.get(SecretAddress(server: "raw-token", field: "token")) == "canary-raw-eka-token-1212")
    }

    @Test("an existing entry is kept without --force and replaced with it; the previous file is backed up")
    func mergeRules() throws {
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let original = "{ // mine\n \"settings\": {\"rotationPolicyDays\": 30},\n \"mcpServers\": {\"linear\": {\"url\": \"https://mine.example/mcp\"}}}"
        try original.write(toFile: target, atomically: true, encoding: .utf8)
        let first = try run(TestSupport.fixture("cursor-mcp.json"))
        #expect(first.skipped == [.init(name: "linear", reason: "already configured (use --force to replace it)")])
        #expect(first.added.map(\.name) == ["raw-token"])
        #expect(try loadTarget().server(named: "linear")?.transport.endpoint?.url == "https://mine.example/mcp")
        #expect(try loadTarget().settings.rotationPolicyDays == 30)
        #expect(try String(contentsOfFile: target + ".bak", encoding: .utf8) == original)
        let second = try run(TestSupport.fixture("cursor-mcp.json"), force: true)
        #expect(second.replaced.map(\.name) == ["linear", "raw-token"])
        #expect(try loadTarget().server(named: "linear")?.transport.endpoint?.url == "https://mcp.linear.app/sse")
    }

    @Test("--dry-run stores no secret and writes no file, but shows the result")
    func dryRun() throws {
        let report = try run(TestSupport.fixture("claude_desktop_config.json"), dryRun: true)
        #expect(!report.wrote)
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try keyring.list(server: nil).isEmpty)
        #expect(report.resultingDocument.contains("\"eka-care\""))
        #expect(!report.resultingDocument.contains("canary"))
    }

    @Test("a locked keyring stops the import before anything is written")
    func lockedKeyringChangesNothing() throws {
        let locked = SecretStores(keyring: InMemorySecretStore(health: .locked), file: InMemorySecretStore())
        #expect(throws: SecretStoreError.unavailable(.memory, .locked)) {
            try ConfigImporter.run(ImportRequest(path: TestSupport.fixture("claude_desktop_config.json"), targetConfig: target,
                                                 environment: [:], workingDirectory: "/"), stores: locked)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("--from mcpdash moves literal secrets out of mcpdash's own config, in place")
    func inPlace() throws {
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"{"mcpServers": {"a": {"url": "https://a.example/mcp", "auth": {"method": "apiKey", "key": "canary-inplace-8080"}}, "b": {"url": "https://b.example/mcp"}}}"#
            .write(toFile: target, atomically: true, encoding: .utf8)
        #expect(try loadTarget().warnings.count == 1)
        let report = try run(nil, format: .mcpdash)
        #expect(report.replaced.map(\.name) == ["a"])
        #expect(report.skipped.isEmpty)
        #expect(try loadTarget().warnings.isEmpty)
        #expect(try loadTarget().server(named: "a")?.auth == .apiKey(APIKeyAuth(key: .keyring)))
        #expect(try keyring.get(SecretAddress(server: "a", field: "apiKey")) == "canary-inplace-8080")
        #expect(!(try targetText()).contains("canary-inplace-8080"))
        // The backup keeps the previous layout, but not the secret that moved to the keyring; it is 0600.
        let backup = try #require(report.backupPath)
        let backupText = try String(contentsOfFile: backup, encoding: .utf8)
        #expect(!backupText.contains("canary-inplace-8080"))
        #expect(backupText.contains(#""key": "keyring:""#))
        let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a missing source names where mcpdash looked; a broken one names line and column")
    func sourceErrors() throws {
        #expect(throws: ImportError.noSource(format: "mcpomni", looked: ["/nowhere/servers_config.json"])) {
            try run(nil, format: .mcpomni, workingDirectory: "/nowhere")
        }
        let broken = directory + "/broken.json"
        try "{\"mcpServers\": {\n\"a\": }".write(toFile: broken, atomically: true, encoding: .utf8)
        do {
            _ = try run(broken)
            Issue.record("expected an error")
        } catch let error as ImportError {
            guard case .unreadableSource(let file, let reason) = error else { Issue.record("\(error)"); return }
            #expect(file == broken)
            #expect(reason.hasPrefix("line 2, column"))
        }
    }

    @Test("format detection by name and content")
    func detection() {
        #expect(ImportFormat.detect(path: "/h/.claude.json", root: [:]) == .claudeCode)
        #expect(ImportFormat.detect(path: "/p/mcp.json", root: ["servers": .object([:])]) == .vscode)
        #expect(ImportFormat.detect(path: "/p/x.json", root: ["mcpServers": .object(["a": .object(["transport_type": "sse"])])]) == .mcpomni)
        #expect(ImportFormat.detect(path: "/h/.cursor/mcp.json", root: ["mcpServers": .object([:])]) == .cursor)
        #expect(ImportFormat.detect(path: "/x/claude_desktop_config.json", root: ["mcpServers": .object([:])]) == .claude)
    }
}
