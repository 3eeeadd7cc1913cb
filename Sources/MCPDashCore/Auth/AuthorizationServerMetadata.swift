import MCP

/// An authorization server's metadata (RFC 8414 §2, OIDC Discovery §3): the fields mcpdash uses.
public struct AuthorizationServerMetadata: Equatable, Sendable {
    /// The issuer, exactly as the document states it.
    public var issuer: String
    /// Where the browser is sent to authorize.
    public var authorizationEndpoint: String?
    /// Where codes, refresh tokens and client credentials are exchanged.
    public var tokenEndpoint: String?
    /// Dynamic Client Registration (RFC 7591).
    public var registrationEndpoint: String?
    /// Token revocation (RFC 7009).
    public var revocationEndpoint: String?
    /// Device authorization (RFC 8628).
    public var deviceAuthorizationEndpoint: String?
    /// OIDC userinfo.
    public var userinfoEndpoint: String?
    /// The keys that sign id_tokens.
    public var jwksURI: String?
    /// PKCE methods; S256 must be among them.
    public var codeChallengeMethods: [String]
    /// Scopes the server knows.
    public var scopesSupported: [String]
    /// How clients may authenticate at the token endpoint.
    public var tokenEndpointAuthMethods: [String]
    /// Whether a Client ID Metadata Document URL may be used as `client_id`.
    public var clientIDMetadataDocumentSupported: Bool
    /// Whether authorization responses carry `iss` (RFC 9207).
    public var authorizationResponseIssuerSupported: Bool
    /// The grant types the server accepts; empty when it does not say.
    public var grantTypesSupported: [String] = []
    /// The algorithms the server accepts for DPoP proofs (RFC 9449 §5.1); empty when it does not do DPoP.
    public var dpopSigningAlgorithms: [String] = []

    /// Reads the metadata from a JSON object; nil without an `issuer`.
    public init?(object: [String: Value]) {
        guard let issuer = object["issuer"]?.stringValue else { return nil }
        self.issuer = issuer
        authorizationEndpoint = object["authorization_endpoint"]?.stringValue
        tokenEndpoint = object["token_endpoint"]?.stringValue
        registrationEndpoint = object["registration_endpoint"]?.stringValue
        revocationEndpoint = object["revocation_endpoint"]?.stringValue
        deviceAuthorizationEndpoint = object["device_authorization_endpoint"]?.stringValue
        userinfoEndpoint = object["userinfo_endpoint"]?.stringValue
        jwksURI = object["jwks_uri"]?.stringValue
        codeChallengeMethods = object["code_challenge_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        scopesSupported = object["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        tokenEndpointAuthMethods = object["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        clientIDMetadataDocumentSupported = object["client_id_metadata_document_supported"]?.boolValue ?? false
        authorizationResponseIssuerSupported = object["authorization_response_iss_parameter_supported"]?.boolValue ?? false
        grantTypesSupported = object["grant_types_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        dpopSigningAlgorithms = object["dpop_signing_alg_values_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The 2025-03-26 spec's default endpoints at `origin`, for a server without metadata; that
    /// spec makes PKCE mandatory, so S256 is assumed.
    public init(fallbackOrigin origin: String) {
        self.init(issuer: origin, tokenEndpoint: origin + "/token")
        authorizationEndpoint = origin + "/authorize"
        registrationEndpoint = origin + "/register"
        codeChallengeMethods = ["S256"]
    }

    /// Metadata made from configured endpoints, for servers that publish none.
    public init(issuer: String, tokenEndpoint: String?, deviceAuthorizationEndpoint: String? = nil) {
        self.issuer = issuer
        self.tokenEndpoint = tokenEndpoint
        self.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint
        codeChallengeMethods = []
        scopesSupported = []
        tokenEndpointAuthMethods = []
        clientIDMetadataDocumentSupported = false
        authorizationResponseIssuerSupported = false
    }
}
