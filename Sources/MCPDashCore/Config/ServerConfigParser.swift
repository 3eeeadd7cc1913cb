import MCP

/// Builds `ServerConfig` values from the JSON objects under `mcpServers`.
///
/// Accepts the shapes of Claude Desktop, Claude Code, Cursor and MCPOmni entries as they are
/// (`type`, `transport` or `transport_type`; `url` or `command`), plus mcpdash's `auth`,
/// `tags`, `storage` and timeouts.
enum ServerConfigParser {
    static func parse(name: String, value: Value, file: String, resolver: EnvironmentResolver, sink: FieldReader.Sink) throws(ConfigError) -> ServerConfig {
        guard !name.isEmpty, !containsSlashOrLineBreak(name) else {
            throw .invalidField(file: file, server: name, field: "name", message: "a server name must be non-empty and contain no '/' or line break")
        }
        guard case .object(let object) = value else {
            throw .invalidField(file: file, server: name, field: "mcpServers.\(name)", message: "expected an object, found \(FieldReader.typeName(value))")
        }
        let reader = FieldReader(object, file: file, server: name, path: "", resolver: resolver, sink: sink)
        let transport = try parseTransport(reader)
        let auth = try reader.object("auth").map { reader throws(ConfigError) in try parseAuth(reader) } ?? .none
        let storage = try reader.string("storage").map { text throws(ConfigError) -> StorageKind in
            guard let kind = StorageKind(rawValue: text), kind != .memory else {
                throw reader.error("storage", "expected \"keyring\" or \"file\", found \"\(text)\"")
            }
            return kind
        }
        let server = ServerConfig(
            name: name,
            transport: transport,
            auth: auth,
            tags: try reader.stringList("tags") ?? [],
            storage: storage,
            timeoutSeconds: try reader.positiveNumber("timeout", atMost: 3600),
            rotationPolicyDays: try reader.int("rotationPolicyDays", in: 1...3650),
            disabled: try reader.bool("disabled") ?? false
        )
        var configured = server
        configured.connectTimeoutSeconds = try reader.positiveNumber("connectTimeout", atMost: 600)
        if let retryKey = reader.firstKey(["retry", "retry_config"]), let retryReader = try reader.object(retryKey) {
            configured.retry = try parseRetry(retryReader)
        }
        reader.ignore("description")
        reader.finish()
        return configured
    }

    /// `retry` (mcpdash) or `retry_config` (Kailash): maxRetries/max_retries, backoffFactor/backoff_factor, retryOn/retry_on.
    private static func parseRetry(_ reader: FieldReader) throws(ConfigError) -> RetryPolicy {
        let standard = RetryPolicy.standard
        let maxKey = reader.firstKey(["maxRetries", "max_retries"]) ?? "maxRetries"
        let factorKey = reader.firstKey(["backoffFactor", "backoff_factor"]) ?? "backoffFactor"
        let onKey = reader.firstKey(["retryOn", "retry_on"]) ?? "retryOn"
        var statuses = standard.retryOn
        if let value = reader.value(onKey) {
            guard case .array(let items) = value, items.allSatisfy({ $0.intValue != nil }) else {
                throw reader.error(onKey, "expected a list of HTTP status codes")
            }
            statuses = Set(items.compactMap(\.intValue))
            if !statuses.isDisjoint(with: [401, 403]) {
                reader.warn(onKey, "401 and 403 are never retried in a loop; a refused credential is reported (and refreshed once where it can be)")
            }
        }
        return RetryPolicy(maxRetries: try reader.int(maxKey, in: 0...10) ?? standard.maxRetries,
                           backoffFactor: try backoff(reader, factorKey) ?? standard.backoffFactor, retryOn: statuses)
    }

    private static func backoff(_ reader: FieldReader, _ key: String) throws(ConfigError) -> Double? {
        guard let factor = try reader.number(key) else { return nil }
        guard (0...RetryPolicy.maximumDelay).contains(factor) else {
            throw reader.error(key, "must be between 0 and \(Int(RetryPolicy.maximumDelay)) seconds")
        }
        return factor
    }

    // MARK: - Transport

    private static func parseTransport(_ reader: FieldReader) throws(ConfigError) -> TransportConfig {
        let typeKey = reader.firstKey(["type", "transport", "transport_type"])
        let declared = try typeKey.flatMap { key throws(ConfigError) in try reader.string(key) }
        let kind: TransportKind
        if let declared {
            guard let named = TransportKind(declared: declared) else {
                throw reader.error(typeKey ?? "type", "unknown transport \"\(normalized(declared))\"; expected http, sse or stdio")
            }
            kind = named
        } else {
            kind = reader.has("command") ? .stdio : .http
        }
        if kind == .stdio {
            if reader.has("url") { throw reader.error("url", "a stdio server takes command, not url") }
            let command = try reader.requiredString("command", "the program that starts the server")
            let env = try reader.splitSecretMap("env")
            return .stdio(StdioCommand(command: command, args: try reader.stringList("args") ?? [],
                                       env: env.plain, secretEnv: env.secret, cwd: try reader.string("cwd")))
        }
        if reader.has("command") { throw reader.error("command", "an \(kind.rawValue) server takes url, not command") }
        if !reader.has("url") { throw reader.error("url", "missing: the server's URL (or a command for a stdio server)") }
        let url = try reader.requiredURL("url", "the server's URL")
        let headers = try reader.splitSecretMap("headers")
        let readTimeoutKey = reader.firstKey(["sse_read_timeout", "readTimeout"])
        let readTimeout = try readTimeoutKey.flatMap { key throws(ConfigError) in try reader.positiveNumber(key, atMost: 86_400) }
        let endpoint = HTTPEndpoint(url: url, headers: headers.plain, secretHeaders: headers.secret, readTimeout: readTimeout)
        return kind == .sse ? .sse(endpoint) : .http(endpoint)
    }

    // MARK: - Auth

    static func parseAuth(_ reader: FieldReader) throws(ConfigError) -> AuthConfig {
        let method = try reader.string("method") ?? "none"
        guard let canonical = canonicalMethod(method) else {
            throw reader.error("method", "unknown auth method \"\(method)\"; expected one of \(AuthConfig.methodNames.joined(separator: ", "))")
        }
        let auth: AuthConfig
        switch canonical {
        case "bearer":
            auth = .bearer(BearerAuth(token: try reader.requiredSecret("token", "the token"),
                                      header: try reader.string("header") ?? "Authorization",
                                      scheme: try reader.string("scheme") ?? "Bearer"))
        case "apiKey":
            auth = .apiKey(APIKeyAuth(header: try reader.string("header") ?? "X-API-Key",
                                      key: try reader.requiredSecret("key", "the API key"),
                                      secondaryKey: try reader.secret("secondaryKey")))
        case "headers":
            let headers = try reader.splitSecretMap("headers")
            if headers.plain.isEmpty && headers.secret.isEmpty { throw reader.error("headers", "missing: at least one header") }
            auth = .headers(HeaderSetAuth(headers: headers.plain, secretHeaders: headers.secret))
        case "oauth":
            auth = .oauth(try parseOAuth(reader))
        case "clientCredentials":
            auth = .clientCredentials(try parseClientCredentials(reader))
        case "deviceCode":
            auth = .deviceCode(DeviceCodeAuth(
                clientId: try reader.string("clientId"), clientSecret: try reader.secret("clientSecret"),
                scopes: try reader.stringList("scopes") ?? [], issuer: try reader.url("issuer"),
                deviceAuthorizationURL: try reader.url("deviceAuthorizationURL"), tokenURL: try reader.url("tokenURL"),
                sendResource: try reader.bool("sendResource") ?? true))
        case "jwt":
            auth = .jwt(try parseJWT(reader))
        case "workloadIdentity":
            auth = .workloadIdentity(try parseWorkloadIdentity(reader))
        case "enterprise":
            auth = .enterprise(try parseEnterprise(reader))
        case "hmac":
            auth = .hmac(HMACAuth(
                secret: try reader.requiredSecret("secret", "the shared HMAC secret"),
                secondarySecret: try reader.secret("secondarySecret"),
                timestampHeader: try reader.string("timestampHeader") ?? "X-Timestamp",
                signatureHeader: try reader.string("signatureHeader") ?? "X-Signature",
                message: try reader.string("message") ?? "{timestamp}.{body}"))
        default:
            auth = .none
        }
        reader.finish()
        return auth
    }

    private static func parseClientCredentials(_ reader: FieldReader) throws(ConfigError) -> ClientCredentialsAuth {
        let styleText = try reader.string("style") ?? "basic"
        guard let style = ClientCredentialsAuth.Style.allCases.first(where: { normalized($0.rawValue) == normalized(styleText) }) else {
            throw reader.error("style", "expected basic, post, json or privateKeyJWT, found \"\(styleText)\"")
        }
        let algorithmText = try reader.string("signingAlgorithm") ?? "ES256"
        guard let algorithm = SelfSignedJWTAuth.Algorithm(rawValue: algorithmText.uppercased()), algorithm != .hs256 else {
            throw reader.error("signingAlgorithm", "expected ES256 or RS256, found \"\(algorithmText)\"")
        }
        let extra = try reader.splitSecretMap("extraHeaders")
        let signed = style == .privateKeyJWT
        if style == .json, !reader.has("tokenURL") { throw reader.error("tokenURL", "missing: the token endpoint (a JSON-body token request is never discovered)") }
        return ClientCredentialsAuth(
            tokenURL: try reader.url("tokenURL"), issuer: try reader.url("issuer"), style: style,
            clientId: try reader.requiredString("clientId", "the client id"),
            clientSecret: signed ? try reader.secret("clientSecret") : try reader.requiredSecret("clientSecret", "the client secret"),
            privateKey: signed ? try reader.requiredSecret("privateKey", "the PEM private key that signs the client assertion") : nil,
            signingAlgorithm: algorithm, scopes: try reader.stringList("scopes") ?? [],
            sendResource: try reader.bool("sendResource") ?? true, headers: extra.plain, secretHeaders: extra.secret)
    }

    private static func parseWorkloadIdentity(_ reader: FieldReader) throws(ConfigError) -> WorkloadIdentityAuth {
        guard let source = try reader.object("assertion") else {
            throw reader.error("assertion", "missing: where the workload's JWT is read, as {\"file\": PATH}, {\"env\": NAME} or {\"command\": [PROGRAM, ARGS…]}")
        }
        let assertion: WorkloadIdentityAuth.Source
        if let path = try source.string("file") {
            assertion = .file(path)
        } else if let name = try source.string("env") {
            assertion = .environment(name)
        } else if let command = try source.stringList("command"), !command.isEmpty {
            assertion = .command(command)
        } else {
            throw reader.error("assertion", "expected {\"file\": PATH}, {\"env\": NAME} or {\"command\": [PROGRAM, ARGS…]}")
        }
        source.finish()
        return WorkloadIdentityAuth(assertion: assertion, clientId: try reader.string("clientId"), scopes: try reader.stringList("scopes") ?? [],
                                    tokenURL: try reader.url("tokenURL"), issuer: try reader.url("issuer"),
                                    sendResource: try reader.bool("sendResource") ?? true)
    }

    private static func parseEnterprise(_ reader: FieldReader) throws(ConfigError) -> EnterpriseAuth {
        guard let idp = try reader.object("idp") else {
            throw reader.error("idp", "missing: the enterprise identity provider, as {\"issuer\": URL, \"clientId\": ID}")
        }
        let scopes = try idp.stringList("scopes") ?? ["openid", "email"]
        let provider = EnterpriseAuth.IdentityProvider(
            issuer: try idp.requiredURL("issuer", "the identity provider's issuer"), clientId: try idp.requiredString("clientId", "mcpdash's client id at the identity provider"),
            clientSecret: try idp.secret("clientSecret"), scopes: scopes.contains("openid") ? scopes : ["openid"] + scopes,
            redirectPort: try idp.int("redirectPort", in: 1...65535))
        idp.finish()
        return EnterpriseAuth(idp: provider, clientId: try reader.requiredString("clientId", "mcpdash's client id at the MCP server's authorization server"),
                              clientSecret: try reader.secret("clientSecret"), scopes: try reader.stringList("scopes") ?? [],
                              authorizationServer: try reader.url("authorizationServer"))
    }

    /// `redirectHost`: `127.0.0.1` or `localhost`, the only two loopback names IdPs register.
    private static func redirectHost(_ reader: FieldReader) throws(ConfigError) -> String {
        guard let host = try reader.string("redirectHost") else { return "127.0.0.1" }
        guard OAuthAuth.redirectHosts.contains(host) else {
            throw reader.error("redirectHost", "expected 127.0.0.1 or localhost, found \"\(host)\"")
        }
        return host
    }

    private static func parseOAuth(_ reader: FieldReader) throws(ConfigError) -> OAuthAuth {
        let methodKey = reader.firstKey(["clientAuthMethod", "tokenEndpointAuthMethod"])
        let clientAuthMethod = try methodKey.flatMap { key throws(ConfigError) -> ClientAuthMethod? in
            guard let text = try reader.string(key) else { return nil }
            guard let method = ClientAuthMethod(rawValue: text) else {
                throw reader.error(key, "expected one of \(ClientAuthMethod.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            }
            return method
        }
        let metadataURL = try reader.url("clientMetadataURL")
        if let metadataURL, !metadataURL.lowercased().hasPrefix("https://") {
            throw reader.error("clientMetadataURL", "a Client ID Metadata Document URL must be https://")
        }
        return OAuthAuth(
            scopes: try reader.stringList("scopes") ?? [], clientId: try reader.string("clientId"),
            clientSecret: try reader.secret("clientSecret"), clientAuthMethod: clientAuthMethod,
            clientMetadataURL: metadataURL, redirectPort: try reader.int("redirectPort", in: 1...65535),
            redirectHost: try redirectHost(reader),
            sendResource: try reader.bool("sendResource") ?? true, authorizationServer: try reader.url("authorizationServer"))
    }

    private static func parseJWT(_ reader: FieldReader) throws(ConfigError) -> SelfSignedJWTAuth {
        let algorithmText = try reader.string("algorithm") ?? "HS256"
        guard let algorithm = SelfSignedJWTAuth.Algorithm(rawValue: algorithmText.uppercased()) else {
            throw reader.error("algorithm", "expected HS256 or RS256, found \"\(algorithmText)\"")
        }
        var claims: [String: ClaimValue] = [:]
        if let claimsReader = try reader.object("claims") {
            for (name, value) in claimsReader.object {
                switch value {
                case .string(let string): claims[name] = .string(string)
                case .int(let int): claims[name] = .number(Double(int))
                case .double(let double): claims[name] = .number(double)
                case .bool(let bool): claims[name] = .bool(bool)
                case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
                    claims[name] = .strings(items.compactMap(\.stringValue))
                default:
                    throw claimsReader.error(name, "a claim must be a string, number, boolean or list of strings")
                }
                if name == "exp" || name == "iat" {
                    claimsReader.warn(name, "mcpdash sets \(name) itself; this value is replaced")
                }
            }
        }
        return SelfSignedJWTAuth(
            algorithm: algorithm, signingKey: try reader.requiredSecret("signingKey", "the signing key"), claims: claims,
            lifetimeSeconds: try reader.int("lifetime", in: 1...31_536_000) ?? 3600,
            header: try reader.string("header") ?? "Authorization", scheme: try reader.string("scheme") ?? "Bearer")
    }

    /// Whether `name` holds a `/` or a line break; ASCII names (nearly all) on bytes, without
    /// a walk over grapheme clusters.
    static func containsSlashOrLineBreak(_ name: String) -> Bool {
        var ascii = true
        for byte in name.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte == UInt8(ascii: "/") || (0x0A...0x0D).contains(byte) { return true }
        }
        return ascii ? false : name.contains(where: { $0.isNewline || $0 == "/" })
    }

    /// Lower-cases and drops `_` and `-`, so `client_credentials` matches `clientCredentials`.
    static func normalized(_ text: String) -> String {
        // Config keys and values are ASCII: bytes, without a walk over grapheme clusters.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            guard byte < 0x80 else { return text.lowercased().filter { $0 != "_" && $0 != "-" } }
            guard byte != UInt8(ascii: "_"), byte != UInt8(ascii: "-") else { continue }
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The auth method `name` spells (any case, `_` or `-` anywhere), as `AuthConfig.methodNames` has it; nil when none.
    static func canonicalMethod(_ name: String) -> String? {
        methodsByNormalizedName[normalized(name)]
    }

    private static let methodsByNormalizedName: [String: String] =
        Dictionary(AuthConfig.methodNames.map { (normalized($0), $0) }, uniquingKeysWith: { first, _ in first })
}
