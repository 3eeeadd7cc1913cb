import Foundation
import MCP

/// Obtains the client identity for an authorization server, in the spec's order of preference:
/// pre-registered, Client ID Metadata Document, Dynamic Client Registration.
///
/// Registrations are stored per issuer (the id in the state database, a secret in the secret
/// store) and never used with another issuer.
public struct ClientRegistrar: Sendable {
    /// The server needing a client.
    public let server: String
    /// Resolves the configured client secret.
    public let resolver: SecretResolver
    /// The store registration secrets go to.
    public let store: any SecretStore
    /// The state database.
    public let database: StateDatabase

    /// Creates a registrar.
    public init(server: String, resolver: SecretResolver, store: any SecretStore, database: StateDatabase) {
        self.server = server
        self.resolver = resolver
        self.store = store
        self.database = database
    }

    /// The secret-store address of a dynamically registered client's secret at `issuer`.
    public static func secretAddress(issuer: String) -> SecretAddress {
        SecretAddress(server: "*", field: "registration.clientSecret", issuer: issuer)
    }

    /// A configured (pre-registered) client, when the config names one.
    public func configured(clientId: String?, secret: SecretSource?, method: ClientAuthMethod?,
                           metadata: AuthorizationServerMetadata?) throws -> ClientIdentity? {
        guard let clientId else { return nil }
        let value = try secret.map { try resolver.value(of: $0, field: "clientSecret") }
        let supported = metadata?.tokenEndpointAuthMethods ?? []
        let chosen = method ?? (value == nil ? .none
            : supported.isEmpty || supported.contains(ClientAuthMethod.clientSecretBasic.rawValue) ? .clientSecretBasic : .clientSecretPost)
        return ClientIdentity(clientId: clientId, secret: value, method: chosen, kind: .preRegistered)
    }

    /// Keeps a pre-registered client with its authorization server (MCP authorization, client
    /// registration: credentials are keyed by issuer and never reused with another): the issuer
    /// the config names, else the one the client was first used with. Another issuer is an error.
    public func bind(_ clientId: String, to issuer: String, configuredIssuer: String?) throws {
        let bound = try configuredIssuer ?? database.clientBinding(server: server, clientId: clientId)
        if let bound, bound != issuer {
            _ = try? database.append(JournalEvent(server: server, operation: .login, outcome: .failure,
                                                  message: "client \(clientId) is bound to \(bound); \(issuer) was refused"))
            throw OAuthError(.foreignIssuer, server: server,
                             message: "the configured client \(clientId) belongs to the authorization server \(bound), but the server's metadata now names \(issuer); its credentials were not sent",
                             hint: "if the server really moved, set auth.authorizationServer to \(issuer) (or run mcpdash logout \(server) --forget registration)")
        }
        if bound == nil { try database.bindClient(server: server, clientId: clientId, issuer: issuer) }
    }

    /// The port of the redirect URI registered at `issuer`, so a login can reuse it.
    public func registeredPort(issuer: String) -> Int? {
        guard let registration = try? database.registration(issuer: issuer), registration.kind == .dynamic else { return nil }
        return registration.redirectURIs.split(separator: "\n" as Character).compactMap { URL(string: String($0))?.port }.first
    }

    /// A client identity, with the writes that keep a new registration for later logins still to make.
    public struct Obtained: Sendable {
        /// The identity to log in with.
        public let identity: ClientIdentity
        /// Keeps a new registration: its secret in the store, its row and journal entry in the
        /// state database. Nil when there is nothing new to keep.
        public let keep: (@Sendable () throws -> Void)?
    }

    /// The client for an authorization-code login at `metadata`'s issuer with `redirectURI`.
    ///
    /// A registration made now is returned with its writes not yet made (`Obtained.keep`), so
    /// the login can start the browser while they run; it makes them before redeeming the code.
    public func identity(for auth: OAuthAuth, metadata: AuthorizationServerMetadata, redirectURI: String,
                         scopes: [String], journal: StateDatabase?) async throws -> Obtained {
        if let configured = try configured(clientId: auth.clientId, secret: auth.clientSecret, method: auth.clientAuthMethod, metadata: metadata) {
            try bind(configured.clientId, to: metadata.issuer, configuredIssuer: auth.authorizationServer)
            return Obtained(identity: configured, keep: nil)
        }
        if let document = auth.clientMetadataURL, metadata.clientIDMetadataDocumentSupported {
            try database.save(ClientRegistration(issuer: metadata.issuer, clientId: document, kind: .metadataDocument,
                                                 redirectURIs: [redirectURI], tokenEndpointAuthMethod: "none", registeredAt: Date(), server: server))
            return Obtained(identity: ClientIdentity(clientId: document, secret: nil, method: .none, kind: .metadataDocument), keep: nil)
        }
        let stored = try database.registration(issuer: metadata.issuer)
        // RFC 7591 §3.2.1: a client secret past its client_secret_expires_at is dead; register anew.
        if let stored, let expiry = stored.clientSecretExpiresAt, expiry <= Date() {
            _ = try? journal?.append(JournalEvent(server: server, operation: .register, outcome: .info,
                                                  message: "the client secret of the registration at \(metadata.issuer) \(ExpiryText.describe(expiry)); registering again"))
        } else if let stored, stored.kind == .dynamic,
           stored.redirectURIs.split(separator: "\n" as Character).contains(Substring(redirectURI)),
           Set(scopes).isSubset(of: Set((stored.scope ?? "").split(separator: " " as Character).map(String.init))) || (stored.scope == nil && scopes.isEmpty) {
            let secret = try store.get(Self.secretAddress(issuer: metadata.issuer))
            let method = stored.tokenEndpointAuthMethod.flatMap(ClientAuthMethod.init(rawValue:)) ?? (secret == nil ? .none : .clientSecretBasic)
            return Obtained(identity: ClientIdentity(clientId: stored.clientId, secret: secret, method: method, kind: .dynamic), keep: nil)
        }
        guard let endpoint = metadata.registrationEndpoint else {
            throw OAuthError(.unsupported, server: server,
                             message: "\(metadata.issuer) offers neither Dynamic Client Registration nor Client ID Metadata Documents",
                             hint: "register mcpdash there by hand (redirect URI \(redirectURI)) and set auth.clientId")
        }
        return try await register(at: endpoint, issuer: metadata.issuer, redirectURI: redirectURI, scopes: scopes,
                                  method: Self.registrationMethod(supported: metadata.tokenEndpointAuthMethods), journal: journal)
    }

    /// The token-endpoint auth method to register with: a public client (`none`) when the server
    /// allows it (or says nothing), else the first secret-based method it lists (its preference).
    public static func registrationMethod(supported: [String]) -> ClientAuthMethod {
        if supported.isEmpty || supported.contains(ClientAuthMethod.none.rawValue) { return .none }
        let usable: [ClientAuthMethod] = [.clientSecretBasic, .clientSecretPost]
        return supported.lazy.compactMap(ClientAuthMethod.init(rawValue:)).first(where: usable.contains) ?? .none
    }

    private func register(at endpoint: String, issuer: String, redirectURI: String, scopes: [String], method requested: ClientAuthMethod,
                          journal: StateDatabase?) async throws -> Obtained {
        var request: [String: Value] = [
            "client_name": "mcpdash",
            "redirect_uris": [.string(redirectURI)],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": .string(requested.rawValue),
            "application_type": "native",
        ]
        if !scopes.isEmpty { request["scope"] = .string(scopes.joined(separator: " ")) }
        let response = try await OAuthHTTP.postJSON(endpoint, object: request, server: server)
        guard [200, 201].contains(response.status), let object = response.object, let clientId = object["client_id"]?.stringValue else {
            let code = response.errorCode ?? "HTTP \(response.status)"
            let description = response.errorDescription.map { ": \($0)" } ?? ""
            let redirect = code.contains("redirect")
            _ = try? journal?.append(JournalEvent(server: server, operation: .register, outcome: .failure, httpStatus: response.status,
                                                  message: "registration at \(endpoint) refused: \(code)\(description)"))
            throw OAuthError(.registrationRejected, server: server,
                             message: redirect ? "the authorization server rejected the redirect URI \(redirectURI) (\(code)\(description))"
                                               : "Dynamic Client Registration at \(endpoint) was refused (\(code)\(description))",
                             hint: redirect ? "set auth.redirectPort to a port it accepts, or register a client by hand and set auth.clientId"
                                            : "register a client by hand and set auth.clientId")
        }
        let secret = object["client_secret"]?.stringValue
        let method = object["token_endpoint_auth_method"]?.stringValue.flatMap(ClientAuthMethod.init(rawValue:))
            ?? (secret == nil ? .none : requested)
        if let secret { SecretRedactor.shared.remember(secret) }
        // RFC 7591 §3.2.1: 0 means the secret does not expire.
        let expiry = ServerNumber.number(object["client_secret_expires_at"]).flatMap { $0 > 0 ? ServerNumber.timestamp($0) : nil }
        var registration = ClientRegistration(issuer: issuer, clientId: clientId, kind: .dynamic, redirectURIs: [redirectURI],
                                              tokenEndpointAuthMethod: method.rawValue, registeredAt: Date(), clientSecretExpiresAt: expiry,
                                              server: server)
        registration.scope = object["scope"]?.stringValue ?? (scopes.isEmpty ? nil : scopes.joined(separator: " "))
        let (store, database, server, status) = (store, database, server, response.status)
        return Obtained(identity: ClientIdentity(clientId: clientId, secret: secret, method: method, kind: .dynamic)) { [registration] in
            if let secret { try store.set(secret, for: Self.secretAddress(issuer: issuer)) } else { try store.delete(Self.secretAddress(issuer: issuer)) }
            try database.save(registration)
            _ = try? journal?.append(JournalEvent(server: server, operation: .register, outcome: .success, httpStatus: status,
                                                  message: "registered client \(clientId) at \(issuer) (\(method.rawValue))"))
        }
    }

    /// The client a refresh or revocation at `issuer` uses: the configured one, else the stored registration.
    public func existing(for auth: OAuthAuth?, issuer: String, clientId: String?) throws -> ClientIdentity? {
        if let configured = try configured(clientId: auth?.clientId, secret: auth?.clientSecret, method: auth?.clientAuthMethod, metadata: nil) {
            return configured
        }
        if let stored = try database.registration(issuer: issuer), clientId == nil || stored.clientId == clientId {
            let secret = stored.kind == .dynamic ? try store.get(Self.secretAddress(issuer: issuer)) : nil
            let method = stored.tokenEndpointAuthMethod.flatMap(ClientAuthMethod.init(rawValue:)) ?? (secret == nil ? .none : .clientSecretBasic)
            return ClientIdentity(clientId: stored.clientId, secret: secret, method: method, kind: stored.kind)
        }
        return clientId.map { ClientIdentity(clientId: $0, secret: nil, method: .none, kind: .preRegistered) }
    }

    /// Forgets the registration at `issuer` and its secret; returns whether there was one.
    @discardableResult
    public func forget(issuer: String) throws -> Bool {
        let existed = try database.registration(issuer: issuer) != nil
        try database.deleteRegistration(issuer: issuer)
        try store.delete(Self.secretAddress(issuer: issuer))
        return existed
    }
}
