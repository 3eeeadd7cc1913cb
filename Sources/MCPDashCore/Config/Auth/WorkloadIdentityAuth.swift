/// Workload identity federation (SEP-1933; RFC 7523 §2.1): a JWT the platform gives the
/// workload, presented with the jwt-bearer grant for an access token.
public struct WorkloadIdentityAuth: Equatable, Sendable {
    /// Where the workload's JWT is read, fresh for every grant (platforms rotate it).
    public enum Source: Equatable, Sendable, CustomStringConvertible {
        /// A file, such as a Kubernetes projected service-account token.
        case file(String)
        /// An environment variable.
        case environment(String)
        /// A command's standard output (run without a shell), such as a cloud CLI's identity token.
        case command([String])

        /// Where the token comes from, for display; never the token.
        public var description: String {
            switch self {
            case .file(let path): "file \(path)"
            case .environment(let name): "env $\(name)"
            case .command(let arguments): "command \(arguments.first ?? "")"
            }
        }
    }

    /// Where the JWT comes from.
    public var assertion: Source
    /// The client id to send, where the authorization server wants one (authentication `none`).
    public var clientId: String?
    /// Scopes to request.
    public var scopes: [String] = []
    /// The token endpoint; when nil, found through the server's metadata.
    public var tokenURL: String?
    /// The authorization server's issuer, when neither `tokenURL` nor PRM names it.
    public var issuer: String?
    /// Whether to send the RFC 8707 `resource` parameter.
    public var sendResource: Bool = true

    /// Creates workload-identity settings.
    public init(assertion: Source, clientId: String? = nil, scopes: [String] = [], tokenURL: String? = nil, issuer: String? = nil,
                sendResource: Bool = true) {
        self.assertion = assertion
        self.clientId = clientId
        self.scopes = scopes
        self.tokenURL = tokenURL
        self.issuer = issuer
        self.sendResource = sendResource
    }
}
