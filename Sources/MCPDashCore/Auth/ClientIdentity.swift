import Foundation

/// The OAuth client mcpdash acts as at one authorization server, and how it authenticates there.
public struct ClientIdentity: Sendable, Equatable {
    /// The client id (a URL for a Client ID Metadata Document).
    public let clientId: String
    /// The client secret, for confidential clients.
    public let secret: String?
    /// How the client authenticates at the token endpoint.
    public let method: ClientAuthMethod
    /// How the id was obtained.
    public let kind: ClientRegistration.Kind

    /// Creates an identity.
    public init(clientId: String, secret: String?, method: ClientAuthMethod, kind: ClientRegistration.Kind) {
        self.clientId = clientId
        self.secret = secret
        self.method = method
        self.kind = kind
        if let secret { SecretRedactor.shared.remember(secret) }
    }

    /// Adds this client's authentication to a token-endpoint request (RFC 6749 §2.3.1).
    public func authenticate(fields: inout [(String, String)], headers: inout [(String, String)]) {
        switch method {
        case .clientSecretBasic where secret != nil:
            let pair = "\(OAuthHTTP.formEscape(clientId)):\(OAuthHTTP.formEscape(secret ?? ""))"
            headers.append(("Authorization", "Basic \(Data(pair.utf8).base64EncodedString())"))
        case .clientSecretPost where secret != nil:
            fields.append(("client_id", clientId))
            fields.append(("client_secret", secret ?? ""))
        default:
            fields.append(("client_id", clientId))
        }
    }
}
