import Foundation

/// The outcome of a successful login or token request, with no secret in it.
public struct LoginReport: Codable, Equatable, Sendable {
    /// The server.
    public var server: String
    /// The account.
    public var account: String
    /// How the token was obtained.
    public var grant: Grant
    /// The authorization server's issuer, when known.
    public var issuer: String?
    /// How the client id was obtained.
    public var client: String?
    /// Who the token identifies, when known (email or subject).
    public var subject: String?
    /// The granted scopes.
    public var scopes: String?
    /// When the access token expires.
    public var expiresAt: Date?
    /// Whether a refresh token is held.
    public var refreshable: Bool
    /// Scopes asked for (a step-up included) that the authorization server did not grant.
    public var notGranted: [String] = []
    /// What the login did differently from what the config asked, said once.
    public var warnings: [String] = []

    /// One line for the terminal, the same on both faces: what happened, as whom, until when.
    public var summary: String {
        var parts = ["\(server): \(grant.outcome)"]
        if let subject { parts.append("as \(subject)") }
        if account != SecretAddress.defaultAccount { parts.append("(account \(account))") }
        var line = parts.joined(separator: " ")
        if let expiresAt { line += "; token \(ExpiryText.describe(expiresAt))" }
        if let scopes, !scopes.isEmpty { line += "; scopes \(scopes)" }
        line += refreshable ? "; refreshable" : "; no refresh token"
        return line
    }
}
