import Foundation
import Testing
@testable import MCPDashCore

@Suite("Config loading")
struct ConfigLoaderTests {
    @Test("a Claude Desktop file reads as it is")
    func claudeDesktopShape() throws {
        let config = try TestSupport.parse("""
            {"mcpServers": {
              "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": {"DEBUG": "1"}},
              "remote": {"url": "https://mcp.example/mcp", "headers": {"X-Team": "ops"}}
            }}
            """)
        #expect(config.warnings.isEmpty)
        #expect(config.servers.map(\.name) == ["files", "remote"])
        #expect(config.servers[0].transport == .stdio(StdioCommand(command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], env: ["DEBUG": "1"])))
        #expect(config.servers[1].transport == .http(HTTPEndpoint(url: "https://mcp.example/mcp", headers: ["X-Team": "ops"])))
        #expect(config.servers[1].auth == .none)
    }

    @Test("every transport and alias: type, transport, transport_type; sse read timeout")
    func transports() throws {
        let config = try TestSupport.parse("""
            {"mcpServers": {
              "a": {"type": "streamable_http", "url": "https://a.example/mcp", "timeout": 30},
              "b": {"transport_type": "sse", "url": "https://b.example/sse", "sse_read_timeout": 120},
              "c": {"transport": "stdio", "command": "/usr/bin/server", "cwd": "/srv", "args": []}
            }}
            """)
        #expect(config.servers[0].transport.kind == .http)
        #expect(config.servers[0].timeoutSeconds == 30)
        #expect(config.servers[1].transport == .sse(HTTPEndpoint(url: "https://b.example/sse", readTimeout: 120)))
        #expect(config.servers[2].transport == .stdio(StdioCommand(command: "/usr/bin/server", cwd: "/srv")))
    }

    @Test("every auth method is modelled")
    func authMethods() throws {
        let config = try TestSupport.parse("""
            {"mcpServers": {
              "bearer": {"url": "https://x.example/mcp", "auth": {"method": "bearer", "token": "keyring:"}},
              "eka-raw": {"url": "https://x.example/mcp", "auth": {"method": "bearer", "token": "${EKA_TOKEN}", "scheme": ""}},
              "apikey": {"url": "https://x.example/mcp", "auth": {"method": "apiKey", "header": "X-API-Key", "key": "keyring:", "secondaryKey": "keyring:"}},
              "tenant": {"url": "https://x.example/mcp", "auth": {"method": "headers", "headers": {"X-API-Key": "keyring:", "X-Tenant-ID": "tenant_123"}}},
              "oauth": {"url": "https://x.example/mcp", "auth": {"method": "oauth", "scopes": "openid email", "redirectPort": 3000, "sendResource": false,
                        "clientId": "abc", "clientSecret": "keyring:", "clientAuthMethod": "client_secret_post"}},
              "cc": {"url": "https://x.example/mcp", "auth": {"method": "client_credentials", "tokenURL": "https://auth.example/token", "style": "json",
                     "clientId": "id", "clientSecret": "keyring:", "extraHeaders": {"X-API-KEY": "keyring:"}, "scopes": ["gekkovet/tools"]}},
              "device": {"url": "https://x.example/mcp", "auth": {"method": "deviceCode", "clientId": "cli", "issuer": "https://id.example"}},
              "jwt": {"url": "https://x.example/mcp", "auth": {"method": "jwt", "algorithm": "RS256", "signingKey": "keyring:",
                      "claims": {"user_id": "user_123", "tenant_id": "tenant_456", "aud": ["a", "b"], "level": 3}, "lifetime": 1800}},
              "hmac": {"url": "https://x.example/mcp", "auth": {"method": "hmac", "secret": "keyring:"}}
            }}
            """)
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        let auth = Dictionary(uniqueKeysWithValues: config.servers.map { ($0.name, $0.auth) })
        #expect(auth["bearer"] == .bearer(BearerAuth(token: .keyring)))
        #expect(auth["eka-raw"] == .bearer(BearerAuth(token: .environment(template: "${EKA_TOKEN}"), scheme: "")))
        #expect(auth["apikey"] == .apiKey(APIKeyAuth(key: .keyring, secondaryKey: .keyring)))
        #expect(auth["tenant"] == .headers(HeaderSetAuth(headers: ["X-Tenant-ID": "tenant_123"], secretHeaders: ["X-API-Key": .keyring])))
        #expect(auth["oauth"] == .oauth(OAuthAuth(scopes: ["openid", "email"], clientId: "abc", clientSecret: .keyring,
                                                  clientAuthMethod: .clientSecretPost, redirectPort: 3000, sendResource: false)))
        #expect(auth["cc"] == .clientCredentials(ClientCredentialsAuth(tokenURL: "https://auth.example/token", style: .json, clientId: "id",
                                                                      clientSecret: .keyring, scopes: ["gekkovet/tools"], secretHeaders: ["X-API-KEY": .keyring])))
        #expect(auth["device"] == .deviceCode(DeviceCodeAuth(clientId: "cli", issuer: "https://id.example")))
        #expect(auth["jwt"] == .jwt(SelfSignedJWTAuth(algorithm: .rs256, signingKey: .keyring,
                                                      claims: ["user_id": .string("user_123"), "tenant_id": .string("tenant_456"),
                                                               "aud": .strings(["a", "b"]), "level": .number(3)], lifetimeSeconds: 1800)))
        #expect(auth["hmac"] == .hmac(HMACAuth(secret: .keyring)))
        #expect(config.server(named: "cc")?.secretFields.map(\.field) == ["clientSecret", "header:X-API-KEY"])
    }

    @Test("${VAR} comes from the environment, then the .env file; secrets stay references")
    func environmentSubstitution() throws {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/servers.json"
        try """
            {"mcpServers": {"eka": {"url": "${EKA_API_BASE_URL}/mcp",
              "auth": {"method": "clientCredentials", "tokenURL": "${EKA_API_BASE_URL}/api/v1/auth/token", "style": "json",
                       "clientId": "${EKA_CLIENT_ID}", "clientSecret": "${EKA_CLIENT_SECRET}"}}}}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        try "# Eka\nEKA_API_BASE_URL=https://api-dev.eka.care\nexport EKA_CLIENT_ID=\"from-dotenv\"\nEKA_CLIENT_SECRET=canary-dotenv-secret\n"
            .write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(ConfigLocation(path: path, reason: "test"), processEnvironment: ["EKA_CLIENT_ID": "from-process"])
        let server = try #require(config.server(named: "eka"))
        #expect(server.transport.endpoint?.url == "https://api-dev.eka.care/mcp")
        guard case .clientCredentials(let auth) = server.auth else { Issue.record("wrong auth"); return }
        #expect(auth.clientId == "from-process")
        #expect(auth.tokenURL == "https://api-dev.eka.care/api/v1/auth/token")
        #expect(auth.clientSecret == .environment(template: "${EKA_CLIENT_SECRET}"))
        #expect(config.environment.expand("${EKA_CLIENT_SECRET}").value == "canary-dotenv-secret")
        #expect(config.warnings.isEmpty)
    }

    @Test("--env-file names another .env; a missing one is an error naming it")
    func explicitEnvFile() throws {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/servers.json"
        try #"{"mcpServers": {"a": {"url": "${BASE}/mcp"}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        try "BASE=https://prod.example\n".write(toFile: directory + "/.env.production", atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(ConfigLocation(path: path, reason: "test"), envFile: directory + "/.env.production", processEnvironment: [:])
        #expect(config.servers[0].transport.endpoint?.url == "https://prod.example/mcp")
        #expect(throws: ConfigError.envFile(file: directory + "/nope", line: nil, message: "the --env-file does not exist")) {
            try ConfigLoader.load(ConfigLocation(path: path, reason: "test"), envFile: directory + "/nope", processEnvironment: [:])
        }
    }

    @Test("a profile loads .env.NAME over .env (the process still wins); a missing or odd profile is an error naming it; the agent watches its file")
    func profiles() throws {
        let directory = TestSupport.temporaryDirectory()
        let path = directory + "/servers.json"
        let location = ConfigLocation(path: path, reason: "test")
        try #"{"mcpServers": {"a": {"url": "${BASE}/mcp", "description": "${TEAM}"}, "b": {"url": "${OTHER}/mcp"}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        try "BASE=https://dev.example\nTEAM=vets\nOTHER=https://other.example\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        try "BASE=https://prod.example\n".write(toFile: directory + "/.env.production", atomically: true, encoding: .utf8)
        let plain = try ConfigLoader.load(location, processEnvironment: [:])
        #expect(plain.server(named: "a")?.transport.endpoint?.url == "https://dev.example/mcp" && plain.profile == nil)
        let production = try ConfigLoader.load(location, profile: "production", processEnvironment: [:])
        #expect(production.profile == "production")
        #expect(production.server(named: "a")?.transport.endpoint?.url == "https://prod.example/mcp")
        #expect(production.server(named: "b")?.transport.endpoint?.url == "https://other.example/mcp", ".env still fills what the profile leaves out")
        #expect(production.inputFiles == [path, directory + "/.env", directory + "/.env.production"])
        let overridden = try ConfigLoader.load(location, profile: "production", processEnvironment: ["BASE": "https://mine.example"])
        #expect(overridden.server(named: "a")?.transport.endpoint?.url == "https://mine.example/mcp")
        #expect(throws: ConfigError.envFile(file: directory + "/.env.staging", line: nil, message: #"the profile "staging" has no .env.staging beside the config"#)) {
            try ConfigLoader.load(location, profile: "staging", processEnvironment: [:])
        }
        for odd in ["../etc", "", ".hidden", "a/b", "prod uction", "é"] {
            #expect(throws: ConfigError.self, "\(odd)") { try ConfigLoader.load(location, profile: odd, processEnvironment: [:]) }
        }
        let before = ConfigStamp(production)
        try "BASE=https://prod2.example\nEXTRA=1\n".write(toFile: directory + "/.env.production", atomically: true, encoding: .utf8)
        #expect(ConfigStamp(production) != before, "an edit of the profile's file is a change of the config")
    }

    @Test("an unset variable is a warning naming server and field; ${VAR:-default} falls back")
    func unsetVariables() throws {
        let config = try TestSupport.parse(#"{"mcpServers": {"a": {"url": "${MISSING_BASE}/mcp"}, "b": {"url": "${ALSO_MISSING:-http://127.0.0.1:9}/mcp"}}}"#)
        #expect(config.warnings.count == 1)
        #expect(config.warnings[0].description == #"servers.json: server "a", field url: ${MISSING_BASE} is not set"#)
        #expect(config.server(named: "b")?.transport.endpoint?.url == "http://127.0.0.1:9/mcp")
    }

    @Test("unknown keys are warned about with their full path, not dropped silently")
    func unknownKeys() throws {
        let config = try TestSupport.parse(#"{"mcpServers": {"a": {"url": "https://a.example/mcp", "retries": 3, "auth": {"method": "bearer", "token": "keyring:", "tokn": "x"}}}, "extra": 1}"#)
        #expect(config.warnings.map(\.description).sorted() == [
            #"servers.json: field extra: unknown key, ignored"#,
            #"servers.json: server "a", field auth.tokn: unknown key, ignored"#,
            #"servers.json: server "a", field retries: unknown key, ignored"#,
        ])
    }

    @Test("a literal secret is reported with a hint to move it into the keyring")
    func literalSecretWarning() throws {
        let config = try TestSupport.parse(#"{"mcpServers": {"a": {"url": "https://a.example/mcp", "headers": {"Authorization": "Bearer canary-literal-123"}}}}"#)
        #expect(config.warnings.count == 1)
        let warning = try #require(config.warnings.first)
        #expect(warning.field == "headers.Authorization")
        #expect(warning.hint?.contains("mcpdash import --from mcpdash") == true)
        #expect(!warning.description.contains("canary-literal-123"))
        #expect(config.servers[0].authLabel == "headers")
    }

    @Test("field errors name the file, the server and the field", arguments: [
        (#"{"mcpServers": {"s": {"url": 5}}}"#, #"servers.json: server "s", field url: expected a string, found a number"#),
        (#"{"mcpServers": {"s": {"url": "ftp://x"}}}"#, #"servers.json: server "s", field url: "ftp://x" is not an http:// or https:// URL"#),
        (#"{"mcpServers": {"s": {}}}"#, #"servers.json: server "s", field url: missing: the server's URL (or a command for a stdio server)"#),
        (#"{"mcpServers": {"s": {"type": "ws", "url": "https://x"}}}"#, #"servers.json: server "s", field type: unknown transport "ws"; expected http, sse or stdio"#),
        (#"{"mcpServers": {"s": {"url": "https://x", "auth": {"method": "kerberos"}}}}"#,
         #"servers.json: server "s", field auth.method: unknown auth method "kerberos"; expected one of none, bearer, apiKey, headers, oauth, clientCredentials, deviceCode, jwt, hmac, workloadIdentity, enterprise"#),
        (#"{"mcpServers": {"s": {"url": "https://x", "auth": {"method": "bearer"}}}}"#,
         #"servers.json: server "s", field auth.token: missing: the token (use "keyring:" or "${VAR}")"#),
        (#"{"mcpServers": {"s": {"url": "https://x", "auth": {"method": "oauth", "redirectPort": 70000}}}}"#,
         #"servers.json: server "s", field auth.redirectPort: must be between 1 and 65535"#),
        (#"{"mcpServers": {"s": {"command": "x", "env": {"A": 1}}}}"#, #"servers.json: server "s", field env.A: expected a string, found a number"#),
        (#"{"mcpServers": {"s": {"url": "https://x", "storage": "cloud"}}}"#, #"servers.json: server "s", field storage: expected "keyring" or "file", found "cloud""#),
        (#"{"mcpServers": [1]}"#, #"servers.json: field mcpServers: expected an object of servers, found a list"#),
        (#"{"settings": {"storage": "paper"}, "mcpServers": {}}"#, #"servers.json: field settings.storage: expected "keyring" or "file", found "paper""#),
    ])
    func fieldErrors(_ text: String, _ expected: String) throws {
        if expected.contains("server \"") {
            // A bad server entry is kept aside with its error; loading still succeeds.
            let config = try TestSupport.parse(text)
            #expect(config.servers.isEmpty)
            #expect(config.broken.map(\.error.summary) == [expected])
            #expect(throws: ConfigError.self) { try config.usableServer(named: "s") }
        } else {
            #expect(throws: ConfigError.self) { try TestSupport.parse(text) }
            do { _ = try TestSupport.parse(text) } catch { #expect(error.summary == expected) }
        }
    }

    @Test("one bad entry never stops the others: the valid servers load, the broken one keeps its error")
    func oneBadEntry() throws {
        let config = try TestSupport.parse("""
            {"mcpServers": {
              "good-a": {"url": "https://a.example/mcp"},
              "broken": {"url": "https://b.example/mcp", "auth": {"method": "apiKey"}},
              "good-c": {"command": "uvx", "args": ["x"]},
              "absurd": {"url": "https://d.example/mcp", "timeout": 1e300}
            }}
            """)
        #expect(config.servers.map(\.name) == ["good-a", "good-c"])
        #expect(config.broken.map(\.name) == ["absurd", "broken"])
        #expect(config.broken.first?.error.summary.contains("field timeout: must be at most 3600") == true)
        #expect(try config.usableServer(named: "good-a")?.name == "good-a")
        #expect(try config.usableServer(named: "nowhere") == nil)
        #expect(throws: ConfigError.self) { try config.usableServer(named: "broken") }
        let summaries = ServerListing.list(config, stores: SecretStores(keyring: InMemorySecretStore(), file: InMemorySecretStore()),
                                           database: nil).map(\.summary)
        #expect(summaries.map(\.name) == ["absurd", "broken", "good-a", "good-c"])
        #expect(summaries[1].error?.contains("server \"broken\"") == true)
    }

    @Test("a syntax error names file, line and column")
    func syntaxError() {
        do {
            _ = try TestSupport.parse("{\n  \"mcpServers\": {\n    \"a\": {\"url\": \"https://x\",, }\n  }\n}", file: "/etc/servers.json")
            Issue.record("expected an error")
        } catch {
            guard case .syntax(let file, let line, _, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "/etc/servers.json")
            #expect(line == 3)
            #expect(error.summary.hasPrefix("/etc/servers.json:3:"))
        }
    }

    @Test("the config location: --config, then MCPDASH_CONFIG, then XDG_CONFIG_HOME, then ~/.config")
    func location() {
        #expect(ConfigLocation.resolve(explicit: "/a.json", environment: ["MCPDASH_CONFIG": "/b.json"]).path == "/a.json")
        #expect(ConfigLocation.resolve(explicit: nil, environment: ["MCPDASH_CONFIG": "/b.json", "XDG_CONFIG_HOME": "/x"]).path == "/b.json")
        #expect(ConfigLocation.resolve(explicit: nil, environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path == "/x/mcpdash/servers.json")
        #expect(ConfigLocation.resolve(explicit: nil, environment: ["HOME": "/h"]).path == "/h/.config/mcpdash/servers.json")
    }

    @Test("a missing config file says where mcpdash looked and why")
    func missingFile() {
        #expect(throws: ConfigError.notFound(file: "/nonexistent/servers.json", lookedBecause: "from MCPDASH_CONFIG")) {
            try ConfigLoader.load(ConfigLocation(path: "/nonexistent/servers.json", reason: "from MCPDASH_CONFIG"))
        }
    }

    @Test("the shipped demo config loads without warnings")
    func demoConfig() throws {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/demo.json").standardized.path
        let environment = ["MCPDASH_DEMO_OAUTH_PORT": "1", "MCPDASH_DEMO_RESOURCE_PORT": "2", "MCPDASH_DEMO_OIDC_PORT": "3",
                           "MCPDASH_DEMO_BEARER_PORT": "4", "MCPDASH_DEMO_REFUSING_PORT": "5", "MCPDASH_DEMO_OIDC_CLIENT": "c",
                           "MCPDASH_DEMO_SERVICE_CLIENT": "s", "MCPDASH_DEMO_SERVICE_SECRET": "x", "MCPDASH_DEMO_TOKEN": "t",
                           "MCPDASH_DEMO_PYTHON": "/usr/bin/python3", "MCPDASH_DEMO_PEERS": "/tmp"]
        let config = try ConfigLoader.load(ConfigLocation(path: demo, reason: "test"), processEnvironment: environment)
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        #expect(config.servers.count == 6)
        #expect(config.server(named: "gekkovet-local")?.transport.endpoint?.url == "http://127.0.0.1:1/mcp")
    }

    @Test("URLs and auth method names are read on bytes, with the meaning they had")
    func bytewiseReading() {
        for url in ["http://x", "HTTPS://mcp.example/mcp", "HtTp://127.0.0.1:9/mcp?x=1#y"] { #expect(FieldReader.isHTTPURL(url), "\(url)") }
        for url in ["http://", "https://", "http:///x", "https://a b", "ftp://x", "httpsx://y", "http:/x", "", "ｈttp://x"] {
            #expect(!FieldReader.isHTTPURL(url), "\(url)")
        }
        // Every string of one to three pieces drawn from ASCII, line breaks of every kind, a
        // slash and non-ASCII text: the byte checks agree with the Character-based ones.
        let pieces = ["a", "Z", "/", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "é", "e\u{301}", " ", "http://", "HTTPS://",
                      "x", "ｈ", ":", "\t"]
        for first in pieces { for second in pieces { for third in ["", "/", "\n", "q", "\u{2028}", " "] {
            let text = first + second + third
            #expect(ServerConfigParser.containsSlashOrLineBreak(text) == text.contains(where: { $0.isNewline || $0 == "/" }), "\(Array(text.unicodeScalars))")
            let lowered = text.lowercased()
            let scheme = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
            let reference = scheme > 0 && text.utf8.count > scheme && Array(text.utf8)[scheme] != UInt8(ascii: "/") && !text.utf8.contains(0x20)
            #expect(FieldReader.isHTTPURL(text) == reference, "\(Array(text.unicodeScalars))")
        } } }
        #expect(ServerConfigParser.canonicalMethod("client_credentials") == "clientCredentials")
        #expect(ServerConfigParser.canonicalMethod("CLIENT-CREDENTIALS") == "clientCredentials")
        #expect(ServerConfigParser.canonicalMethod("OAuth") == "oauth")
        #expect(ServerConfigParser.canonicalMethod("ÖAuth") == nil && ServerConfigParser.canonicalMethod("") == nil)
        #expect(ServerConfigParser.normalized("Api_Key-É") == "apikeyé")
    }
}

