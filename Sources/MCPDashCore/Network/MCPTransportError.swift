import Foundation

/// Why talking to an MCP server failed, with what triage needs and never a secret.
public struct MCPTransportError: Error, Equatable, Sendable, UserFacingError {
    /// What kind of failure it was.
    public enum Kind: Equatable, Sendable {
        /// The server answered with an HTTP error status.
        case httpStatus(Int)
        /// The server could not be reached (refused, DNS, TLS…).
        case unreachable
        /// No answer within the timeout.
        case timeout
        /// The server's answer was not valid MCP (wrong content type, garbage, no endpoint event).
        case protocolViolation
        /// A credential could not be produced (missing keyring item, unset variable).
        case credentialUnavailable
        /// mcpdash refused to send a credential (wrong origin, plain http to a remote host).
        case refused
        /// A stdio server's process failed to start or exited.
        case processFailed
    }

    /// The kind of failure.
    public let kind: Kind
    /// The server's config name.
    public let server: String
    /// The URL (or command) involved.
    public let url: String
    /// The `WWW-Authenticate` values of the response, when there was one.
    public let challenges: [String]
    /// The response's `Date` header, for clock-skew checks.
    public let serverDate: String?
    /// A one-line description, redacted.
    public let message: String

    /// A specific remedy that replaces the kind's general hint.
    public let remedy: String?

    /// Creates an error; `message` is redacted.
    public init(_ kind: Kind, server: String, url: String, challenges: [String] = [], serverDate: String? = nil, message: String,
                remedy: String? = nil) {
        self.remedy = remedy
        self.kind = kind
        self.server = server
        self.url = url
        self.challenges = challenges.map(SecretRedactor.shared.redact)
        self.serverDate = serverDate
        self.message = SecretRedactor.shared.redact(message)
    }

    /// The HTTP status, when the failure was one.
    public var httpStatus: Int? {
        if case .httpStatus(let status) = kind { return status }
        return nil
    }

    /// One line: server, URL, status and message.
    public var summary: String {
        let status = httpStatus.map { "HTTP \($0): " } ?? ""
        return "\(server) (\(url)): \(status)\(message)"
    }

    /// What to do about it.
    public var hint: String? {
        if let remedy { return remedy }
        return switch kind {
        case .httpStatus(401), .httpStatus(403): "run `mcpdash diagnose \(server)` to see why the server refused"
        case .httpStatus: nil
        case .unreachable, .timeout: "check that the server is running and the URL is right (`mcpdash list`)"
        case .protocolViolation: "check that the URL is the server's MCP endpoint and the transport type is right"
        case .credentialUnavailable: "store the secret (see docs/keyring.md) or set the variable the config names"
        case .refused: "credentials go only to the server's own origin, over https unless the host is loopback"
        case .processFailed: "check the command, its arguments and its working directory"
        }
    }
}
