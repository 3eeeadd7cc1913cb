import AsyncHTTPClient
import Foundation
import MCP
import NIOCore

/// Replays the authorization-server discovery a client must do, in the MCP spec's order, and
/// records every URL with its status and what it said.
///
/// Protected Resource Metadata (RFC 9728 §3, §5.1): the challenge's `resource_metadata`, then
/// `/.well-known/oauth-protected-resource/<path>`, then the root. Authorization-server metadata
/// (RFC 8414 §3, OIDC Discovery §4) for each issuer: with a path, oauth-authorization-server
/// with the path inserted, openid-configuration inserted, openid-configuration appended; without
/// a path, the two root well-knowns. The `issuer` must equal the one the URL was built from.
public enum DiscoveryReplay {
    /// What the replay learned.
    public struct Outcome: Sendable {
        /// Every URL tried.
        public var steps: [DiscoveryStep] = []
        /// The PRM document, when one was found.
        public var resource: String?
        /// Its authorization servers.
        public var authorizationServers: [String] = []
        /// Its `scopes_supported`.
        public var scopesSupported: [String] = []
        /// Issuers whose metadata claimed another issuer.
        public var issuerMismatches: [String] = []
        /// Issuers whose metadata was found and matched.
        public var confirmedIssuers: [String] = []
        /// The metadata of the confirmed issuers, in the same order.
        public var metadata: [AuthorizationServerMetadata] = []
    }

    /// Replays discovery for `endpoint`, starting from `challengeMetadataURL` when the server gave one.
    /// `issuerOverride` replaces the PRM's authorization servers (a configured issuer).
    public static func run(endpoint: URL, challengeMetadataURL: String?, issuerOverride: String? = nil) async -> Outcome {
        var outcome = Outcome()
        var candidates: [(String, String)] = []
        if let challengeMetadataURL { candidates.append(("from the challenge", challengeMetadataURL)) }
        if let origin = origin(of: endpoint) {
            let path = endpoint.path == "/" ? "" : endpoint.path
            if !path.isEmpty { candidates.append(("path well-known", origin + "/.well-known/oauth-protected-resource" + path)) }
            candidates.append(("root well-known", origin + "/.well-known/oauth-protected-resource"))
        }
        for (source, url) in candidates where !outcome.steps.contains(where: { $0.url == url }) {
            if let refusal = OriginPolicy.outboundRefusal(url) {
                outcome.steps.append(.init(kind: "protected resource metadata", source: source, url: String(url.prefix(200)), status: nil,
                                           note: "refused, not fetched: \(refusal)"))
                continue
            }
            let (status, object) = await fetch(url)
            guard let status, status == 200, let object else {
                outcome.steps.append(.init(kind: "protected resource metadata", source: source, url: url, status: status,
                                           note: status == nil ? "unreachable" : status == 200 ? "not a JSON object" : "not found here"))
                continue
            }
            outcome.resource = object["resource"]?.stringValue
            outcome.authorizationServers = object["authorization_servers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            outcome.scopesSupported = object["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
            outcome.steps.append(.init(kind: "protected resource metadata", source: source, url: url, status: status,
                                       note: "resource \(outcome.resource ?? "—"); authorization servers \(outcome.authorizationServers.joined(separator: ", ")); scopes \(outcome.scopesSupported.joined(separator: " "))"))
            break
        }
        // Without PRM, servers such as GekkoVet publish RFC 8414 metadata at their own origin.
        let issuers = issuerOverride.map { [$0] }
            ?? (outcome.authorizationServers.isEmpty ? origin(of: endpoint).map { [$0] } ?? [] : outcome.authorizationServers)
        for issuer in issuers.prefix(8) {
            if let refusal = OriginPolicy.outboundRefusal(issuer) {
                outcome.steps.append(.init(kind: "authorization server metadata", source: "issuer", url: String(issuer.prefix(200)), status: nil,
                                           note: "refused, not fetched: \(refusal)"))
                continue
            }
            for (source, url) in metadataCandidates(issuer: issuer) {
                let (status, object) = await fetch(url)
                guard let status, status == 200, let object else {
                    outcome.steps.append(.init(kind: "authorization server metadata", source: source, url: url, status: status,
                                               note: status == nil ? "unreachable" : "not found here"))
                    continue
                }
                let claimed = object["issuer"]?.stringValue ?? "—"
                if claimed == issuer, let metadata = AuthorizationServerMetadata(object: object) {
                    outcome.confirmedIssuers.append(issuer)
                    outcome.metadata.append(metadata)
                    let methods = object["code_challenge_methods_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    outcome.steps.append(.init(kind: "authorization server metadata", source: source, url: url, status: status,
                                               note: "issuer \(claimed) matches; PKCE \(methods.isEmpty ? "not advertised" : methods.joined(separator: ", "))"))
                } else {
                    outcome.issuerMismatches.append(issuer)
                    outcome.steps.append(.init(kind: "authorization server metadata", source: source, url: url, status: status,
                                               note: "issuer \(claimed) does NOT match \(issuer); the metadata must be rejected"))
                }
                break
            }
        }
        return outcome
    }

    /// The metadata URLs for `issuer`, in the spec's order.
    public static func metadataCandidates(issuer: String) -> [(source: String, url: String)] {
        guard let url = URL(string: issuer), let origin = origin(of: url) else { return [] }
        let path = url.path == "/" ? "" : (url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path)
        if path.isEmpty {
            return [("RFC 8414", origin + "/.well-known/oauth-authorization-server"),
                    ("OIDC", origin + "/.well-known/openid-configuration")]
        }
        return [("RFC 8414, path inserted", origin + "/.well-known/oauth-authorization-server" + path),
                ("OIDC, path inserted", origin + "/.well-known/openid-configuration" + path),
                ("OIDC, path appended", origin + path + "/.well-known/openid-configuration")]
    }

    private static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// GETs `url` without credentials; returns the status and the body when it is a JSON object.
    private static func fetch(_ url: String) async -> (Int?, [String: Value]?) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        guard let response = try? await HTTPClientProvider.client.execute(request, timeout: .seconds(5)) else { return (nil, nil) }
        let body = try? await response.body.collect(upTo: 1 << 20)
        let object = body.flatMap { OAuthHTTP.jsonObject(Data($0.readableBytesView)) }
        return (Int(response.status.code), object)
    }
}
