import Foundation

/// Where a grant without a browser (client credentials, jwt-bearer) requests its tokens, and
/// the issuer that answers there: configured, remembered from the stored session, or discovered.
public struct GrantEndpoint: Sendable, Equatable {
    /// The token endpoint.
    public var tokenURL: String
    /// The issuer of the authorization server, when known (the audience of assertions).
    public var issuer: String?

    /// The configured `tokenURL`; else the endpoint the stored session `known` discovered (same
    /// issuer); else discovery: the configured issuer's metadata, or PRM and then the metadata
    /// of the authorization server it names, checked as a browser login checks them.
    public static func locate(server: ServerConfig, tokenURL: String?, issuer: String?, known: TokenMetadata?,
                              journal: StateDatabase?) async throws(OAuthError) -> GrantEndpoint {
        if let tokenURL { return GrantEndpoint(tokenURL: tokenURL, issuer: issuer) }
        if let known, let stored = known.tokenEndpoint, known.issuer != nil, issuer == nil || known.issuer == issuer {
            return GrantEndpoint(tokenURL: stored, issuer: known.issuer)
        }
        let metadata: AuthorizationServerMetadata
        if let issuer {
            metadata = try await AuthDiscovery.metadata(issuer: issuer, server: server.name)
        } else {
            metadata = try await AuthDiscovery.discover(server, issuer: nil, journal: journal).metadata
        }
        guard let found = metadata.tokenEndpoint else {
            throw OAuthError(.discovery, server: server.name, message: "the metadata of \(metadata.issuer) names no token endpoint",
                             hint: "set auth.tokenURL")
        }
        if let refusal = OAuthHTTP.insecurity(of: found) {
            throw OAuthError(.insecureEndpoint, server: server.name, message: "the metadata of \(metadata.issuer) was refused: \(refusal)")
        }
        return GrantEndpoint(tokenURL: found, issuer: metadata.issuer)
    }
}
