import Foundation
import GRDB

/// A client identity at one authorization server, keyed by its issuer and never reused with another.
///
/// The client secret, when there is one, lives in the secret store under the issuer.
public struct ClientRegistration: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord, StoredRow {
    /// Dates as `StoredDate` writes them: GRDB's text, without ICU.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredDate.encoding }
    /// Dates as `StoredDate` reads them: by arithmetic, without ICU.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredDate.decoding }

    public static let databaseTableName = "client_registrations"

    /// How the client id was obtained, in the spec's order of preference.
    public enum Kind: String, Codable, Sendable {
        /// Configured by the operator.
        case preRegistered = "static"
        /// A Client ID Metadata Document URL.
        case metadataDocument = "cimd"
        /// Dynamic Client Registration (RFC 7591).
        case dynamic = "dcr"
    }

    /// The authorization server's issuer, exactly as its metadata states it.
    public var issuer: String
    /// The client id.
    public var clientId: String
    /// How it was obtained.
    public var kind: Kind
    /// The redirect URIs registered, newline-separated.
    public var redirectURIs: String
    /// The token endpoint auth method agreed at registration.
    public var tokenEndpointAuthMethod: String?
    /// When the registration was made.
    public var registeredAt: Date
    /// When the client secret expires, if the server said so.
    public var clientSecretExpiresAt: Date?
    /// The server that first needed this registration (for display only; the key is the issuer).
    public var server: String?
    /// The scopes registered (space-separated); a login needing more registers again.
    public var scope: String? = nil

    /// The columns `rowValues` gives, in its order.
    static let columnNames = ["issuer", "clientId", "kind", "redirectURIs", "tokenEndpointAuthMethod", "registeredAt",
                              "clientSecretExpiresAt", "server", "scope"]

    /// The values in `columnNames` order.
    var rowValues: [DatabaseValue] {
        [issuer.databaseValue, clientId.databaseValue, kind.rawValue.databaseValue, redirectURIs.databaseValue,
         tokenEndpointAuthMethod.databaseValue, StoredDate.text(registeredAt).databaseValue,
         clientSecretExpiresAt.map(StoredDate.text).databaseValue, server.databaseValue, scope.databaseValue]
    }

    /// GRDB writes `rowValues` too.
    public func encode(to container: inout PersistenceContainer) {
        container.set(Self.columnNames, to: rowValues)
    }

    /// Creates a registration record.
    public init(issuer: String, clientId: String, kind: Kind, redirectURIs: [String], tokenEndpointAuthMethod: String? = nil,
                registeredAt: Date, clientSecretExpiresAt: Date? = nil, server: String? = nil) {
        self.issuer = issuer
        self.clientId = clientId
        self.kind = kind
        self.redirectURIs = redirectURIs.joined(separator: "\n")
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.registeredAt = registeredAt
        self.clientSecretExpiresAt = clientSecretExpiresAt
        self.server = server
    }
}
