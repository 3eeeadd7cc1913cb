import Foundation

/// Finds the authorization server of an MCP server, as the spec orders it, and validates it.
///
/// An unauthenticated request reads the 401 challenge (its `resource_metadata` and `scope`);
/// `DiscoveryReplay` then walks PRM and the metadata well-knowns, rejecting metadata whose
/// `issuer` differs from the one its URL was built from. Every URL tried is journaled, so
/// triage and the dashboard can show the path taken.
public enum AuthDiscovery {
    /// What discovery settled on.
    public struct Result: Sendable {
        /// The chosen authorization server's metadata.
        public var metadata: AuthorizationServerMetadata
        /// The resource identifier to send as RFC 8707 `resource`.
        public var resource: String
        /// The scopes the 401 challenge asked for (authoritative when present).
        public var challengedScopes: [String]
        /// The PRM's `scopes_supported`.
        public var supportedScopes: [String]
        /// Every URL tried.
        public var steps: [DiscoveryStep]
    }

    /// Discovers the authorization server for `server`; `issuer` (from config) skips the PRM's choice.
    public static func discover(_ server: ServerConfig, issuer configuredIssuer: String?,
                                journal: StateDatabase?) async throws(OAuthError) -> Result {
        guard let endpointText = server.transport.endpoint?.url, let endpoint = URL(string: endpointText) else {
            throw OAuthError(.unsupported, server: server.name, message: "a stdio server takes its credentials from its environment, not from OAuth",
                             hint: "set the variables in the server's env (keyring: references work)")
        }
        let probe = await ChallengeProbe.run(server: server, endpoint: endpoint)
        let parsed = WWWAuthenticateParser.parse(probe.challenges)
        let challenge = parsed.first(scheme: "Bearer") ?? parsed.first(scheme: "DPoP")
        if probe.operation != "initialize", challenge != nil {
            _ = try? journal?.append(JournalEvent(server: server.name, operation: .discovery, outcome: .info, httpStatus: probe.status,
                                                  challenge: probe.challenges.first,
                                                  message: "initialize is open; \(probe.operation) was challenged (scope \(challenge?.scopes.joined(separator: " ") ?? "—"))"))
        }
        let outcome = await DiscoveryReplay.run(endpoint: endpoint, challengeMetadataURL: challenge?.resourceMetadata,
                                                issuerOverride: configuredIssuer)
        for step in outcome.steps {
            _ = try? journal?.append(JournalEvent(server: server.name, operation: .discovery, outcome: step.note.contains("NOT match") ? .failure : .info,
                                                  httpStatus: step.status, message: "\(step.kind) (\(step.source)) \(step.url): \(step.note)"))
        }
        guard let metadata = outcome.metadata.first ?? fallback(outcome, endpoint: endpoint, server: server.name, journal: journal) else {
            if let mismatch = outcome.issuerMismatches.first {
                throw OAuthError(.issuerMismatch, server: server.name,
                                 message: "the metadata for \(mismatch) names another issuer; it must be rejected (RFC 8414 §3.3)",
                                 hint: "mcpdash diagnose \(server.name) shows every URL tried")
            }
            throw OAuthError(.discovery, server: server.name,
                             message: "no authorization server found for \(endpointText) (\(outcome.steps.count) URLs tried)",
                             hint: "mcpdash diagnose \(server.name) shows every URL tried; set auth.authorizationServer to name one")
        }
        // RFC 9728 §3.3: metadata for another resource must not be used; a token for it would
        // be handed to this server (a confused deputy).
        let resource: String
        if let claimed = outcome.resource {
            guard ResourceIdentifier.covers(claimed, endpoint: endpointText) else {
                let shown = String(claimed.prefix(200))
                _ = try? journal?.append(JournalEvent(server: server.name, operation: .discovery, outcome: .failure,
                                                      message: "protected resource metadata names resource \(shown), not \(endpointText); refused"))
                throw OAuthError(.resourceMismatch, server: server.name,
                                 message: "the protected resource metadata names resource \(shown), not this server's \(ResourceIdentifier.canonical(endpointText)); mcpdash will not log in for another resource (RFC 9728 §3.3)",
                                 hint: "check the server's URL in the config; the server's metadata is wrong or hostile")
            }
            resource = ResourceIdentifier.canonical(claimed)
        } else {
            resource = ResourceIdentifier.canonical(endpointText)
        }
        return Result(metadata: metadata, resource: resource, challengedScopes: challenge?.scopes ?? [],
                      supportedScopes: outcome.scopesSupported, steps: outcome.steps)
    }

    /// The 2025-03-26 spec's default endpoints (`/authorize`, `/token`, `/register` at the MCP
    /// server's origin) for a server that publishes no metadata at all: no PRM, and every
    /// metadata URL answered 404. Anything else (an unreachable URL, a mismatched issuer, PRM
    /// naming an authorization server) is not "no metadata" and gets no fallback.
    static func fallback(_ outcome: DiscoveryReplay.Outcome, endpoint: URL, server: String,
                         journal: StateDatabase?) -> AuthorizationServerMetadata? {
        guard outcome.resource == nil, outcome.authorizationServers.isEmpty, outcome.issuerMismatches.isEmpty,
              !outcome.steps.isEmpty, outcome.steps.allSatisfy({ $0.status == 404 }),
              let scheme = endpoint.scheme, let host = endpoint.host else { return nil }
        let origin = "\(scheme)://\(host)" + (endpoint.port.map { ":\($0)" } ?? "")
        _ = try? journal?.append(JournalEvent(server: server, operation: .discovery, outcome: .info,
                                              message: "no metadata anywhere: the 2025-03-26 default endpoints \(origin)/authorize, /token and /register"))
        return AuthorizationServerMetadata(fallbackOrigin: origin)
    }

    /// Metadata for a configured `issuer`, found by the RFC 8414 / OIDC well-knowns alone.
    public static func metadata(issuer: String, server: String) async throws(OAuthError) -> AuthorizationServerMetadata {
        for (_, url) in DiscoveryReplay.metadataCandidates(issuer: issuer) {
            guard let response = try? await OAuthHTTP.get(url, server: server), response.status == 200,
                  let object = response.object, let metadata = AuthorizationServerMetadata(object: object) else { continue }
            guard metadata.issuer == issuer else {
                throw OAuthError(.issuerMismatch, server: server, message: "\(url) claims issuer \(metadata.issuer), not \(issuer)")
            }
            return metadata
        }
        throw OAuthError(.discovery, server: server, message: "no authorization-server metadata found for \(issuer)")
    }

    /// The canonical resource URI (RFC 8707 §2): `ResourceIdentifier.canonical`.
    public static func canonicalResource(_ uri: String) -> String {
        ResourceIdentifier.canonical(uri)
    }
}
