/// One challenge of a `WWW-Authenticate` header: a scheme with a token68 or parameters.
///
/// RFC 9110 §11.6.1; the Bearer parameters are those of RFC 6750 §3 and RFC 9728 §5.1.
public struct WWWAuthenticateChallenge: Equatable, Sendable, Codable {
    /// One `name=value` parameter; names are lower-cased (they are case-insensitive).
    public struct Parameter: Equatable, Sendable, Codable {
        /// The parameter's name, lower-cased.
        public let name: String
        /// Its value, unquoted and unescaped.
        public let value: String

        /// Creates a parameter.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The auth scheme as sent (`Bearer`, `Basic`, `DPoP`…); compare case-insensitively.
    public let scheme: String
    /// The token68 form's value, when the challenge used it.
    public let token68: String?
    /// The parameters in the order they were sent, unknown ones included.
    public let parameters: [Parameter]

    /// Creates a challenge.
    public init(scheme: String, token68: String? = nil, parameters: [Parameter] = []) {
        self.scheme = scheme
        self.token68 = token68
        self.parameters = parameters
    }

    /// The first value of parameter `name` (case-insensitive).
    public subscript(_ name: String) -> String? {
        let lowered = name.lowercased()
        return parameters.first { $0.name == lowered }?.value
    }

    /// Whether the scheme is `scheme`, ignoring case.
    public func isScheme(_ scheme: String) -> Bool {
        self.scheme.lowercased() == scheme.lowercased()
    }

    /// RFC 6750 `error`: `invalid_request`, `invalid_token` or `insufficient_scope`.
    public var error: String? { self["error"] }
    /// RFC 6750 `error_description`.
    public var errorDescription: String? { self["error_description"] }
    /// The scopes the server asks for (RFC 6750 `scope`, space-separated).
    public var scopes: [String] { self["scope"]?.split(separator: " " as Character).map(String.init) ?? [] }
    /// RFC 9728 `resource_metadata`: the URL of the Protected Resource Metadata.
    public var resourceMetadata: String? { self["resource_metadata"] }
    /// The `realm`.
    public var realm: String? { self["realm"] }
}
