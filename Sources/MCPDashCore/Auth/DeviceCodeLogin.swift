import Foundation

/// The device authorization grant (RFC 8628), for hosts without a browser: show a code and a
/// URL, then poll the token endpoint honouring `interval` and `slow_down` until approval,
/// denial or expiry.
public struct DeviceCodeLogin: Sendable {
    /// The server.
    public let server: ServerConfig
    /// Its device-code settings.
    public let auth: DeviceCodeAuth
    /// Its token vault.
    public let vault: TokenVault
    /// Its client registrar (for the configured client).
    public let registrar: ClientRegistrar

    /// Creates the login.
    public init(server: ServerConfig, auth: DeviceCodeAuth, vault: TokenVault, registrar: ClientRegistrar) {
        self.server = server
        self.auth = auth
        self.vault = vault
        self.registrar = registrar
    }

    /// Runs the grant; the code and URL go to `progress`.
    public func run(options: LoginOptions, progress: LoginProgress) async throws -> LoginReport {
        let (metadata, discovery) = try await endpoints()
        guard let deviceEndpoint = auth.deviceAuthorizationURL ?? metadata.deviceAuthorizationEndpoint,
              let tokenEndpoint = auth.tokenURL ?? metadata.tokenEndpoint else {
            throw OAuthError(.unsupported, server: server.name, message: "\(metadata.issuer) has no device authorization endpoint",
                             hint: "set auth.deviceAuthorizationURL, or use method oauth from a machine with a browser")
        }
        guard let client = try registrar.configured(clientId: auth.clientId, secret: auth.clientSecret, method: nil, metadata: metadata) else {
            throw OAuthError(.unsupported, server: server.name, message: "the device grant needs a registered client", hint: "set auth.clientId")
        }
        let scopes = AuthorizationCodeLogin.scopes(configured: ScopeStepUp.union(auth.scopes, options.scopes),
                                                   challenged: discovery?.challengedScopes ?? [], supported: discovery?.supportedScopes ?? [])
        // RFC 8707: the resource goes with the device request and the token request alike.
        let resource = auth.sendResource ? discovery?.resource ?? server.transport.endpoint.map({ ResourceIdentifier.canonical($0.url) }) : nil
        var fields: [(String, String)] = []
        if !scopes.isEmpty { fields.append(("scope", scopes.joined(separator: " "))) }
        if let resource { fields.append(("resource", resource)) }
        var headers: [(String, String)] = []
        (fields, headers) = try await client.authenticated(fields: fields, headers: headers, audience: deviceEndpoint)
        let started = Date()
        let response = try await OAuthHTTP.postForm(deviceEndpoint, fields: fields, headers: headers, server: server.name)
        guard response.status == 200, let object = response.object, let deviceCode = object["device_code"]?.stringValue,
              let rawUserCode = object["user_code"]?.stringValue,
              let verificationURI = object["verification_uri"]?.stringValue ?? object["verification_url"]?.stringValue else {
            throw TokenEndpoint.error(from: response, url: deviceEndpoint, server: server.name)
        }
        SecretRedactor.shared.remember(deviceCode)
        // The verification URI is shown and may go to a browser: https (or loopback http) only.
        if let refusal = OriginPolicy.outboundRefusal(verificationURI) {
            throw OAuthError(.insecureEndpoint, server: server.name, message: "the device authorization response was refused: \(refusal)")
        }
        let userCode = String(rawUserCode.prefix(64))
        let lifetime = TimeInterval(ServerNumber.seconds(object["expires_in"], in: 1...86_400, fallback: 600))
        let expiresAt = started.addingTimeInterval(min(lifetime, options.timeout.seconds))
        let complete = object["verification_uri_complete"]?.stringValue.flatMap { OriginPolicy.outboundRefusal($0) == nil ? $0 : nil }
        progress(.deviceCode(userCode: userCode, verificationURI: verificationURI, verificationURIComplete: complete, expiresAt: expiresAt))
        _ = try? vault.database.append(JournalEvent(server: server.name, account: vault.account, operation: .login, outcome: .info,
                                                    message: "device code \(userCode) to be entered at \(verificationURI)"))
        if options.openBrowser { progress(.browser(program: BrowserOpener.open(complete ?? verificationURI, environment: options.environment))) }
        // RFC 8628 §3.2: 5 s when absent; a huge or hostile value is cut to a minute.
        var interval = ServerNumber.seconds(object["interval"], in: 1...60, fallback: 5)
        while true {
            try await Task.sleep(for: .seconds(interval))
            guard Date() < expiresAt else {
                throw OAuthError(.timeout, server: server.name, message: "the device code expired before it was approved",
                                 hint: "mcpdash login \(server.name) to get a new code")
            }
            let (grant, pollHeaders) = try await client.authenticated(
                fields: [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", deviceCode)]
                    + (resource.map { [("resource", $0)] } ?? []), headers: [],
                audience: tokenEndpoint)
            let poll = try await OAuthHTTP.postForm(tokenEndpoint, fields: grant, headers: pollHeaders, server: server.name)
            switch poll.errorCode {
            case "authorization_pending":
                continue
            case "slow_down":
                interval = min(interval + 5, 60)
                continue
            case "access_denied":
                throw OAuthError(.denied, server: server.name, message: "the device login was denied")
            case "expired_token":
                throw OAuthError(.timeout, server: server.name, message: "the device code expired before it was approved",
                                 hint: "mcpdash login \(server.name) to get a new code")
            default:
                progress(.exchanging)
                let tokens = try TokenEndpoint.tokens(from: poll, url: tokenEndpoint, server: server.name)
                let subject = await TokenClaims.decode(tokens.accessToken).flatMap { $0.email ?? $0.subject }
                let vault = self.vault
                let saved = try await vault.whileLocked { try vault.save(tokens, context: .init(issuer: metadata.issuer.isEmpty ? nil : metadata.issuer, tokenEndpoint: tokenEndpoint,
                                                                  revocationEndpoint: metadata.revocationEndpoint, clientId: client.clientId,
                                                                  resource: server.transport.endpoint.map { ResourceIdentifier.canonical($0.url) },
                                                                  requestedScopes: scopes, subject: subject, replacesSession: true)) }
                return LoginReport(server: server.name, account: vault.account, grant: .deviceCode, issuer: saved.issuer, client: client.kind.rawValue,
                                   subject: subject, scopes: saved.scopes, expiresAt: saved.expiresAt, refreshable: tokens.refreshToken != nil)
            }
        }
    }

    /// The authorization server's metadata: from the configured issuer, else discovered from the
    /// server (with what discovery learned: the resource and the scopes asked for).
    private func endpoints() async throws -> (AuthorizationServerMetadata, AuthDiscovery.Result?) {
        if let issuer = auth.issuer { return (try await AuthDiscovery.metadata(issuer: issuer, server: server.name), nil) }
        if auth.deviceAuthorizationURL != nil, auth.tokenURL != nil {
            return (AuthorizationServerMetadata(issuer: "", tokenEndpoint: auth.tokenURL, deviceAuthorizationEndpoint: auth.deviceAuthorizationURL), nil)
        }
        let discovery = try await AuthDiscovery.discover(server, issuer: nil, journal: vault.database)
        return (discovery.metadata, discovery)
    }
}
